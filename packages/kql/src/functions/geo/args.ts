/** Argument handling shared by the geospatial functions. */
import type { Json, Value } from "../../types.js";
import { numberConv, scalar } from "../define.js";
import type { CallSite, RowKernel, ScalarFunction } from "../registry-types.js";
import { type Coord, validCoord } from "./geojson.js";

export function geo(name: string, bind: (site: CallSite) => RowKernel): ScalarFunction {
  return scalar(name, "geospatial", bind);
}

/** Number readers for each argument. */
export function numbers(site: CallSite): ((args: readonly Value[], i: number) => number | null)[] {
  return site.argTypes.map((t) => {
    const c = numberConv(t);
    return (args: readonly Value[], i: number) => c(args[i] ?? null);
  });
}

/** The number argument i (or `dflt` when the call leaves it out); null when it does not convert. */
export function numberArg(site: CallSite, i: number, dflt?: number): (args: readonly Value[]) => number | null {
  const c = numberConv(site.argTypes[i] ?? "real");
  return (args) => (i >= args.length ? (dflt ?? null) : c(args[i] ?? null));
}

/** Arguments i and i+1 as a valid [lng, lat], else null. */
export function coordArgs(site: CallSite, i: number): (args: readonly Value[]) => Coord | null {
  const x = numberArg(site, i);
  const y = numberArg(site, i + 1);
  return (args) => {
    const lng = x(args);
    const lat = y(args);
    return lng === null || lat === null || !validCoord(lng, lat) ? null : [lng, lat];
  };
}

/** A GeoJSON argument: dynamic as is; text parsed as JSON. */
export function geoValue(v: Value): Value {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as Json;
  } catch {
    return null;
  }
}
