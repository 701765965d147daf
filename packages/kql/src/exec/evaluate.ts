/**
 * Vectorised evaluation of scalar expressions: an `Expr` over a table yields a column. A call
 * binds its kernel once per call site (with constant arguments known), then runs it per row;
 * when every argument is constant the call is computed once and yields a constant column.
 */
import { KqlError, type Span, engineError, notSupported } from "../diagnostics.js";
import { lookupScalar, lookupWindow } from "../functions/registry.js";
import type { CallSite, RowKernel } from "../functions/registry-types.js";
import type { WindowFunction } from "../functions/window.js";
import type { Expr } from "../plan/ir.js";
import { type Json, type Value, isFixedWidth } from "../types.js";
import { type Column, ColumnBuilder, ConstantColumn, FixedColumn, ObjectColumn } from "./column.js";
import type { ExecContext } from "./context.js";
import { toDynamic } from "./convert.js";
import { DictionaryColumn, dictionaryOfResults } from "./dictionary.js";
import { fastCall } from "./fast-paths.js";
import { vectorTimeCall } from "./vector-datetime.js";
import { Table } from "./table.js";
import { OBJECT_VALUE_BYTES } from "../limits.js";

// Set by execute.ts: evaluate.ts and execute.ts are mutually recursive (toscalar inside expressions).
let runPlan: (plan: import("../plan/ir.js").Plan, ctx: ExecContext) => Table;
export function setPlanRunner(f: typeof runPlan): void {
  runPlan = f;
}

export function evalExpr(e: Expr, table: Table, ctx: ExecContext): Column {
  const n = table.rowCount;
  switch (e.kind) {
    case "literal":
      return new ConstantColumn(e.type, e.value, n);
    case "column": {
      const c = table.column(e.name);
      return c ?? new ConstantColumn(e.type, e.type === "string" ? "" : null, n);
    }
    case "scalar-query":
      return new ConstantColumn(e.type, scalarQuery(e, ctx), n);
    case "member":
    case "index":
    case "call": {
      // The same expression over the same table is computed once per execution: a function
      // called three times with the same argument (OffHours(TimeGenerated) inlined thrice)
      // shares its subexpressions. Tables never change, so the result stays right.
      const key = exprKey(e);
      if (key === null) return evalComputed(e, table, ctx);
      let seen = ctx.evaluated.get(table);
      if (seen === undefined) ctx.evaluated.set(table, (seen = new Map()));
      let c = seen.get(key);
      if (c === undefined) seen.set(key, (c = evalComputed(e, table, ctx)));
      return c;
    }
  }
}

function evalComputed(e: Extract<Expr, { kind: "member" | "index" | "call" }>, table: Table, ctx: ExecContext): Column {
  if (e.kind !== "call") return evalAccess(e, table, ctx);
  const dicts = dictionaryInputs(e, table);
  if (dicts !== undefined) return overDictionaries(e, columnsOf(e)!, dicts, ctx);
  return evalCall(e, table, ctx);
}

const exprKeys = new WeakMap<Expr, string | null>();

/** A text identifying an expression by structure and types; null when it must be evaluated each time (rand(), window functions). */
function exprKey(e: Expr): string | null {
  const known = exprKeys.get(e);
  if (known !== undefined) return known;
  let k: string | null;
  switch (e.kind) {
    case "literal":
      k = `l:${e.type}:${JSON.stringify(e.value)}`;
      break;
    case "column":
      k = `c:${e.type}:${JSON.stringify(e.name)}`;
      break;
    case "scalar-query":
      k = `q:${e.type}:${e.id}:${e.asList === true}`;
      break;
    case "member": {
      const t = exprKey(e.target);
      k = t === null ? null : `m:${e.type}:${JSON.stringify(e.name)}(${t})`;
      break;
    }
    case "index": {
      const t = exprKey(e.target);
      const i = exprKey(e.index);
      k = t === null || i === null ? null : `i:${e.type}(${t},${i})`;
      break;
    }
    case "call": {
      if (lookupWindow(e.fn) !== undefined || NONDETERMINISTIC.has(e.fn)) k = null;
      else {
        const args = e.args.map(exprKey);
        k = args.includes(null) ? null : `f:${e.type}:${e.fn}(${args.join(",")})`;
      }
      break;
    }
  }
  exprKeys.set(e, k);
  return k;
}

/** Functions whose value differs between calls with the same arguments: evaluated per row. */
const NONDETERMINISTIC = new Set(["rand", "new_guid"]);
const columnSets = new WeakMap<Expr, readonly string[] | null>();

/**
 * The columns an expression reads, or null when it calls a window function or a
 * nondeterministic one (its value is not a function of those columns alone). Cached.
 */
