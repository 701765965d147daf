/**
 * A baseline `summarize` answered from per-bucket partial aggregates (./window-cache.ts).
 *
 * Qualifies: a summarize with `by` keys over a chain of `where` and `extend`/`project` down to
 * a table scan, where everything but the bounds on TimeGenerated is a function of the row alone
 * (no now()/ago(), no toscalar, no rand), and every aggregate merges exactly: count, countif,
 * sum/sumif of integers, min/max (and -if), make_set/make_set_if of strings with a constant
 * size, dcount/dcountif. The table's rows must be in time order (a loaded log is).
 *
 * The time bounds of the chain (ago(14d) .. ago(1h)) and the query's time range give the
 * window [lo, hi]. It is cut into pieces in time order: whole UTC days and whole hours, whose
 * partials are cached and reused by later windows, and the parts of an hour at the ends,
 * aggregated afresh. Each piece runs the chain (without its time bounds, which hold for every
 * row of the piece) and a summarize of partial forms over its rows; the partials then merge in
 * time order. Because the rows are in time order, the pieces' rows concatenated are the rows
 * the plain path reads, in its order: groups come out in the order of their first row, sets
 * keep their first-seen order up to their size (a value past the size in one piece would be
 * past it over the window too), counts and integer sums add exactly, and dcount's distinct
 * values union. A property test compares every run with a run without the cache.
 */
import type { AggregateCall, Expr, Plan } from "../plan/ir.js";
import { lookupWindow } from "../functions/registry.js";
import { type KType, TICKS_PER_DAY, TICKS_PER_HOUR, type Value } from "../types.js";
import { ColumnBuilder, FixedColumn } from "./column.js";
import type { ExecContext } from "./context.js";
import { isPlanConstant } from "./evaluate.js";
import { project } from "./operators/project.js";
import { conform } from "./operators/sources.js";
import { summarize } from "./operators/summarize.js";
import { where } from "./operators/where.js";
import { Table } from "./table.js";
import { impliedRange, rowsBetween, TIME_COLUMN, timeIndex } from "./time-pruning.js";
import type { BucketPartial } from "./window-cache.js";

type Summarize = Extract<Plan, { op: "summarize" }>;
type Step = Extract<Plan, { op: "where" }> | Extract<Plan, { op: "project" }>;
type Merge = { kind: "add" } | { kind: "min" } | { kind: "max" } | { kind: "set"; limit: number } | { kind: "distinct" };

interface Shape {
  readonly scan: Extract<Plan, { op: "table" }>;
  /** The chain bottom-up, each filter without its time bounds (a filter of nothing but bounds is gone). */
  readonly steps: readonly Step[];
  /** The time bounds of every filter, as one conjunction (undefined: none). */
  readonly bounds: Expr | undefined;
  /** summarize's keys with the aggregates' partial forms. */
  readonly partial: Summarize;
  readonly merges: readonly Merge[];
}

const MAX_SET = 1_048_576;
const WINDOW_DEPENDENT = new Set(["now", "ago", "rand", "new_guid"]);
const COMPARISONS = new Set([">", ">=", "<", "<=", "=="]);
const NUMERIC: ReadonlySet<KType> = new Set(["int", "long", "real", "datetime", "timespan"]);
const DISTINCT_TYPES: ReadonlySet<KType> = new Set(["string", "guid", "int", "long", "datetime", "timespan", "bool"]);

/** A function of its row alone: the same value in every window. */
function rowOnly(e: Expr): boolean {
  switch (e.kind) {
    case "literal":
    case "column":
      return true;
    case "scalar-query":
      return false;
    case "member":
      return rowOnly(e.target);
    case "index":
      return rowOnly(e.target) && rowOnly(e.index);
    case "call":
      return !WINDOW_DEPENDENT.has(e.fn) && lookupWindow(e.fn) === undefined && e.args.every(rowOnly);
  }
}

const constantBound = (e: Expr | undefined): boolean => e !== undefined && isPlanConstant(e) && !hasScalarQuery(e);

function hasScalarQuery(e: Expr): boolean {
  if (e.kind === "scalar-query") return true;
  if (e.kind === "call") return e.args.some(hasScalarQuery);
  if (e.kind === "member") return hasScalarQuery(e.target);
  if (e.kind === "index") return hasScalarQuery(e.target) || hasScalarQuery(e.index);
  return false;
}

/** `TimeGenerated > ago(1d)`, `between (X .. Y)` and the like: a bound of the time column by a constant. */
function isTimeBound(e: Expr): boolean {
  if (e.kind !== "call") return false;
  const isTime = (x: Expr | undefined) => x?.kind === "column" && x.name === TIME_COLUMN && x.type === "datetime";
  const [a, b, c] = e.args;
  if (e.fn === "between") return e.args.length === 3 && isTime(a) && constantBound(b) && constantBound(c);
  if (!COMPARISONS.has(e.fn) || e.args.length !== 2) return false;
  return (isTime(a) && constantBound(b)) || (isTime(b) && constantBound(a));
}

