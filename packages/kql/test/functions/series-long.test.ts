/**
 * Series functions over long series: series_fit_2lines finds its split in one pass, and the
 * Fourier transforms run in O(n log n); both give what the direct definitions give (checked here
 * against a naive reference on pseudo-random series), and a 100,000-element series is a result.
 * Functions whose work still grows faster than their input (a long FIR filter, a period search)
 * stop at the query's time limit with WQ050 at their call, rather than hang.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog, runQuery } from "../../src/index.js";
import { rows } from "../support.js";

const one = (q: string) => rows(q)[0]!;
const dyn = (xs: readonly number[]) => `dynamic(${JSON.stringify(xs)})`;

/** A deterministic pseudo-random series (an LCG), rounded to 3 decimals. */
function series(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return Math.round((s / 2 ** 31) * 100_000) / 1000;
  });
}

/** The reference: every split fitted on its own (the definition on the function's page). */
function naiveSplit(ys: readonly number[]): number {
  const ssr = (pts: [number, number][]) => {
    const n = pts.length;
    const mx = pts.reduce((a, [x]) => a + x, 0) / n;
    const my = pts.reduce((a, [, y]) => a + y, 0) / n;
    let sxy = 0;
    let sxx = 0;
    for (const [x, y] of pts) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
    }
    const slope = sxx === 0 ? 0 : sxy / sxx;
    return pts.reduce((a, [x, y]) => a + (y - (my - slope * mx + slope * x)) ** 2, 0);
  };
  const pts = ys.map((y, i) => [i + 1, y] as [number, number]);
  let best = -1;
  let bestSsr = Number.POSITIVE_INFINITY;
  for (let k = 2; k <= pts.length - 2; k++) {
    const s = ssr(pts.slice(0, k)) + ssr(pts.slice(k));
    if (s < bestSsr) [best, bestSsr] = [k, s];
  }
  return best;
}

function naiveDft(re: readonly number[], im: readonly number[], inverse: boolean): [number[], number[]] {
  const n = re.length;
  const sign = inverse ? 1 : -1;
  const out: [number[], number[]] = [[], []];
  for (let k = 0; k < n; k++) {
    let [sr, si] = [0, 0];
    for (let t = 0; t < n; t++) {
      const angle = (sign * 2 * Math.PI * ((k * t) % n)) / n;
      sr += re[t]! * Math.cos(angle) - im[t]! * Math.sin(angle);
      si += re[t]! * Math.sin(angle) + im[t]! * Math.cos(angle);
    }
    out[0].push(inverse ? sr / n : sr);
    out[1].push(inverse ? si / n : si);
  }
  return out;
}

function close(actual: readonly number[], expected: readonly number[], tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

describe("series_fit_2lines in one pass", () => {
  const cases: [string, number[]][] = [
    ["random, 12 points", series(12, 1)],
    ["random, 57 points", series(57, 2)],
    ["random, 200 points", series(200, 3)],
    ["a step", [...Array(30).fill(5), ...Array(31).fill(40)]],
    ["a ramp then a plateau", [...Array.from({ length: 40 }, (_, i) => i * 2.5), ...Array(25).fill(100)]],
    ["the page's example", [1, 2.2, 2.5, 4.7, 5.0, 12, 10.3, 10.3, 9, 8.3, 6.2]],
  ];
  for (const [name, ys] of cases)
    test(`${name}: the split of the direct definition`, () => {
      const bag = one(`print series_fit_2lines_dynamic(${dyn(ys)})`)[0] as Record<string, number>;
      assert.equal(bag.split_idx, naiveSplit(ys), "split_idx");
    });

  test("a straight line: every split fits exactly, the first is kept", () => {
    const bag = one(`print series_fit_2lines_dynamic(${dyn(Array.from({ length: 50 }, (_, i) => 3 * i + 1))})`)[0] as Record<string, number>;
    assert.equal(bag.split_idx, 2);
    assert.equal(bag.rsquare, 1);
  });

  test("print series_fit_2lines(range(1, 100000)) is a result (it hung the fuzz test)", () => {
    // A one-column print keeps the first of the tuple: rsquare.
    assert.deepEqual(one("print r = series_fit_2lines(range(1, 100000))"), [1]);
    const bag = one("print r = series_fit_2lines_dynamic(range(1, 100000))")[0] as Record<string, number | number[]>;
    assert.equal(bag.split_idx, 2);
    assert.equal((bag.line_fit as number[]).length, 100_000);
  });
});

describe("series_fft / series_ifft in O(n log n)", () => {
  for (const n of [1, 2, 3, 5, 7, 8, 12, 16, 31, 64, 100]) {
    test(`length ${n}: the direct DFT's values, forward and inverse`, () => {
      const re = series(n, n);
      const im = series(n, n + 1000);
      const [fr, fi] = one(`print x = ${dyn(re)}, y = ${dyn(im)} | project series_fft(x, y)`) as [number[], number[]];
      const [er, ei] = naiveDft(re, im, false);
      const tol = 1e-9 * Math.max(1, ...er.map(Math.abs), ...ei.map(Math.abs));
      close(fr, er, tol, "re");
      close(fi, ei, tol, "im");
      const [ir, ii] = one(`print x = ${dyn(re)}, y = ${dyn(im)} | project series_ifft(x, y)`) as [number[], number[]];
      const [jr, ji] = naiveDft(re, im, true);
      close(ir, jr, tol, "inverse re");
      close(ii, ji, tol, "inverse im");
    });
  }

  test("a 100,000-element series and back (not a power of two)", () => {
    const [x2] = one("print x = range(1, 100000) | extend (re, im) = series_fft(x) | extend (x2, im2) = series_ifft(re, im) | project x2") as [number[]];
    assert.equal(x2.length, 100_000);
    assert.ok(Math.abs(x2[0]! - 1) < 1e-6 && Math.abs(x2[99_999]! - 100_000) < 1e-6, `${x2[0]} … ${x2[99_999]}`);
  });
});

describe("slow series functions stop at the time limit", () => {
  // Each does about 1e10 steps: far past the 100 ms limit, so WQ050 is certain, at the call.
  const cases: [string, string][] = [
    ["series_fir with a long filter", "print r = series_fir(range(1, 100000), range(1, 100000), false)"],
    ["series_iir with long coefficients", "print r = series_iir(range(1, 100000), range(1, 100000), range(1, 100000))"],
    ["series_periods_detect over a long range", "print r = series_periods_detect(range(1, 200000), 2, 100000, 2)"],
    ["series_decompose detecting a period", "print r = series_decompose(range(1, 200000))"],
  ];
  for (const [name, q] of cases)
    test(name, () => {
      const r = runQuery(q, new Catalog(), { now: 0, limits: { timeoutMs: 100 } });
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(
        errors.map((d) => d.code),
        ["WQ050"],
      );
      const span = errors[0]!.span!;
      assert.match(q.slice(span.start, span.start + span.length), /^series_\w+\(/);
    });
});