function columnsOf(e: Expr): readonly string[] | null {
  const known = columnSets.get(e);
  if (known !== undefined) return known;
  let r: readonly string[] | null;
  switch (e.kind) {
    case "literal":
    case "scalar-query":
      r = [];
      break;
    case "column":
      r = [e.name];
      break;
    case "member":
      r = columnsOf(e.target);
      break;
    case "index":
      r = union(columnsOf(e.target), columnsOf(e.index));
      break;
    case "call":
      r = lookupWindow(e.fn) !== undefined || NONDETERMINISTIC.has(e.fn) ? null : e.args.map(columnsOf).reduce(union, []);
      break;
  }
  columnSets.set(e, r);
  return r;
}

function union(a: readonly string[] | null, b: readonly string[] | null): readonly string[] | null {
  if (a === null || b === null) return null;
  return b.every((x) => a.includes(x)) ? a : [...a, ...b.filter((x) => !a.includes(x))];
}

/** The dictionary columns an expression reads when all it reads is such columns with few combinations. */
function dictionaryInputs(e: Expr, table: Table): DictionaryColumn[] | undefined {
  const names = columnsOf(e);
  if (names === null || names.length === 0 || names.length > 3) return undefined;
  const cols: DictionaryColumn[] = [];
  let combinations = 1;
  for (const name of names) {
    const c = table.column(name);
    if (!(c instanceof DictionaryColumn)) return undefined;
    combinations *= c.dictionary.length;
    cols.push(c);
  }
  return combinations * 2 <= table.rowCount && combinations <= 1 << 22 ? cols : undefined;
}

/**
 * A whole expression of dictionary-encoded columns with few combinations of values
 * (`isnull(ipv4_is_in_any_range(IP, list))`, `tolower(coalesce(KeyId, FederatedId))`): evaluated
 * once per combination that occurs, over a table of those combinations, then looked up by each
 * row's combination, however deep the expression.
 */
function overDictionaries(e: Extract<Expr, { kind: "call" }>, names: readonly string[], cols: readonly DictionaryColumn[], ctx: ExecContext): Column {
  const n = cols[0]!.codes.length;
  if (cols.length === 1) {
    // One column: its dictionary is the table of entries, and its codes index the results.
    const c = cols[0]!;
    return resultsByRow(e, evalCall(e, new Table([{ name: names[0]!, type: c.type }], [new ObjectColumn(c.type, c.dictionary.slice())], c.dictionary.length), ctx), c.codes);
  }
  // Each row's combination as one number, numbered densely in order of first appearance.
  let radix = 1;
  const combined = new Int32Array(n);
  for (const c of cols) {
    const d = c.dictionary.length;
    const codes = c.codes;
    for (let i = 0; i < n; i++) combined[i] = combined[i]! * d + codes[i]!;
    radix *= d;
  }
  const slot = new Int32Array(radix).fill(-1);
  const rowOf = new Int32Array(n);
  const firstRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = combined[i]!;
    let r = slot[k]!;
    if (r < 0) {
      r = slot[k] = firstRows.length;
      firstRows.push(i);
    }
    rowOf[i] = r;
  }
  const m = firstRows.length;
  const entries = new Table(
    names.map((name, j) => ({ name, type: cols[j]!.type })),
    cols.map((c) => new ObjectColumn(c.type, firstRows.map((i) => c.dictionary[c.codes[i]!] as Value))),
    m,
  );
  return resultsByRow(e, evalCall(e, entries, ctx), rowOf);
}

