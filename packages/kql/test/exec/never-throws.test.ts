/**
 * Property: whatever values a table holds, running the common operators over it yields tables
 * or diagnostics — the engine never lets a raw exception escape.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Catalog, type KType, type Schema, Table, type Value, runQuery } from "../../src/index.js";

const TICKS_2020_YEAR = 315_360_000_000_000;

const arbitraryOf: Record<KType, fc.Arbitrary<Value>> = {
  bool: fc.option(fc.boolean(), { nil: null }),
  int: fc.option(fc.integer(), { nil: null }),
  long: fc.option(fc.maxSafeInteger(), { nil: null }),
  real: fc.option(fc.double(), { nil: null }),
  decimal: fc.option(fc.double({ noNaN: true }), { nil: null }),
  string: fc.string(),
  datetime: fc.option(fc.integer({ min: -40 * TICKS_2020_YEAR, max: 40 * TICKS_2020_YEAR }), { nil: null }) as fc.Arbitrary<Value>,
  timespan: fc.option(fc.integer(), { nil: null }),
  guid: fc.option(fc.uuid(), { nil: null }),
  dynamic: fc.jsonValue() as fc.Arbitrary<Value>,
};

const SCHEMA: Schema = (Object.keys(arbitraryOf) as KType[]).map((t) => ({ name: `c_${t}`, type: t }));

const QUERIES = [
  "T | where c_string has 'a' or c_long > 3 or c_datetime > ago(1d)",
  "T | summarize count(), dcount(c_string), make_set(c_dynamic), min(c_real), max(c_datetime), sum(c_long) by c_bool",
  "T | extend s = strcat(c_string, tostring(c_dynamic), tostring(c_guid)), n = toint(c_string), d = c_datetime + c_timespan",
  "T | sort by c_real asc, c_string desc | take 5",
  "T | join kind=leftouter (T | project c_string, x = c_int) on c_string | count",
  "T | mv-expand c_dynamic | project c_dynamic, l = array_length(c_dynamic)",
  "T | extend b = c_string matches regex '[a-z]+', k = split(c_string, ',')[0], i = ipv4_is_in_any_range(c_string, '10.0.0.0/8')",
  "T | where c_dynamic.a.b == 'x' or tostring(c_dynamic[0]) =~ 'y' | distinct c_string",
];

test("the executor never throws on random values of every type", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(...SCHEMA.map((c) => arbitraryOf[c.type])), { maxLength: 12 }), (rows) => {
      const catalog = new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, rows as Value[][]));
      for (const q of QUERIES) {
        const r = runQuery(q, catalog, { now: Date.UTC(2026, 10, 21) });
        const internal = r.diagnostics.filter((d) => d.code === "WQ004");
        assert.deepEqual(internal, [], `${q}: ${internal.map((d) => d.message).join("; ")}`);
      }
    }),
    { numRuns: 60 },
  );
});
