/**
 * The common aggregates computed a column at a time over the rows' group numbers, instead of
 * one kernel call per row and aggregate (summarize's general path): count, countif, sum,
 * sumif, min, max, minif, maxif over numbers and times, dcount, dcountif, make_set and
 * make_set_if over strings. Baselines over millions of sign-ins are mostly these.
 *
 * Each gives exactly what its kernel (functions/aggregates*.ts) gives — nulls skipped, sums
 * added in row order, -0 and 0 one value, NaN skipped by min/max, make_set in first-seen order
 * up to its size — which a property test checks against the kernels. Anything else (other
 * types, a non-constant size, several outputs) returns undefined: the kernel path then runs.
 */
import type { AggregateCall } from "../plan/ir.js";
import type { KType, Value } from "../types.js";
import { type Column, ConstantColumn, FixedColumn, ObjectColumn } from "./column.js";
import { constantValue } from "./evaluate.js";
import type { ExecContext } from "./context.js";
import { DictionaryColumn } from "./dictionary.js";
import { NumberIds } from "./group-ids.js";

const NUMERIC: ReadonlySet<KType> = new Set(["int", "long", "real", "datetime", "timespan"]);
const MAX_SET = 1_048_576;

/** A bool argument column: true rows (null is false), as the *if kernels read it. */
function truth(c: Column, n: number): Uint8Array | undefined {
  if (c.type !== "bool") return undefined;
  const out = new Uint8Array(n);
  if (c instanceof ConstantColumn) return c.value === true ? out.fill(1) : out;
  if (!(c instanceof FixedColumn)) return undefined;
  for (let i = 0; i < n; i++) out[i] = c.values[i] !== 0 && (c.nulls === null || c.nulls[i] === 0) ? 1 : 0;
  return out;
}

/** Row i's number, or null (only fixed-width numeric columns qualify). */
function numbers(c: Column): { values: Float64Array; nulls: Uint8Array | null } | undefined {
  return c instanceof FixedColumn && NUMERIC.has(c.type) ? { values: c.values, nulls: c.nulls } : undefined;
}

/** Integer result types truncate; times round (the kernels' `finish`). */
function finish(t: KType, v: number): number | null {
  if (t === "int" || t === "long") return Number.isFinite(v) ? Math.trunc(v) || 0 : null;
  if (t === "datetime" || t === "timespan") return Math.round(v);
  return v;
}

function fixedResult(type: KType, values: Float64Array, nulls: Uint8Array | null): Column {
  return new FixedColumn(type, values, nulls);
}

/**
 * Each row's value as a dense code (-1: null, skipped by every aggregate here), for strings
 * (dictionary codes as they are) and fixed-width numbers.
 */
function valueCodes(c: Column, n: number): { codes: Int32Array; values: Value[] } | undefined {
  if (c instanceof DictionaryColumn) {
    const nullAt = c.dictionary.indexOf(null);
    if (nullAt < 0) return { codes: c.codes, values: c.dictionary as Value[] };
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = c.codes[i] === nullAt ? -1 : c.codes[i]!;
    return { codes, values: c.dictionary as Value[] };
  }
  const codes = new Int32Array(n);
  const values: Value[] = [];
  if (c instanceof FixedColumn && NUMERIC.has(c.type)) {
    const ids = new NumberIds(1024);
    for (let i = 0; i < n; i++) {
      if (c.nulls !== null && c.nulls[i] === 1) codes[i] = -1;
      else {
        const v = c.values[i]!;
        const id = ids.idOf(v);
        if (id === values.length) values.push(v === 0 ? 0 : v);
        codes[i] = id;
      }
    }
    return { codes, values };
  }
  if (c instanceof ObjectColumn && (c.type === "string" || c.type === "guid")) {
    const ids = new Map<Value, number>();
    for (let i = 0; i < n; i++) {
      const v = c.values[i] as Value;
      if (v === null) {
        codes[i] = -1;
        continue;
      }
      let id = ids.get(v);
      if (id === undefined) {
        ids.set(v, (id = values.length));
        values.push(v);
      }
      codes[i] = id;
    }
    return { codes, values };
  }
  return undefined;
}

