/**
 * Series analysis: series_stats / series_stats_dynamic, series_fit_line / series_fit_line_dynamic
 * and series_fft / series_ifft. The tuple-valued ones (series_stats, series_fit_line, series_fft,
 * series_ifft) return their elements as an array, in Kusto.Language's column order; the planner
 * splits it into columns.
 *
 * Definitions (the pages' examples check them): variance and stdev are the sample ones (n − 1);
 * series_fit_line regresses on x = 1, 2, …, n (the page's line_fit starts at interception +
 * slope) and its rvariance is the residuals' Σr²/(n − 1). The transforms are the DFT (forward
 * e^(−2πikn/N), inverse scaled by 1/N), computed in O(n log n) by ./fourier.ts.
 *
 * Chosen where the pages are silent: missing (non-numeric) elements are left out of the
 * statistics and the fit (keeping their x), while the transforms need every element (else null);
 * a series with fewer than two numbers fits no line (null elements); a fit with no residual has
 * rsquare 1 even when the series is constant.
 */
import type { Json, Value } from "../types.js";
import { boolConv, scalar } from "./define.js";
import { dft } from "./fourier.js";
import type { ScalarFunction } from "./registry-types.js";
import { numbers } from "./series.js";

interface Stats {
  readonly min: number;
  readonly min_idx: number;
  readonly max: number;
  readonly max_idx: number;
  readonly avg: number;
  readonly stdev: number;
  readonly variance: number;
  readonly sum: number;
  readonly len: number;
}

/** Statistics of the finite elements, or null when non-finite ones are present and not ignored. */
function stats(v: Value, ignoreNonFinite: boolean): Stats | null {
  const xs = numbers(v);
  if (xs === null) return null;
  const present: [number, number][] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (typeof x === "number" && Number.isFinite(x)) present.push([x, i]);
    else if (!ignoreNonFinite) return null;
  }
  if (present.length === 0) return null;
  let [min, minIdx, max, maxIdx, sum] = [Number.POSITIVE_INFINITY, -1, Number.NEGATIVE_INFINITY, -1, 0];
  for (const [x, i] of present) {
    if (x < min) [min, minIdx] = [x, i];
    if (x > max) [max, maxIdx] = [x, i];
    sum += x;
  }
  const n = present.length;
  const avg = sum / n;
  const variance = n < 2 ? 0 : present.reduce((s, [x]) => s + (x - avg) ** 2, 0) / (n - 1);
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg, stdev: Math.sqrt(variance), variance, sum, len: xs.length };
}

interface LineFit {
  readonly rsquare: number;
  readonly slope: number;
  readonly variance: number;
  readonly rvariance: number;
  readonly interception: number;
  readonly line_fit: number[];
}

function fitLine(v: Value): LineFit | null {
  const ys = numbers(v);
  if (ys === null) return null;
  const pts = ys.flatMap((y, i) => (y === null ? [] : [[i + 1, y] as const]));
  const n = pts.length;
  if (n < 2) return null;
  const mx = pts.reduce((s, [x]) => s + x, 0) / n;
  const my = pts.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
    syy += (y - my) ** 2;
  }
  const slope = sxy / sxx;
  const interception = my - slope * mx;
  const ssr = pts.reduce((s, [x, y]) => s + (y - (interception + slope * x)) ** 2, 0);
  return {
    rsquare: ssr === 0 ? 1 : 1 - ssr / syy,
    slope,
    variance: syy / (n - 1),
    rvariance: ssr / (n - 1),
    interception,
    line_fit: ys.map((_, i) => interception + slope * (i + 1)),
  };
}

function complete(v: Value): number[] | null {
  const xs = numbers(v);
  return xs === null || xs.some((x) => x === null) ? null : (xs as number[]);
}

function transform(name: string, inverse: boolean): ScalarFunction {
  return scalar(name, "series", () => (args) => {
    const re = complete(args[0] ?? null);
    const im = args.length > 1 ? complete(args[1] ?? null) : re?.map(() => 0);
    if (re === null || im === null || im === undefined || im.length !== re.length) return [null, null];
    return dft(re, im, inverse);
  });
}

const STAT_KEYS = ["min", "min_idx", "max", "max_idx", "avg", "stdev", "variance"] as const;
const FIT_KEYS = ["rsquare", "slope", "variance", "rvariance", "interception", "line_fit"] as const;

function statsFunction(name: string, asBag: boolean): ScalarFunction {
  return scalar(name, "series", (site) => {
    const flag = boolConv(site.argTypes[1] ?? "bool");
    return (args) => {
      const s = stats(args[0] ?? null, args.length > 1 && flag(args[1] ?? null) === true);
      if (asBag) return s === null ? null : ({ ...s } as Json);
      return STAT_KEYS.map((k) => (s === null ? null : s[k]));
    };
  });
}

function fitFunction(name: string, asBag: boolean): ScalarFunction {
  return scalar(name, "series", () => (args) => {
    const f = fitLine(args[0] ?? null);
    if (asBag) return f === null ? null : ({ ...f } as Json);
    return FIT_KEYS.map((k) => (f === null ? null : (f[k] as Json)));
  });
}

export const seriesAnalysisFunctions: readonly ScalarFunction[] = [
  statsFunction("series_stats", false),
  statsFunction("series_stats_dynamic", true),
  fitFunction("series_fit_line", false),
  fitFunction("series_fit_line_dynamic", true),
  transform("series_fft", false),
  transform("series_ifft", true),
];
