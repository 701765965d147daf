/**
 * series_outliers, series_periods_detect, series_decompose, series_decompose_anomalies,
 * series_decompose_forecast, series_fit_2lines: against what their pages state (see the
 * header of functions/series-decompose.ts) on series whose answer follows from it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rows } from "../support.js";

/** A weekly-shaped series: period 7, no trend, `spikes` added at the given indexes. */
function weekly(weeks: number, spikes: Record<number, number> = {}): number[] {
  const shape = [10, 12, 14, 13, 11, 4, 3];
  return Array.from({ length: weeks * 7 }, (_, i) => shape[i % 7]! + (spikes[i] ?? 0));
}

const one = (q: string) => rows(q)[0]!;
const dyn = (xs: number[]) => `dynamic(${JSON.stringify(xs)})`;

describe("series_outliers (Tukey's test)", () => {
  test("1.5 is Tukey's fence: Q3 + 1.5·IQR scores 1.5, inside the range 0, nulls 0", () => {
    // tukey: of [0..7, 12] Q1 = 2 and Q3 = 6 (25th / 75th), IQR 4: 12 → (12 − 6) / 4 = 1.5.
    const [s] = one("print series_outliers(dynamic([0,1,2,3,4,5,6,7,12,null]), 'tukey')") as [number[]];
    assert.deepEqual(s, [-0.5, -0.25, 0, 0, 0, 0, 0, 0.25, 1.5, 0]);
  });

  test("ctukey uses the 10th–90th percentiles; an ignored value scores 0", () => {
    const [s] = one("print series_outliers(dynamic([10,10,10,10,10,10,10,10,10,100,-5]), 'ctukey', -5)") as [number[]];
    assert.equal(s[10], 0);
    assert.ok(s[9]! > 1.5, `spike ${s[9]}`);
    assert.deepEqual(s.slice(0, 9), Array(9).fill(0));
  });
});

describe("series_periods_detect", () => {
  test("finds the period of a periodic series", () => {
    const [periods, scores] = one(`print series_periods_detect(${dyn(weekly(6))}, 2, 20, 1)`) as [number[], number[]];
    assert.deepEqual(periods, [7]);
    assert.ok(scores[0]! > 0.6 && scores[0]! <= 1);
  });
});

describe("series_decompose", () => {
  test("a weekly series with no trend: seasonal is the phase median, residual shows the spike", () => {
    const xs = weekly(5, { 17: 30 });
    const [baseline, seasonal, trend, residual] = one(`print series_decompose(${dyn(xs)})`) as number[][];
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    // Phase medians are the shape; the trend is the average of the deseasonalised series.
    assert.deepEqual(seasonal!.slice(0, 7), [10, 12, 14, 13, 11, 4, 3]);
    assert.ok(trend!.every((t) => Math.abs(t - (mean - 67 / 7)) < 1e-9));
    assert.ok(baseline!.every((b, i) => Math.abs(b - seasonal![i]! - trend![i]!) < 1e-9));
    assert.ok(Math.abs(residual![17]! - 30 + (mean - 67 / 7)) < 1e-9);
  });

  test("no seasonality, a line: linefit extrapolates over the test points", () => {
    const xs = [1, 3, 5, 7, 9, 0, 0];
    const [baseline, seasonal] = one(`print series_decompose(${dyn(xs)}, 0, 'linefit', 2)`) as number[][];
    assert.deepEqual(seasonal, Array(7).fill(0));
    assert.deepEqual(
      baseline!.map((b) => Math.round(b * 1e9) / 1e9),
      [1, 3, 5, 7, 9, 11, 13],
    );
  });

  test("neither seasonality nor trend: baseline 0 and residual x (the page's note)", () => {
    assert.deepEqual(one("print series_decompose(dynamic([1,2,3]), 0, 'none')"), [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [1, 2, 3],
    ]);
  });
});

describe("series_decompose_anomalies and series_decompose_forecast", () => {
  test("the spike added to a weekly series is the one anomaly, flagged up", () => {
    const xs = weekly(5, { 17: 30 });
    const [flags, scores, baseline] = one(`print series_decompose_anomalies(${dyn(xs)})`) as number[][];
    assert.deepEqual(
      flags!.flatMap((f, i) => (f !== 0 ? [[i, f]] : [])),
      [[17, 1]],
    );
    assert.ok(scores![17]! > 1.5);
    assert.equal(baseline!.length, xs.length);
  });

  test("a dip is flagged −1; a higher threshold flags nothing", () => {
    const xs = weekly(5, { 10: -40 });
    const [flags] = one(`print series_decompose_anomalies(${dyn(xs)}, 1.5, 7, 'avg')`) as number[][];
    assert.equal(flags![10], -1);
    const [none] = one(`print series_decompose_anomalies(${dyn(xs)}, 1000, 7)`) as number[][];
    assert.ok(none!.every((f) => f === 0));
  });

  test("forecast: the last points get the learnt seasonal pattern plus the trend line", () => {
    const xs = [...weekly(4), 0, 0, 0, 0, 0, 0, 0];
    const [baseline] = one(`print series_decompose_forecast(${dyn(xs)}, 7)`) as number[][];
    assert.deepEqual(
      baseline!.slice(28).map((b) => Math.round(b * 1e6) / 1e6),
      [10, 12, 14, 13, 11, 4, 3],
    );
  });
});

describe("series_fit_2lines", () => {
  test("two lines joined at a break: both fitted exactly, split at the right line's first index", () => {
    const r = one("print series_fit_2lines(dynamic([1,2,3,4,5,10,8,6,4,2]))") as unknown[];
    const [rsquare, split, , rvariance, lineFit] = r as [number, number, number, number, number[]];
    assert.equal(rsquare, 1);
    assert.equal(split, 5);
    assert.ok(Math.abs(rvariance) < 1e-12);
    assert.deepEqual(
      lineFit.map((v) => Math.round(v * 1e9) / 1e9),
      [1, 2, 3, 4, 5, 10, 8, 6, 4, 2],
    );
    assert.equal(r[6], -2); // right_slope
    assert.equal(r[11], 1); // left_slope
  });

  test("the _dynamic form returns the same values as a bag", () => {
    const [bag] = one("print series_fit_2lines_dynamic(dynamic([1,2,3,4,5,10,8,6,4,2]))") as [Record<string, number>];
    assert.equal(bag.split_idx, 5);
    assert.equal(bag.left_slope, 1);
  });
});