function conjuncts(e: Expr): Expr[] {
  return e.kind === "call" && e.fn === "and" ? e.args.flatMap(conjuncts) : [e];
}

const and = (xs: readonly Expr[]): Expr => (xs.length === 1 ? xs[0]! : { kind: "call", type: "bool", fn: "and", args: xs });

/** The partial form of an aggregate and how partials merge, or undefined when it has none. */
function partialOf(agg: AggregateCall): { call: AggregateCall; merge: Merge } | undefined {
  if (agg.outputs !== undefined || !agg.args.every(rowOnly)) return undefined;
  const argType = agg.args[0]?.type;
  const same = { call: agg };
  switch (agg.fn) {
    case "count":
    case "countif":
      return { ...same, merge: { kind: "add" } };
    case "sum":
    case "sumif":
      return (argType === "int" || argType === "long") && (agg.type === "int" || agg.type === "long") ? { ...same, merge: { kind: "add" } } : undefined;
    case "min":
    case "max":
    case "minif":
    case "maxif":
      return argType !== undefined && NUMERIC.has(argType) && agg.type === argType ? { ...same, merge: { kind: agg.fn.startsWith("min") ? "min" : "max" } } : undefined;
    case "make_set":
    case "make_set_if": {
      if (argType !== "string" && argType !== "guid") return undefined;
      const sizeAt = agg.fn === "make_set" ? 1 : 2;
      const size = agg.args[sizeAt];
      if (size !== undefined && (size.kind !== "literal" || typeof size.value !== "number")) return undefined;
      const k = size === undefined ? MAX_SET : (size.value as number);
      return { ...same, merge: { kind: "set", limit: k > 0 ? Math.min(MAX_SET, Math.trunc(k)) : MAX_SET } };
    }
    case "dcount":
    case "dcountif": {
      if (argType === undefined || !DISTINCT_TYPES.has(argType)) return undefined;
      // Each piece's distinct values (a set without a size), united across pieces.
      const cond = agg.fn === "dcountif" ? [agg.args[1]!] : [];
      // Times as their ticks (tolong of the time since widar's epoch, exact in a double), not
      // as the ISO text make_set would write for each row.
      const x = agg.args[0]!;
      const span: Expr = argType === "datetime" ? { kind: "call", type: "timespan", fn: "-", args: [x, { kind: "literal", type: "datetime", value: 0 }] } : x;
      const value: Expr = argType === "datetime" || argType === "timespan" ? { kind: "call", type: "long", fn: "tolong", args: [span] } : x;
      const call: AggregateCall = { name: agg.name, fn: agg.fn === "dcount" ? "make_set" : "make_set_if", args: [value, ...cond], type: "dynamic" };
      return { call, merge: { kind: "distinct" } };
    }
    default:
      return undefined;
  }
}

const shapes = new WeakMap<Summarize, Shape | null>();

function shapeOf(p: Summarize): Shape | null {
  const known = shapes.get(p);
  if (known !== undefined) return known;
  const shape = analyse(p);
  shapes.set(p, shape);
  return shape;
}

function analyse(p: Summarize): Shape | null {
  if (p.by.length === 0 || !p.by.every((b) => rowOnly(b.expr))) return null;
  const parts = p.aggregates.map(partialOf);
  if (parts.some((x) => x === undefined)) return null;
  const chain: Step[] = [];
  let node: Plan = p.input;
  while (node.op === "where" || node.op === "project") {
    chain.unshift(node);
    node = node.input;
  }
  if (node.op !== "table") return null;
  const steps: Step[] = [];
  const bounds: Expr[] = [];
  // Bounds read the table's own TimeGenerated only below any step that redefines or drops it.
  let original = node.schema.some((c) => c.name === TIME_COLUMN && c.type === "datetime");
  for (const s of chain) {
    if (s.op === "project") {
      if (!s.steps.every((x) => rowOnly(x.expr))) return null;
      if (s.steps.some((x) => x.name === TIME_COLUMN) || !s.schema.some((c) => c.name === TIME_COLUMN)) original = false;
      steps.push(s);
      continue;
    }
    const rest: Expr[] = [];
    for (const c of conjuncts(s.predicate)) {
      if (original && isTimeBound(c)) bounds.push(c);
      else if (rowOnly(c)) rest.push(c);
      else return null;
    }
    if (rest.length > 0) steps.push({ ...s, predicate: and(rest) });
  }
  const partial: Summarize = {
    ...p,
    aggregates: parts.map((x) => x!.call),
    schema: [...p.schema.slice(0, p.by.length), ...parts.map((x) => ({ name: x!.call.name, type: x!.call.type }))],
  };
  return { scan: node, steps, bounds: bounds.length === 0 ? undefined : and(bounds), partial, merges: parts.map((x) => x!.merge) };
}

