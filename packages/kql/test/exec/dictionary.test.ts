/** Dictionary-encoded string columns must never change a query's result. */
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { Catalog, type Schema, Table, type Value, runQuery } from "../../src/index.js";

const SCHEMA: Schema = [
  { name: "Op", type: "string" },
  { name: "Res", type: "string" },
  { name: "G", type: "guid" },
  { name: "n", type: "long" },
];

const QUERIES = [
  "T | where Op =~ 'add' and Res != 'failure' | project n",
  "T | summarize c = count(), s = make_set(Res) by Op | order by Op asc",
  "T | summarize count() by G, Op | order by G asc, Op asc",
  "T | extend u = toupper(Op), l = strlen(Res) | project u, l, n",
  "T | join kind=inner (T | where n % 3 == 0 | project Op, m = n) on Op | summarize count(), sum(m) by Op | order by Op asc",
  "T | join kind=leftouter (T | where n < 5 | project G, m = n) on G | project n, m, G | order by n asc, m asc",
  "T | distinct Res, Op | order by Res asc, Op asc",
  "T | sort by Op asc, n desc | take 7 | project Op, n",
  "T | where Res in ('ok', 'failure') | count",
  // Several dictionary columns in one expression; unions of dictionary columns.
  "T | extend k = strcat(tolower(Op), '/', coalesce(Res, 'none'), '/', tostring(G)) | summarize count() by k | order by k asc",
  "union (T | where n < 40), (T | where n >= 40 | extend Op = 'other') | summarize count() by Op, Res | order by Op asc, Res asc",
  "union T, (print Op = 'x', Res = 'y', n = 0) | where Op == 'x' or Res == '' | project Op, Res, n | order by n asc, Op asc",
];

test("encoded and plain layouts give identical results", () => {
  const op = fc.constantFrom("add", "Add", "update", "", "remove");
  const res = fc.constantFrom("ok", "failure", "");
  const guid = fc.option(fc.constantFrom("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7"), { nil: null });
  fc.assert(
    fc.property(fc.array(fc.tuple(op, res, guid), { minLength: 64, maxLength: 120 }), (rows) => {
      const data = rows.map((r, i) => [...r, i] as Value[]);
      const plain = new Catalog({ dictionaryEncode: false }).addTable("T", SCHEMA, Table.fromRows(SCHEMA, data));
      const encoded = new Catalog().addTable("T", SCHEMA, Table.fromRows(SCHEMA, data));
      for (const q of QUERIES) {
        const a = runQuery(q, plain, { now: 0 });
        const b = runQuery(q, encoded, { now: 0 });
        assert.deepEqual(b.diagnostics, a.diagnostics, q);
        assert.deepEqual(b.tables[0]!.rows(), a.tables[0]!.rows(), q);
      }
    }),
    { numRuns: 40 },
  );
});