/** The aggregate over every group, or undefined when it has no columnar form here. */
export function columnarAggregate(agg: AggregateCall, args: readonly Column[], groupOf: Int32Array, groups: number, ctx: ExecContext): Column | undefined {
  if (agg.outputs !== undefined) return undefined;
  const n = groupOf.length;
  const fn = agg.fn;
  // The *if variants' condition: countif's only argument, the others' second.
  const cond = fn === "countif" ? 0 : fn.endsWith("if") ? 1 : -1;
  const ok = cond >= 0 ? (args[cond] === undefined ? undefined : truth(args[cond]!, n)) : undefined;
  if (cond >= 0 && ok === undefined) return undefined;
  const pass = (i: number) => ok === undefined || ok[i] === 1;
  switch (fn) {
    case "count":
    case "countif": {
      const counts = new Float64Array(groups);
      for (let i = 0; i < n; i++) if (ok === undefined || ok[i] === 1) counts[groupOf[i]!]!++;
      return fixedResult(agg.type, counts, null);
    }
    case "sum":
    case "sumif": {
      const x = numbers(args[0]!);
      if (x === undefined) return undefined;
      const sums = new Float64Array(groups);
      for (let i = 0; i < n; i++) if (pass(i) && (x.nulls === null || x.nulls[i] === 0)) sums[groupOf[i]!]! += x.values[i]!;
      let nulls: Uint8Array | null = null;
      for (let g = 0; g < groups; g++) {
        const v = finish(agg.type, sums[g]!);
        if (v === null) (nulls ??= new Uint8Array(groups))[g] = 1;
        else sums[g] = v;
      }
      return fixedResult(agg.type, sums, nulls);
    }
    case "min":
    case "max":
    case "minif":
    case "maxif": {
      const x = numbers(args[0]!);
      if (x === undefined || agg.type !== args[0]!.type) return undefined;
      const best = new Float64Array(groups);
      const none = new Uint8Array(groups).fill(1);
      const max = fn.startsWith("max");
      for (let i = 0; i < n; i++) {
        if (!pass(i) || (x.nulls !== null && x.nulls[i] === 1)) continue;
        const v = x.values[i]!;
        if (Number.isNaN(v)) continue;
        const g = groupOf[i]!;
        if (none[g] === 1 || (max ? v > best[g]! : v < best[g]!)) {
          best[g] = v;
          none[g] = 0;
        }
      }
      return fixedResult(agg.type, best, none.includes(1) ? none : null);
    }
    case "dcount":
    case "dcountif": {
      const v = valueCodes(args[0]!, n);
      if (v === undefined || v.values.length * groups > Number.MAX_SAFE_INTEGER) return undefined;
      const seen = new NumberIds(Math.min(n, 1 << 16));
      const counts = new Float64Array(groups);
      const card = Math.max(1, v.values.length);
      for (let i = 0; i < n; i++) {
        const code = v.codes[i]!;
        if (code < 0 || !pass(i)) continue;
        const before = seen.size;
        if (seen.idOf(groupOf[i]! * card + code) === before) counts[groupOf[i]!]!++;
      }
      return fixedResult(agg.type, counts, null);
    }
    case "make_set":
    case "make_set_if": {
      const t = args[0]!.type;
      if (t !== "string" && t !== "guid") return undefined;
      const sizeAt = fn === "make_set" ? 1 : 2;
      let limit = MAX_SET;
      if (agg.args.length > sizeAt) {
        const k = constantValue(agg.args[sizeAt]!, ctx);
        if (typeof k !== "number") return undefined;
        limit = k > 0 ? Math.min(MAX_SET, Math.trunc(k)) : MAX_SET;
      }
      const v = valueCodes(args[0]!, n);
      if (v === undefined || v.values.length * groups > Number.MAX_SAFE_INTEGER) return undefined;
      const seen = new NumberIds(Math.min(n, 1 << 16));
      const sets: Value[][] = Array.from({ length: groups }, () => []);
      const card = Math.max(1, v.values.length);
      for (let i = 0; i < n; i++) {
        const code = v.codes[i]!;
        if (code < 0 || !pass(i)) continue;
        const g = groupOf[i]!;
        const set = sets[g]!;
        const before = seen.size;
        if (set.length >= limit) {
          // Kusto's default cap, said aloud (the kernel path warns alike).
          if (agg.args.length <= sizeAt && seen.idOf(g * card + code) === before)
            ctx.warn("WQ055", `${fn}: stopped at ${limit.toLocaleString("en-US")} elements (its default MaxSize); give a MaxSize argument to choose`, agg.span);
          continue;
        }
        if (seen.idOf(g * card + code) === before) set.push(v.values[code]!);
      }
      return new ObjectColumn(agg.type, sets as Value[]);
    }
    default:
      return undefined;
  }
}