/** A key value as text: typed, and a string's null is its "" (one group, as summarize has it). */
function keyPart(v: Value, type: KType): string {
  if (v === null) return type === "string" ? "s0:" : "n";
  if (typeof v === "string") return `s${v.length}:${v}`;
  if (typeof v === "number") return `d${v === 0 ? 0 : v}`;
  if (typeof v === "boolean") return v ? "T" : "F";
  return `j${JSON.stringify(v)}`;
}

/** The piece of `raw` with times in [lo, hi], through the chain, as partial aggregates. */
function partialOver(shape: Shape, raw: Table, time: FixedColumn, lo: number, hi: number, ctx: ExecContext): BucketPartial {
  let t = conform(raw.take(rowsBetween(time, lo, hi)), shape.scan.schema);
  for (const s of shape.steps) t = s.op === "where" ? where(s, t, ctx) : project(s, t, ctx);
  const r = summarize(shape.partial, t, ctx);
  const nKeys = shape.partial.by.length;
  const keyCols = Array.from({ length: nKeys }, (_, j) => r.at(j));
  const keys: string[] = new Array(r.rowCount);
  const keyValues = keyCols.map((c) => Array.from({ length: r.rowCount }, (_, i) => c.get(i)));
  for (let i = 0; i < r.rowCount; i++) {
    let k = "";
    for (let j = 0; j < nKeys; j++) k += `${keyPart(keyValues[j]![i]!, keyCols[j]!.type)}|`;
    keys[i] = k;
  }
  const values = shape.merges.map((_, a) => {
    const c = r.at(nKeys + a);
    return Array.from({ length: r.rowCount }, (_, i) => c.get(i));
  });
  return { keys, keyValues, values };
}

/** Inclusive integer tick bounds of the window, or undefined when it has none. */
function windowOf(shape: Shape, first: number, last: number, ctx: ExecContext): { lo: number; hi: number } | undefined {
  const r = shape.bounds === undefined ? undefined : impliedRange(shape.bounds, TIME_COLUMN, ctx);
  if (shape.bounds !== undefined && r === undefined) return undefined;
  let lo = r?.lo ?? Number.NEGATIVE_INFINITY;
  let hi = r?.hi ?? Number.POSITIVE_INFINITY;
  let loIn = r?.loInclusive ?? true;
  let hiIn = r?.hiInclusive ?? true;
  const tr = ctx.timeRange;
  if (tr !== undefined) {
    if (tr.from > lo) [lo, loIn] = [tr.from, true];
    if (tr.to < hi) [hi, hiIn] = [tr.to, true];
  }
  // Without any bound the plain path also reads rows without a time: not answered here.
  if (r === undefined && tr === undefined) return undefined;
  if (Number.isNaN(lo) || Number.isNaN(hi)) return undefined;
  // Times are whole ticks: t > 5.5 ⇔ t >= 6, t < 5 ⇔ t <= 4.
  const l = Math.max(first, Number.isFinite(lo) ? (loIn ? Math.ceil(lo) : Math.floor(lo) + 1) : first);
  const h = Math.min(last, Number.isFinite(hi) ? (hiIn ? Math.floor(hi) : Math.ceil(hi) - 1) : last);
  return { lo: l, hi: h };
}

const mod = (x: number, m: number) => ((x % m) + m) % m;

