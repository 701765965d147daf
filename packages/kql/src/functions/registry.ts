/**
 * The function registry: every scalar function/operator and aggregate by its lower-case Kusto
 * name (operators by their spelling: `==`, `!has_cs`, `matches regex`, `!between`, `in~`).
 * The planner emits calls by these names; `lookupScalar`/`lookupAggregate` resolve them.
 */

import { basicAggregates } from "./aggregates.js";
import { collectAggregates } from "./aggregates-collect.js";
import { rankAggregates } from "./aggregates-rank.js";
import { sketchAggregates } from "./aggregates-sketch.js";
import { withAggregateArity, withScalarArity } from "./arity.js";
import { conditionalFunctions } from "./conditional.js";
import { conversionFunctions } from "./conversion.js";
import { datetimeFunctions } from "./datetime-fns.js";
import { dynamicFunctions } from "./dynamic-fns.js";
import { dynamicMoreFunctions } from "./dynamic-more.js";
import { seriesFunctions } from "./series.js";
import { seriesAnalysisFunctions } from "./series-analysis.js";
import { seriesDecomposeFunctions } from "./series-decompose.js";
import { currentName } from "./deprecated-names.js";
import { encodingFunctions } from "./encoding.js";
import { geoCellFunctions } from "./geo/fns-cells.js";
import { geoOverlayFunctions } from "./geo/fns-overlay.js";
import { geoPointFunctions } from "./geo/fns-points.js";
import { geoShapeFunctions } from "./geo/fns-shapes.js";
import { hashFunctions } from "./hash.js";
import { ipFunctions } from "./ip.js";
import { ipv6Functions } from "./ipv6.js";
import { mathFunctions } from "./math.js";
import { specialFunctions } from "./math-special.js";
import { miscFunctions } from "./misc.js";
import { xmlFunctions } from "./xml.js";
import { arithmeticFunctions } from "./operators-arith.js";
import { comparisonFunctions } from "./operators-compare.js";
import { listOperatorFunctions } from "./operators-list.js";
import { stringOperatorFunctions } from "./operators-string.js";
import { regexFunctions } from "./regex.js";
import type { AggregateFunction, ScalarFunction } from "./registry-types.js";
import { sketchFunctions } from "./sketch-fns.js";
import { stringFunctions } from "./strings.js";
import { stringMoreFunctions } from "./strings-more.js";
import { timeZoneFunctions } from "./time-zones.js";
import { unitFunctions } from "./units.js";
import { type WindowFunction, windowFunctions } from "./window.js";

function byName<T extends { readonly name: string }>(lists: readonly (readonly T[])[], wrap: (f: T) => T): ReadonlyMap<string, T> {
  const m = new Map<string, T>();
  for (const list of lists)
    for (const f of list) {
      // A duplicate name is a bug in this library: fail at load, not with a silently shadowed kernel.
      if (m.has(f.name)) throw new Error(`function registry: duplicate name '${f.name}'`);
      m.set(f.name, wrap(f));
    }
  return m;
}

export const scalarFunctions: ReadonlyMap<string, ScalarFunction> = byName<ScalarFunction>([
  arithmeticFunctions,
  comparisonFunctions,
  stringOperatorFunctions,
  listOperatorFunctions,
  regexFunctions,
  stringFunctions,
  conversionFunctions,
  conditionalFunctions,
  datetimeFunctions,
  mathFunctions,
  dynamicFunctions,
  ipFunctions,
  hashFunctions,
  sketchFunctions,
  dynamicMoreFunctions,
  encodingFunctions,
  ipv6Functions,
  specialFunctions,
  miscFunctions,
  xmlFunctions,
  stringMoreFunctions,
  timeZoneFunctions,
  unitFunctions,
  geoPointFunctions,
  geoShapeFunctions,
  geoCellFunctions,
  geoOverlayFunctions,
  seriesFunctions,
  seriesAnalysisFunctions,
  seriesDecomposeFunctions,
], withScalarArity);

export const aggregateFunctions: ReadonlyMap<string, AggregateFunction> = byName<AggregateFunction>([basicAggregates, collectAggregates, rankAggregates, sketchAggregates], withAggregateArity);

export const windowFunctionMap: ReadonlyMap<string, WindowFunction> = byName<WindowFunction>([windowFunctions], (f) => f);

/** A window function (row_number, prev, row_cumsum, …) by name (a deprecated name finds its successor). */
export function lookupWindow(name: string): WindowFunction | undefined {
  return windowFunctionMap.get(currentName(name.toLowerCase()));
}

/** Operators and functions by name; function names are case-insensitive in lookup. */
export function lookupScalar(name: string): ScalarFunction | undefined {
  return scalarFunctions.get(name) ?? scalarFunctions.get(currentName(name.toLowerCase()));
}

export function lookupAggregate(name: string): AggregateFunction | undefined {
  return aggregateFunctions.get(name) ?? aggregateFunctions.get(currentName(name.toLowerCase()));
}
