/**
 * The catalog fuzz cases run against: `T` and `U` with a column of every type, and every Log
 * Analytics table the corpus names, each with a few rows of ordinary and extreme values
 * (nulls, empty strings, ±1e308, NaN, 2^53 + 1, datetimes at the ends of the range, nested and
 * empty dynamic values, hostile text). The same every run.
 */
import { Catalog, type KType, type Schema, Table, type Value } from "../src/index.js";
import { loadCorpus } from "./corpus.js";
import { Rng } from "./rng.js";

const TICK_YEAR = 315_576_000_000_000;

const VALUES: Record<KType, readonly Value[]> = {
  bool: [true, false, null],
  int: [0, 1, -1, 2147483647, -2147483648, null],
  long: [0, 1, -1, 4503599627370497, 9007199254740991, -9007199254740991, null],
  real: [0, -0, 1.5, 1e308, -1e308, Number.NaN, Number.POSITIVE_INFINITY, 5e-324, null],
  decimal: [0, 1.25, -1e28, null],
  string: ["", "a", "Add service principal", "10.0.0.1", "2001:db8::1", "x,y;z=1", '{"a":[1,2]}', "\u202eexe.txt", "=HYPERLINK(1)", "a".repeat(3000), "%s%n"],
  datetime: [0, TICK_YEAR * 6.9, -TICK_YEAR * 2019, TICK_YEAR * 7979, null],
  timespan: [0, 36_000_000_000, -864_000_000_000, 2 ** 63, null],
  guid: ["00000000-0000-0000-0000-000000000000", "8f2c4d5e-1a2b-4c3d-9e8f-0123456789ab", null],
  dynamic: [null, [], {}, [1, 2, 3], { a: 1, b: { c: [1, "x"] } }, "s", 1.5, [[1], [2, [3]]], { "": null, "\u001b[2J": "k" }],
};

export const ALL_TYPES_SCHEMA: Schema = (Object.keys(VALUES) as KType[]).map((t) => ({ name: `c_${t}`, type: t }));

function rows(schema: Schema, n: number, rng: Rng): Value[][] {
  const out: Value[][] = [];
  for (let i = 0; i < n; i++) out.push(schema.map((c) => rng.pick(VALUES[c.type] ?? [null])));
  return out;
}

let cached: Catalog | undefined;

export function fuzzCatalog(): Catalog {
  if (cached !== undefined) return cached;
  const rng = new Rng(7);
  const catalog = new Catalog();
  for (const name of ["T", "U"]) catalog.addTable(name, ALL_TYPES_SCHEMA, Table.fromRows(ALL_TYPES_SCHEMA, rows(ALL_TYPES_SCHEMA, 8, rng)));
  const { queries, tables } = loadCorpus();
  const named = new Set<string>();
  for (const q of queries) for (const m of q.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (tables.has(m[0])) named.add(m[0]);
  for (const name of [...named].sort()) {
    const schema = tables.get(name)!;
    catalog.addTable(name, schema, Table.fromRows(schema, rows(schema, 6, rng)));
  }
  cached = catalog;
  return catalog;
}

/** Literal expressions of each type, ordinary and extreme, for generated calls. */
export const LITERALS: Record<KType, readonly string[]> = {
  bool: ["true", "false", "bool(null)"],
  int: ["int(0)", "int(2147483647)", "int(-1)", "int(null)"],
  long: ["0", "1", "-1", "7", "4503599627370497", "9223372036854775807", "-9223372036854775808", "long(null)", "1000000000"],
  real: ["0.0", "-0.0", "1.5", "1e308", "-1e308", "real(nan)", "real(+inf)", "real(-inf)", "5e-324", "real(null)"],
  decimal: ["decimal(1.25)", "decimal(-1e28)", "decimal(null)"],
  string: ['""', '"a"', '"a,b;c=d"', '"10.0.0.0/8"', '"2026-01-01T00:00:00Z"', '"1h"', '"[1,2]"', '"{\\"a\\":1}"', '"(a+)+$"', '"%"', '"\\u202e"', 'strrep("ab", 1000)', '"Ⅷ日本"'],
  datetime: ["datetime(2026-01-01)", "datetime(null)", "datetime(0001-01-01)", "datetime(9999-12-31 23:59:59.9999999)", "now()", "ago(1d)"],
  timespan: ["1h", "0s", "-1d", "time(null)", "10675199d", "1tick", "totimespan('00:00:01')"],
  guid: ["guid(00000000-0000-0000-0000-000000000000)", "guid(null)", "toguid('8f2c4d5e-1a2b-4c3d-9e8f-0123456789ab')"],
  dynamic: ["dynamic(null)", "dynamic([])", "dynamic([1,2,3])", 'dynamic({"a":1,"b":[1,2]})', "dynamic([[1],[2]])", 'dynamic("s")', "range(1, 100000)", "pack_array(1, 'a')"],
};