/** The summarize's result from partials, or undefined when it does not qualify (the plain path runs). */
export function windowedSummarize(p: Summarize, ctx: ExecContext): Table | undefined {
  const cache = ctx.windowCache;
  if (cache === undefined) return undefined;
  const shape = shapeOf(p);
  const raw = shape === null ? undefined : ctx.source.table(shape.scan.name);
  const time = raw?.column(TIME_COLUMN);
  if (shape === null || raw === undefined || !(time instanceof FixedColumn) || time.type !== "datetime") return plain(ctx);
  const index = timeIndex(time);
  if (!index.inRowOrder) return plain(ctx);
  if (index.times.length === 0) return undefined;
  const w = windowOf(shape, index.times[0]!, index.times[index.times.length - 1]!, ctx);
  if (w === undefined) return plain(ctx);
  const buckets = cache.bucketsOf(p, raw);
  const pieces: BucketPartial[] = [];
  const bucket = (size: number, start: number): BucketPartial => {
    const key = `${size}:${start}`;
    let b = buckets.get(key);
    if (b === undefined) {
      b = partialOver(shape, raw, time, start, start + size - 1, ctx);
      buckets.set(key, b);
      cache.stats.bucketsComputed++;
      cache.stats.rowsInBuckets += rowsBetween(time, start, start + size - 1).length;
    } else cache.stats.bucketsReused++;
    return b;
  };
  for (let t = w.lo; t <= w.hi; ) {
    if (mod(t, TICKS_PER_DAY) === 0 && t + TICKS_PER_DAY - 1 <= w.hi) {
      pieces.push(bucket(TICKS_PER_DAY, t));
      t += TICKS_PER_DAY;
    } else if (mod(t, TICKS_PER_HOUR) === 0 && t + TICKS_PER_HOUR - 1 <= w.hi) {
      pieces.push(bucket(TICKS_PER_HOUR, t));
      t += TICKS_PER_HOUR;
    } else {
      const end = Math.min(w.hi, t - mod(t, TICKS_PER_HOUR) + TICKS_PER_HOUR - 1);
      pieces.push(partialOver(shape, raw, time, t, end, ctx));
      cache.stats.rowsInPieces += rowsBetween(time, t, end).length;
      t = end + 1;
    }
  }
  // Buckets that ended before this window are of no use to the later windows.
  for (const [key, _] of buckets) {
    const [size, start] = key.split(":").map(Number) as [number, number];
    if (start + size - 1 < w.lo) buckets.delete(key);
  }
  const merged = merge(shape, pieces, p);
  if (merged === undefined) return plain(ctx);
  cache.stats.windowedRuns++;
  return merged;
}

function plain(ctx: ExecContext): undefined {
  ctx.windowCache!.stats.plainRuns++;
  return undefined;
}

/** The pieces' partials merged in time order into summarize's result; undefined when a set may have been cut short. */
function merge(shape: Shape, pieces: readonly BucketPartial[], p: Summarize): Table | undefined {
  const groups = new Map<string, number>();
  const nKeys = p.by.length;
  const keyValues: Value[][] = Array.from({ length: nKeys }, () => []);
  const states: unknown[][] = shape.merges.map(() => []);
  for (const piece of pieces) {
    for (let i = 0; i < piece.keys.length; i++) {
      let g = groups.get(piece.keys[i]!);
      if (g === undefined) {
        g = groups.size;
        groups.set(piece.keys[i]!, g);
        for (let j = 0; j < nKeys; j++) keyValues[j]!.push(piece.keyValues[j]![i]!);
      }
      for (let a = 0; a < shape.merges.length; a++) {
        const m = shape.merges[a]!;
        const v = piece.values[a]![i]!;
        const s = states[a]!;
        switch (m.kind) {
          case "add":
            // A null partial (a sum that overflowed) keeps the group's sum null.
            s[g] = g in s ? (s[g] === null || v === null ? null : (s[g] as number) + (v as number)) : v;
            break;
          case "min":
          case "max": {
            const cur = s[g] as number | null | undefined;
            if (v === null) s[g] = cur ?? null;
            else if (cur === undefined || cur === null || (m.kind === "min" ? (v as number) < cur : (v as number) > cur)) s[g] = v;
            break;
          }
          case "set": {
            let st = s[g] as { items: Value[]; seen: Set<Value> } | undefined;
            if (st === undefined) s[g] = st = { items: [], seen: new Set() };
            for (const x of v as Value[]) {
              if (st.items.length >= m.limit) break;
              if (st.seen.has(x)) continue;
              st.seen.add(x);
              st.items.push(x);
            }
            break;
          }
          case "distinct": {
            const items = v as Value[];
            if (items.length >= MAX_SET) return undefined;
            let st = s[g] as Set<Value> | undefined;
            if (st === undefined) s[g] = st = new Set();
            for (const x of items) st.add(x);
            break;
          }
        }
      }
    }
  }
  const n = groups.size;
  const columns = [
    ...keyValues.map((vals, j) => {
      const b = new ColumnBuilder(p.schema[j]!.type, n);
      for (const v of vals) b.push(v);
      return b.finish();
    }),
    ...shape.merges.map((m, a) => {
      const agg = p.aggregates[a]!;
      const b = new ColumnBuilder(agg.type, n);
      const s = states[a]!;
      for (let g = 0; g < n; g++) {
        const st = s[g];
        if (m.kind === "set") b.push((st as { items: Value[] }).items as Value);
        else if (m.kind === "distinct") b.push((st as Set<Value>).size);
        else b.push((st ?? null) as Value);
      }
      return b.finish();
    }),
  ];
  return new Table(p.schema, columns, n);
}
