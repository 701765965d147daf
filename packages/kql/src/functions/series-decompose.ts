/**
 * Time-series decomposition and anomaly scoring: series_outliers, series_periods_detect,
 * series_decompose, series_decompose_anomalies, series_decompose_forecast, series_fit_2lines
 * (and its _dynamic form). The tuple-valued ones return their elements as an array in
 * Kusto.Language's column order; the planner splits it into columns.
 *
 * What the pages state, and this follows:
 * - series_outliers: Tukey's test on the inter-percentile range, 10th–90th ("ctukey", the
 *   default, percentiles adjustable in [2, 98]) or 25th–75th ("tukey"); a score above 1.5 is a
 *   rise anomaly, below −1.5 a decline; nulls and `ignore_val` score 0. The score of x is
 *   (x − Q_hi) / IQR above the range, (x − Q_lo) / IQR below it, 0 inside: so 1.5 is exactly
 *   Tukey's fence Q_hi + 1.5·IQR.
 * - series_decompose: seasonal = the median of the training points of the same phase (0 when no
 *   period); trend = average or least-squares line of the deseasonalised training points, or 0
 *   (`none`); baseline = seasonal + trend; residual = x − baseline. Test points (the last
 *   Test_points) are left out of the learning and get the extrapolated baseline.
 * - series_decompose_anomalies: ad_score = series_outliers of the residual (by AD_method),
 *   ad_flag = +1 / −1 / 0 by the threshold (1.5).
 * - series_decompose_forecast: series_decompose with the last Points as test points, trend
 *   `linefit` by default.
 *
 * Chosen where the pages are silent: percentiles interpolate linearly between order statistics;
 * an IQR of 0 (or of rounding size) scores a point outside the range by its distance (÷1), not
 * infinity;
 * period detection (series_periods_detect and Seasonality = −1) scores each candidate period by
 * the rank correlation of the series with itself shifted by it (robust to the outliers the
 * decomposition is after), keeps local maxima, prefers a period to its multiples; series_fit_2lines tries every split that leaves two points a side (in one
 * pass, with running sums), keeps the one with the least squared residual, and reports split_idx as the right line's first index.
 */
import type { Json, Value } from "../types.js";
import { workMeter } from "./budget.js";
import { numberConv, scalar, stringConv } from "./define.js";
import type { CallSite, ScalarFunction } from "./registry-types.js";
import { numbers } from "./series.js";

type Series = (number | null)[];

function finite(xs: Series): number[] {
  return xs.filter((x): x is number => x !== null && Number.isFinite(x));
}

/** The p-th percentile (0–100) of sorted values, linear between order statistics. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 1) return sorted[0]!;
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Tukey scores of a series (see the file comment). */
export function outlierScores(xs: Series, kind: string, ignore: number | null, lowP: number, highP: number): number[] {
  const usable = (x: number | null): x is number => x !== null && Number.isFinite(x) && x !== ignore;
  const sorted = xs.filter(usable).sort((a, b) => a - b);
  if (sorted.length === 0) return xs.map(() => 0);
  const [pl, ph] = kind === "tukey" ? [25, 75] : [lowP, highP];
  const qlo = percentile(sorted, pl);
  const qhi = percentile(sorted, ph);
  // A range that is zero but for rounding (residuals of an exactly periodic series) counts as zero.
  const width = qhi - qlo;
  const iqr = width <= 1e-9 * Math.max(1, Math.abs(qhi), Math.abs(qlo)) ? 1 : width;
  return xs.map((x) => (!usable(x) ? 0 : x > qhi ? (x - qhi) / iqr : x < qlo ? (x - qlo) / iqr : 0));
}

