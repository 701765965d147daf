/**
 * Conditional functions: `case`, `iff`/`iif`, `coalesce`, `isnull`/`isnotnull`,
 * `isempty`/`isnotempty`, `max_of`/`min_of`. Branch values whose type differs from the
 * result type (int branch of a long result, string branch of a dynamic one) are converted.
 *
 * A null condition counts as false (Kusto: `iff(bool(null), a, b)` is b).
 */
import type { KType, Value } from "../types.js";
import { boolConv, convertTo, familyOf, fixed, scalar } from "./define.js";
import { comparer } from "./operators-compare.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

/** Converters from each argument's type to the result type (identity where equal). */
function toResult(site: CallSite): ((v: Value) => Value)[] {
  const rt = site.resultType;
  return site.argTypes.map((t) => {
    if (t === rt || (familyOf(t) === "num" && familyOf(rt) === "num" && rt !== "int" && rt !== "long")) return (v: Value) => v;
    return convertTo(rt, t);
  });
}

function bindCase(site: CallSite): RowKernel {
  const n = site.argTypes.length;
  const conds = site.argTypes.map((t) => boolConv(t));
  const out = toResult(site);
  return (args) => {
    let i = 0;
    for (; i + 1 < n; i += 2) if (conds[i]!(args[i] ?? null) === true) return out[i + 1]!(args[i + 1] ?? null);
    return i < n ? out[i]!(args[i] ?? null) : site.resultType === "string" ? "" : null;
  };
}

function bindIff(site: CallSite): RowKernel {
  const cond = boolConv(site.argTypes[0] ?? "bool");
  const out = toResult(site);
  return (args) => (cond(args[0] ?? null) === true ? out[1]!(args[1] ?? null) : out[2]!(args[2] ?? null));
}

/** coalesce: the first argument that is not null (for strings: not empty). */
function bindCoalesce(site: CallSite): RowKernel {
  const out = toResult(site);
  const types = site.argTypes;
  const empty = (v: Value, t: KType) => v === null || v === undefined || (t === "string" && v === "");
  return (args) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i] ?? null;
      if (!empty(v, types[i] ?? "dynamic")) return out[i]!(v);
    }
    return site.resultType === "string" ? "" : null;
  };
}

/** max_of/min_of: nulls ignored; null when every argument is null. */
function bindExtreme(sign: 1 | -1, site: CallSite): RowKernel {
  const rt = site.resultType;
  const out = toResult(site);
  const cmp = comparer(rt, rt);
  return (args) => {
    let best: Value = null;
    for (let i = 0; i < args.length; i++) {
      const v = out[i]!(args[i] ?? null);
      if (v === null) continue;
      if (typeof v === "number" && Number.isNaN(v)) continue;
      if (best === null) best = v;
      else {
        const c = cmp(v, best);
        if (c !== null && c * sign > 0) best = v;
      }
    }
    return best ?? (rt === "string" ? "" : null);
  };
}

function isEmptyValue(v: Value): boolean {
  return v === null || v === undefined || v === "";
}

export const conditionalFunctions: readonly ScalarFunction[] = [
  scalar("case", "conditional", bindCase),
  scalar("iff", "conditional", bindIff),
  scalar("iif", "conditional", bindIff),
  scalar("coalesce", "conditional", bindCoalesce),
  scalar("max_of", "conditional", (site) => bindExtreme(1, site)),
  scalar("min_of", "conditional", (site) => bindExtreme(-1, site)),
  // Strings are never null in Kusto: isnull("") is false, isempty("") is true.
  scalar("isnull", "conditional", (site) => {
    const t = site.argTypes[0];
    return t === "string" ? () => false : (args) => args[0] === null || args[0] === undefined;
  }),
  scalar("isnotnull", "conditional", (site) => {
    const t = site.argTypes[0];
    return t === "string" ? () => true : (args) => args[0] !== null && args[0] !== undefined;
  }),
  fixed("isempty", "conditional", (args) => isEmptyValue(args[0] ?? null)),
  fixed("isnotempty", "conditional", (args) => !isEmptyValue(args[0] ?? null)),
  fixed("isnotnullorempty", "conditional", (args) => !isEmptyValue(args[0] ?? null)),
];
