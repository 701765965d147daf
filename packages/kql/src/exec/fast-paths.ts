/**
 * Vectorised loops for the shapes that dominate rule filters: comparisons of an integer,
 * datetime or timespan column with a constant (or another such column), and three-valued
 * and/or over bool columns. They compute exactly what the registry's kernels compute, without a
 * call per row; anything else returns undefined and takes the general path.
 */
import type { KType } from "../types.js";
import { type Column, ConstantColumn, FixedColumn } from "./column.js";

const EXACT: ReadonlySet<KType> = new Set(["int", "long", "datetime", "timespan"]);

function comparable(a: KType, b: KType): boolean {
  if (!EXACT.has(a) || !EXACT.has(b)) return false;
  return a === b || ((a === "int" || a === "long") && (b === "int" || b === "long"));
}

type Cmp = (x: number, y: number) => boolean;
const COMPARISONS: Record<string, Cmp> = {
  "==": (x, y) => x === y,
  "!=": (x, y) => x !== y,
  "<": (x, y) => x < y,
  "<=": (x, y) => x <= y,
  ">": (x, y) => x > y,
  ">=": (x, y) => x >= y,
};

function bools(n: number): { values: Float64Array; nulls: Uint8Array | null } {
  return { values: new Float64Array(n), nulls: null };
}

function hasNulls(c: Column): boolean {
  return c instanceof ConstantColumn ? c.value === null : c instanceof FixedColumn && c.nulls !== null;
}

function isNullAt(c: Column, i: number): boolean {
  return c instanceof ConstantColumn ? c.value === null : (c as FixedColumn).nulls?.[i] === 1;
}

function valueAt(c: Column, i: number): number {
  return c instanceof ConstantColumn ? (c.value as number) : (c as FixedColumn).values[i]!;
}

function equalityWithNulls(negated: boolean, a: Column, b: Column, n: number): Column | undefined {
  const fixedOrConst = (c: Column) => c instanceof FixedColumn || c instanceof ConstantColumn;
  if (!fixedOrConst(a) || !fixedOrConst(b)) return undefined;
  const out = bools(n);
  for (let i = 0; i < n; i++) {
    const an = isNullAt(a, i);
    const bn = isNullAt(b, i);
    if (an && bn) {
      out.nulls ??= new Uint8Array(n);
      out.nulls[i] = 1;
    } else if (an || bn) out.values[i] = negated ? 1 : 0;
    else out.values[i] = (valueAt(a, i) === valueAt(b, i)) !== negated ? 1 : 0;
  }
  return new FixedColumn("bool", out.values, out.nulls);
}

function compare(fn: string, a: Column, b: Column, n: number): Column | undefined {
  const cmp = COMPARISONS[fn];
  if (cmp === undefined || !comparable(a.type, b.type)) return undefined;
  const out = bools(n);
  // ==/!= of a null with a non-null is false/true (the null-values page); null with null is null.
  if ((fn === "==" || fn === "!=") && (hasNulls(a) || hasNulls(b))) return equalityWithNulls(fn === "!=", a, b, n);
  if (a instanceof FixedColumn && b instanceof ConstantColumn) {
    if (b.value === null) return new ConstantColumn("bool", null, n);
    const y = b.value as number;
    const xs = a.values;
    const an = a.nulls;
    for (let i = 0; i < n; i++) {
      if (an !== null && an[i] === 1) {
        out.nulls ??= new Uint8Array(n);
        out.nulls[i] = 1;
      } else out.values[i] = cmp(xs[i]!, y) ? 1 : 0;
    }
    return new FixedColumn("bool", out.values, out.nulls);
  }
  if (a instanceof ConstantColumn && b instanceof FixedColumn) {
    const flipped: Record<string, string> = { "==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" };
    return compare(flipped[fn]!, b, a, n);
  }
  if (a instanceof FixedColumn && b instanceof FixedColumn) {
    const xs = a.values;
    const ys = b.values;
    for (let i = 0; i < n; i++) {
      if ((a.nulls !== null && a.nulls[i] === 1) || (b.nulls !== null && b.nulls[i] === 1)) {
        out.nulls ??= new Uint8Array(n);
        out.nulls[i] = 1;
      } else out.values[i] = cmp(xs[i]!, ys[i]!) ? 1 : 0;
    }
    return new FixedColumn("bool", out.values, out.nulls);
  }
  return undefined;
}

/** Kusto's three-valued logic: false and null = false; true or null = true; else null. */
function logic(fn: "and" | "or", a: Column, b: Column, n: number): Column | undefined {
  if (a.type !== "bool" || b.type !== "bool" || !(a instanceof FixedColumn) || !(b instanceof FixedColumn)) return undefined;
  const out = bools(n);
  const dominant = fn === "and" ? 0 : 1;
  for (let i = 0; i < n; i++) {
    const an = a.nulls !== null && a.nulls[i] === 1;
    const bn = b.nulls !== null && b.nulls[i] === 1;
    const x = a.values[i]!;
    const y = b.values[i]!;
    if ((!an && x === dominant) || (!bn && y === dominant)) out.values[i] = dominant;
    else if (an || bn) {
      out.nulls ??= new Uint8Array(n);
      out.nulls[i] = 1;
    } else out.values[i] = 1 - dominant;
  }
  return new FixedColumn("bool", out.values, out.nulls);
}

export function fastCall(fn: string, args: readonly Column[], n: number): Column | undefined {
  if (args.length !== 2) return undefined;
  if (fn === "and" || fn === "or") return logic(fn, args[0]!, args[1]!, n);
  return compare(fn, args[0]!, args[1]!, n);
}