/** Per row, the result of its entry (`rowOf[i]` indexes `r`). */
function resultsByRow(e: Extract<Expr, { kind: "call" }>, r: Column, rowOf: Int32Array): Column {
  const m = r.length;
  const n = rowOf.length;
  const results: Value[] = new Array(m);
  for (let k = 0; k < m; k++) results[k] = r.get(k);
  if (e.type === "string" || e.type === "guid") return dictionaryOfResults(e.type, rowOf, results);
  if (isFixedWidth(e.type)) {
    const values = new Float64Array(n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      const v = results[rowOf[i]!]!;
      if (v === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else values[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
    }
    return new FixedColumn(e.type, values, nulls);
  }
  const values: Value[] = new Array(n);
  for (let i = 0; i < n; i++) values[i] = results[rowOf[i]!]!;
  return new ObjectColumn(e.type, values);
}

/** A constant expression's value (literals, scalar lets, toscalar, calls of constants). */
export function constantValue(e: Expr, ctx: ExecContext): Value | undefined {
  if (e.kind === "literal") return e.value;
  if (e.kind === "scalar-query") return scalarQuery(e, ctx);
  return undefined;
}

function scalarQuery(e: Extract<Expr, { kind: "scalar-query" }>, ctx: ExecContext): Value {
  if (ctx.scalars.has(e.id)) return ctx.scalars.get(e.id)!;
  const t = runPlan(e.plan, ctx);
  let v: Value;
  const first = t.columns[0];
  if (e.asList) {
    const arr: Json[] = [];
    if (first !== undefined) for (let i = 0; i < t.rowCount; i++) arr.push(toDynamic(first.get(i), first.type));
    v = arr;
  } else {
    v = first === undefined || t.rowCount === 0 ? (e.type === "string" ? "" : null) : first.get(0);
    if (first !== undefined && first.type !== e.type && e.type === "dynamic") v = toDynamic(v, first.type);
  }
  ctx.scalars.set(e.id, v);
  return v;
}

function evalAccess(e: Extract<Expr, { kind: "member" | "index" }>, table: Table, ctx: ExecContext): Column {
  const target = evalExpr(e.target, table, ctx);
  const key = e.kind === "index" ? evalExpr(e.index, table, ctx) : undefined;
  const name = e.kind === "member" ? e.name : undefined;
  const n = table.rowCount;
  const access = (v: Value, k: Value): Value => {
    if (v === null || typeof v !== "object") return null;
    if (Array.isArray(v)) {
      if (typeof k !== "number") return null;
      const i = k < 0 ? v.length + k : k;
      return (v[i] ?? null) as Value;
    }
    if (typeof k !== "string") return null;
    return Object.hasOwn(v, k) ? (v[k] as Value) : null;
  };
  if (target instanceof ConstantColumn && (key === undefined || key instanceof ConstantColumn)) {
    return new ConstantColumn(e.type, access(target.value, name ?? key!.get(0)), n);
  }
  const b = new ColumnBuilder("dynamic", n);
  for (let i = 0; i < n; i++) b.push(access(target.get(i), name ?? key!.get(i)));
  return b.finish();
}

function kernelFor(e: Extract<Expr, { kind: "call" }>, args: readonly Column[], ctx: ExecContext): RowKernel {
  const cached = ctx.kernels.get(e);
  if (cached !== undefined) return cached;
  const fn = lookupScalar(e.fn);
  if (fn === undefined) throw notSupported(e.fn, e.span);
  const site: CallSite = {
    name: e.fn,
    argTypes: e.args.map((a) => a.type),
    resultType: e.type,
    constants: e.args.map((a, i) => {
      const c = args[i];
      return c instanceof ConstantColumn && isPlanConstant(a) ? c.value : undefined;
    }),
    now: ctx.now,
    ...(ctx.source.ipLocator === undefined ? {} : { ipLocator: ctx.source.ipLocator }),
    ...siteLimits(ctx, e.fn, e.span),
  };
  let kernel: RowKernel;
  try {
    kernel = fn.bind(site);
  } catch (err) {
    if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, e.span) : err;
    throw engineError("WQ002", [e.fn, String((err as Error).message)], e.span);
  }
  ctx.kernels.set(e, kernel);
  return kernel;
}

/** A call site's hooks into the execution's time limit, memory budget and warnings (../limits.ts). */
export function siteLimits(ctx: ExecContext, fn: string, span: Span | undefined): Pick<CallSite, "reserve" | "warn" | "checkpoint"> {
  return {
    reserve: (bytes, what) => ctx.reserve(bytes, `${fn}: ${what}`, span),
    warn: (message) => ctx.warn("WQ055", `${fn}: ${message}`, span),
    checkpoint: () => ctx.checkpoint(span),
  };
}

/** Whether an expression has one value for the whole query (so a kernel may specialise on it). */
export function isPlanConstant(e: Expr): boolean {
  if (e.kind === "literal" || e.kind === "scalar-query") return true;
  if (e.kind === "call") return e.args.every(isPlanConstant) && e.fn !== "rand" && e.fn !== "new_guid";
  if (e.kind === "member") return isPlanConstant(e.target);
  if (e.kind === "index") return isPlanConstant(e.target) && isPlanConstant(e.index);
  return false;
}

/** A window function's column: its kernel sees the argument columns in the rows' order. */
function evalWindow(e: Extract<Expr, { kind: "call" }>, fn: WindowFunction, table: Table, ctx: ExecContext): Column {
  const args = e.args.map((a) => evalExpr(a, table, ctx));
  const site: CallSite = {
    name: e.fn,
    argTypes: e.args.map((a) => a.type),
    resultType: e.type,
    constants: e.args.map(() => undefined),
    now: ctx.now,
    ...siteLimits(ctx, e.fn, e.span),
  };
  let values: Value[];
  try {
    values = fn.bind(site)(args, table.rowCount);
  } catch (err) {
    if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, e.span) : err;
    throw engineError("WQ002", [e.fn, String((err as Error).message)], e.span);
  }
  const b = new ColumnBuilder(e.type, table.rowCount);
  for (const v of values) b.push(v);
  return b.finish();
}

