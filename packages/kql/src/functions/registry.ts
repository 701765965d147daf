/**
 * The function registry: every scalar function/operator and aggregate by its lower-case Kusto
 * name (operators by their spelling: `==`, `!has_cs`, `matches regex`, `!between`, `in~`).
 * The planner emits calls by these names; `lookupScalar`/`lookupAggregate` resolve them.
 */

import { basicAggregates } from "./aggregates.js";
import { collectAggregates } from "./aggregates-collect.js";
import { withAggregateArity, withScalarArity } from "./arity.js";
import { conditionalFunctions } from "./conditional.js";
import { conversionFunctions } from "./conversion.js";
import { datetimeFunctions } from "./datetime-fns.js";
import { dynamicFunctions } from "./dynamic-fns.js";
import { hashFunctions } from "./hash.js";
import { ipFunctions } from "./ip.js";
import { mathFunctions } from "./math.js";
import { arithmeticFunctions } from "./operators-arith.js";
import { comparisonFunctions } from "./operators-compare.js";
import { listOperatorFunctions } from "./operators-list.js";
import { stringOperatorFunctions } from "./operators-string.js";
import { regexFunctions } from "./regex.js";
import type { AggregateFunction, ScalarFunction } from "./registry-types.js";
import { stringFunctions } from "./strings.js";

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
], withScalarArity);

export const aggregateFunctions: ReadonlyMap<string, AggregateFunction> = byName<AggregateFunction>([basicAggregates, collectAggregates], withAggregateArity);

/** Operators and functions by name; function names are case-insensitive in lookup. */
export function lookupScalar(name: string): ScalarFunction | undefined {
  return scalarFunctions.get(name) ?? scalarFunctions.get(name.toLowerCase());
}

export function lookupAggregate(name: string): AggregateFunction | undefined {
  return aggregateFunctions.get(name) ?? aggregateFunctions.get(name.toLowerCase());
}