/** Ranks (1-based, ties averaged) of the values. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation of two equally long arrays (0 when either is constant). */
function correlation(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

/** How well the series repeats itself after `lag` points: the rank correlation of x[i] and
 *  x[i + lag] (ranks, so that the very outliers being looked for do not hide the period). */
function lagScore(xs: readonly number[], lag: number): number {
  return correlation(ranks(xs.slice(0, xs.length - lag)), ranks(xs.slice(lag)));
}

/**
 * Candidate periods by score, best first: local maxima of the lag score in [min, max]. A period
 * whose divisor scores nearly as well (a multiple of the true period repeats too) yields to it.
 */
export function detectPeriods(xs: Series, minPeriod: number, maxPeriod: number, count: number, spend: (units?: number) => void = () => {}): { periods: number[]; scores: number[] } {
  const ys = xs.map((x) => (x === null || !Number.isFinite(x) ? 0 : x));
  const hi = Math.min(Math.floor(maxPeriod), Math.floor(ys.length / 2));
  const lo = Math.max(2, Math.ceil(minPeriod));
  const score = new Map<number, number>();
  for (let lag = lo - 1; lag <= hi + 1; lag++) {
    if (lag < 1 || lag >= ys.length - 1) continue;
    // Each lag ranks the whole series: a long series with a wide range is a long search (WQ050).
    spend(ys.length);
    score.set(lag, lagScore(ys, lag));
  }
  const found: [number, number][] = [];
  for (let lag = lo; lag <= hi; lag++) {
    const r = score.get(lag) ?? 0;
    if (r > 0 && r >= (score.get(lag - 1) ?? Number.NEGATIVE_INFINITY) && r >= (score.get(lag + 1) ?? Number.NEGATIVE_INFINITY)) found.push([lag, r]);
  }
  const rank = (p: [number, number]) => {
    const divisor = found.find(([d, r]) => d < p[0] && p[0] % d === 0 && r >= 0.95 * p[1]);
    return divisor === undefined ? p[1] : p[1] - 1;
  };
  found.sort((a, b) => rank(b) - rank(a) || a[0] - b[0]);
  const best = found.slice(0, Math.max(0, Math.floor(count)));
  return { periods: best.map(([p]) => p), scores: best.map(([, s]) => Math.min(1, s)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Least-squares line of (i, y) over the given points: [slope, intercept]. */
function line(points: readonly (readonly [number, number])[]): [number, number] {
  const n = points.length;
  if (n === 0) return [0, 0];
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return [slope, my - slope * mx];
}

export interface Decomposition {
  readonly baseline: number[];
  readonly seasonal: number[];
  readonly trend: number[];
  readonly residual: (number | null)[];
}

export function decompose(xs: Series, seasonality: number, trend: string, testPoints: number, threshold: number, spend?: (units?: number) => void): Decomposition {
  const n = xs.length;
  const trainEnd = Math.max(0, n - Math.max(0, Math.floor(testPoints)));
  const train = xs.slice(0, trainEnd);
  let period = Math.floor(seasonality);
  if (period < 0) {
    const d = detectPeriods(train, 4, Math.floor(train.length / 2), 1, spend);
    period = d.periods.length > 0 && d.scores[0]! >= threshold ? d.periods[0]! : 0;
  }
  const seasonal = new Array<number>(n).fill(0);
  // A period longer than the training points has no phase seen twice: no seasonal component.
  if (period > 1 && period <= train.length) {
    const phases: number[][] = Array.from({ length: period }, () => []);
    train.forEach((x, i) => {
      if (x !== null && Number.isFinite(x)) phases[i % period]!.push(x);
    });
    const level = phases.map((p) => (p.length === 0 ? 0 : median(p)));
    for (let i = 0; i < n; i++) seasonal[i] = level[i % period]!;
  }
  const points = train.flatMap((x, i) => (x === null || !Number.isFinite(x) ? [] : [[i, x - seasonal[i]!] as const]));
  const trendValues = new Array<number>(n).fill(0);
  if (trend === "avg" && points.length > 0) trendValues.fill(points.reduce((s, [, y]) => s + y, 0) / points.length);
  else if (trend === "linefit") {
    const [slope, intercept] = line(points);
    for (let i = 0; i < n; i++) trendValues[i] = intercept + slope * i;
  }
  const baseline = seasonal.map((s, i) => s + trendValues[i]!);
  const residual = xs.map((x, i) => (x === null ? null : x - baseline[i]!));
  return { baseline, seasonal, trend: trendValues, residual };
}

/** Argument i as a number, or the default when absent or null. */
function numArg(site: CallSite, i: number): (args: readonly Value[], dflt: number) => number {
  const conv = numberConv(site.argTypes[i] ?? "real");
  return (args, dflt) => (args.length > i && args[i] !== null ? (conv(args[i]!) ?? dflt) : dflt);
}

function strArg(site: CallSite, i: number): (args: readonly Value[], dflt: string) => string {
  const conv = stringConv(site.argTypes[i] ?? "string");
  return (args, dflt) => {
    const s = args.length > i && args[i] !== null ? conv(args[i]!).trim().toLowerCase() : "";
    return s === "" ? dflt : s;
  };
}

const seriesOf = (v: Value | undefined): Series | null => numbers(v ?? null);

const outliers = scalar("series_outliers", "series", (site) => {
  const [kind, ignore, lo, hi] = [strArg(site, 1), numArg(site, 2), numArg(site, 3), numArg(site, 4)];
  return (args) => {
    const xs = seriesOf(args[0]);
    if (xs === null) return null;
    const ig = args.length > 2 && args[2] !== null ? ignore(args, Number.NaN) : null;
    return outlierScores(xs, kind(args, "ctukey"), ig, lo(args, 10), hi(args, 90));
  };
});

const periodsDetect = scalar("series_periods_detect", "series", (site) => {
  const [lo, hi, count] = [numArg(site, 1), numArg(site, 2), numArg(site, 3)];
  return (args) => {
    const xs = seriesOf(args[0]);
    if (xs === null) return [null, null];
    const d = detectPeriods(xs, lo(args, 4), hi(args, xs.length), count(args, 1), workMeter(site));
    return [d.periods, d.scores];
  };
});

/** series_decompose(Series, Seasonality = -1, Trend = 'avg', Test_points = 0, Seasonality_threshold = 0.6). */
const decomposeFn = scalar("series_decompose", "series", (site) => {
  const [season, trend, test, thr] = [numArg(site, 1), strArg(site, 2), numArg(site, 3), numArg(site, 4)];
  return (args) => {
    const xs = seriesOf(args[0]);
    if (xs === null) return [null, null, null, null];
    const d = decompose(xs, season(args, -1), trend(args, "avg"), test(args, 0), thr(args, 0.6), workMeter(site));
    return [d.baseline, d.seasonal, d.trend, d.residual as Json];
  };
});

/** series_decompose_forecast(Series, Points, Seasonality = -1, Trend = 'linefit', Seasonality_threshold = 0.6). */
const forecast = scalar("series_decompose_forecast", "series", (site) => {
  const [points, season, trend, thr] = [numArg(site, 1), numArg(site, 2), strArg(site, 3), numArg(site, 4)];
  return (args) => {
    const xs = seriesOf(args[0]);
    if (xs === null) return [null, null, null, null];
    const d = decompose(xs, season(args, -1), trend(args, "linefit"), points(args, 0), thr(args, 0.6), workMeter(site));
    return [d.baseline, d.seasonal, d.trend, d.residual as Json];
  };
});

/** series_decompose_anomalies(Series, Threshold = 1.5, Seasonality = -1, Trend = 'avg', Test_points = 0, AD_method = 'ctukey', Seasonality_threshold = 0.6). */
const anomalies = scalar("series_decompose_anomalies", "series", (site) => {
  const [k, season, trend, test, method, thr] = [numArg(site, 1), numArg(site, 2), strArg(site, 3), numArg(site, 4), strArg(site, 5), numArg(site, 6)];
  return (args) => {
    const xs = seriesOf(args[0]);
    if (xs === null) return [null, null, null];
    const threshold = k(args, 1.5);
    const d = decompose(xs, season(args, -1), trend(args, "avg"), test(args, 0), thr(args, 0.6), workMeter(site));
    const scores = outlierScores(d.residual, method(args, "ctukey"), null, 10, 90);
    const flags = scores.map((s) => (s > threshold ? 1 : s < -threshold ? -1 : 0));
    return [flags, scores, d.baseline];
  };
});

interface Piece {
  readonly rsquare: number;
  readonly slope: number;
  readonly interception: number;
  readonly variance: number;
  readonly rvariance: number;
  readonly ssr: number;
}

/** The least-squares line of the points (x = position + 1, as series_fit_line numbers them). */
function piece(points: readonly (readonly [number, number])[]): Piece {
  const [slope, interception] = line(points);
  const n = points.length;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sst = points.reduce((s, [, y]) => s + (y - my) ** 2, 0);
  const ssr = points.reduce((s, [x, y]) => s + (y - (interception + slope * x)) ** 2, 0);
  return { rsquare: ssr === 0 ? 1 : 1 - ssr / sst, slope, interception, variance: sst / (n - 1), rvariance: ssr / (n - 1), ssr };
}

const FIT2_KEYS = ["rsquare", "split_idx", "variance", "rvariance", "line_fit", "right_rsquare", "right_slope", "right_interception", "right_variance", "right_rvariance", "left_rsquare", "left_slope", "left_interception", "left_variance", "left_rvariance"] as const;

/**
 * Running least-squares moments of points added one at a time (Welford's update: centred, so no
 * cancellation on long series or large x), and the squared residual of their line.
 */
class Moments {
  n = 0;
  mx = 0;
  my = 0;
  cxx = 0;
  cxy = 0;
  cyy = 0;

  add(x: number, y: number): void {
    this.n++;
    const dx = x - this.mx;
    const dy = y - this.my;
    this.mx += dx / this.n;
    this.my += dy / this.n;
    this.cxx += dx * (x - this.mx);
    this.cxy += dx * (y - this.my);
    this.cyy += dy * (y - this.my);
  }

  /** Σ(y − line)²: what the least-squares line leaves (as `line`, a slope of 0 when x is constant). */
  ssr(): number {
    return this.cxx === 0 ? this.cyy : Math.max(0, this.cyy - (this.cxy * this.cxy) / this.cxx);
  }
}

/**
 * The split k (left = pts[0, k), right = pts[k, n)) with the least total squared residual, in
 * O(n): the right sides' residuals from one pass from the end, the left sides' from one from the
 * start. A split must beat the best so far by more than rounding, so that an exact tie (a
 * straight line fits every split) keeps the first, as comparing each split's own fit did.
 */
function bestSplit(pts: readonly (readonly [number, number])[], spend: (units?: number) => void): number {
  const n = pts.length;
  const rightSsr = new Float64Array(n + 1);
  const right = new Moments();
  for (let k = n - 1; k >= 2; k--) {
    right.add(pts[k]![0], pts[k]![1]);
    rightSsr[k] = right.ssr();
    spend();
  }
  const left = new Moments();
  left.add(pts[0]![0], pts[0]![1]);
  let best = -1;
  let bestSsr = Number.POSITIVE_INFINITY;
  const scale = total(pts);
  for (let k = 2; k <= n - 2; k++) {
    left.add(pts[k - 1]![0], pts[k - 1]![1]);
    const ssr = left.ssr() + rightSsr[k]!;
    if (best < 0 || ssr < bestSsr - 1e-12 * scale) [best, bestSsr] = [k, ssr];
    spend();
  }
  return best;
}

/** Σ(y − mean)² of all the points: the scale rounding errors of the residuals are relative to. */
function total(pts: readonly (readonly [number, number])[]): number {
  const all = new Moments();
  for (const [x, y] of pts) all.add(x, y);
  return all.cyy;
}

function fitTwoLines(v: Value, spend: (units?: number) => void): Record<(typeof FIT2_KEYS)[number], Json> | null {
  const ys = numbers(v);
  if (ys === null) return null;
  const pts = ys.flatMap((y, i) => (y === null || !Number.isFinite(y) ? [] : [[i + 1, y] as const]));
  if (pts.length < 4) return null;
  const k = bestSplit(pts, spend);
  // The chosen split's lines and statistics, computed directly from its points (two-pass).
  const left = piece(pts.slice(0, k));
  const right = piece(pts.slice(k));
  const split = pts[k]![0] - 1;
  const all = finite(ys);
  const mean = all.reduce((s, y) => s + y, 0) / all.length;
  const sst = all.reduce((s, y) => s + (y - mean) ** 2, 0);
  const ssr = left.ssr + right.ssr;
  const lineFit = ys.map((_, i) => (i < split ? left.interception + left.slope * (i + 1) : right.interception + right.slope * (i + 1)));
  return {
    rsquare: ssr === 0 ? 1 : 1 - ssr / sst,
    split_idx: split,
    variance: sst / (all.length - 1),
    rvariance: ssr / (all.length - 1),
    line_fit: lineFit,
    right_rsquare: right.rsquare,
    right_slope: right.slope,
    right_interception: right.interception,
    right_variance: right.variance,
    right_rvariance: right.rvariance,
    left_rsquare: left.rsquare,
    left_slope: left.slope,
    left_interception: left.interception,
    left_variance: left.variance,
    left_rvariance: left.rvariance,
  };
}

const fit2 = scalar("series_fit_2lines", "series", (site) => (args) => {
  const f = fitTwoLines(args[0] ?? null, workMeter(site));
  return FIT2_KEYS.map((key) => (f === null ? null : f[key]));
});

const fit2Dynamic = scalar("series_fit_2lines_dynamic", "series", (site) => (args) => fitTwoLines(args[0] ?? null, workMeter(site)) as Json);

export const seriesDecomposeFunctions: readonly ScalarFunction[] = [outliers, periodsDetect, decomposeFn, forecast, anomalies, fit2, fit2Dynamic];