function evalCall(e: Extract<Expr, { kind: "call" }>, table: Table, ctx: ExecContext): Column {
  const window = lookupWindow(e.fn);
  if (window !== undefined) return evalWindow(e, window, table, ctx);
  const args = e.args.map((a) => evalExpr(a, table, ctx));
  const kernel = kernelFor(e, args, ctx);
  const n = table.rowCount;
  const vals: Value[] = new Array(args.length);
  const run = (): Value => {
    try {
      return kernel(vals);
    } catch (err) {
      if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, e.span) : err;
      throw engineError("WQ002", [e.fn, String((err as Error).message)], e.span);
    }
  };
  if (args.every((a) => a instanceof ConstantColumn)) {
    for (let j = 0; j < args.length; j++) vals[j] = (args[j] as ConstantColumn).value;
    return new ConstantColumn(e.type, n === 0 ? null : run(), n);
  }
  const fast = e.type === "bool" ? fastCall(e.fn, args, n) : vectorTimeCall(e.fn, e.type, args, n);
  if (fast !== undefined) return fast;
  const dict = byDictionary(args, vals, run, e.type, n);
  if (dict !== undefined) return dict;
  if (isFixedWidth(e.type) && args.every((a) => a instanceof FixedColumn || a instanceof ConstantColumn)) return fixedLoop(e, args, vals, kernel, n);
  // A string or dynamic per row: charged to the memory budget before the loop (a 1e8-row
  // `tostring(x)` stops here rather than exhausting the heap); the loop checks the time limit.
  if (!isFixedWidth(e.type) && n >= 1 << 16) ctx.reserve(n * OBJECT_VALUE_BYTES, `the values of ${e.fn}()`, e.span);
  const b = new ColumnBuilder(e.type, n);
  const tick = ctx.rowTicker(e.span);
  for (let i = 0; i < n; i++) {
    tick();
    for (let j = 0; j < args.length; j++) vals[j] = args[j]!.get(i);
    b.push(run());
  }
  return b.finish();
}

/**
 * A call of fixed-width arguments with a fixed-width result (`hourofday(TimeGenerated)`,
 * `TimeGenerated + 1h`, `bin(TimeGenerated, 1d)`): the kernel per row in a tight loop that
 * reads and writes typed arrays, with one error handler around the loop instead of per row.
 */
function fixedLoop(e: Extract<Expr, { kind: "call" }>, args: readonly Column[], vals: Value[], kernel: RowKernel, n: number): Column {
  const values = new Float64Array(n);
  let nulls: Uint8Array | null = null;
  const cols = args.map((a) => (a instanceof FixedColumn ? a : null));
  const bools = args.map((a) => a.type === "bool");
  for (let j = 0; j < args.length; j++) if (cols[j] === null) vals[j] = (args[j] as ConstantColumn).value;
  try {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < cols.length; j++) {
        const c = cols[j];
        if (c === null || c === undefined) continue;
        vals[j] = c.nulls !== null && c.nulls[i] === 1 ? null : bools[j] ? c.values[i] !== 0 : c.values[i]!;
      }
      const v = kernel(vals);
      if (v === null) (nulls ??= new Uint8Array(n))[i] = 1;
      else values[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
    }
  } catch (err) {
    if (err instanceof KqlError) throw err.span === undefined ? new KqlError(err.code, err.message, e.span) : err;
    throw engineError("WQ002", [e.fn, String((err as Error).message)], e.span);
  }
  return new FixedColumn(e.type, values, nulls);
}

/**
 * When one argument is dictionary-encoded and the others are constant, the call runs once per
 * dictionary entry; rows then look their result up by code.
 */
function byDictionary(
  args: readonly Column[],
  vals: Value[],
  run: () => Value,
  type: import("../types.js").KType,
  n: number,
): Column | undefined {
  let d = -1;
  for (let j = 0; j < args.length; j++) {
    const a = args[j]!;
    if (a instanceof ConstantColumn) vals[j] = a.value;
    else if (a instanceof DictionaryColumn && d < 0) d = j;
    else return undefined;
  }
  if (d < 0) return undefined;
  const dc = args[d] as DictionaryColumn;
  if (dc.dictionary.length * 2 > n) return undefined;
  const results: Value[] = dc.dictionary.map((v) => {
    vals[d] = v;
    return run();
  });
  if (type === "string" || type === "guid") return dictionaryOfResults(type, dc.codes, results);
  const b = new ColumnBuilder(type, n);
  const codes = dc.codes;
  for (let i = 0; i < n; i++) b.push(results[codes[i]!]!);
  return b.finish();
}
