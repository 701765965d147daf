/**
 * `declare query_parameters(...)` with values from the caller (CompileOptions.parameters): bound as
 * values of the declared types, never spliced into the query text; defaults and nulls otherwise.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { Catalog, compile, execute } from "../../src/index.js";

const Q = "declare query_parameters(who:string = 'nobody', at:datetime, ids:dynamic = dynamic([]), n:long = 3);\nprint who, at = tostring(at), ids, n, greeting = strcat('hi ', who)";

const cases: { name: string; parameters?: Record<string, unknown>; rows?: unknown[][]; error?: RegExp }[] = [
  { name: "no values: defaults, and null where there is none", rows: [["nobody", "", [], 3, "hi nobody"]] },
  {
    name: "values of each type; a value with quotes and KQL in it stays a value",
    parameters: { who: `x"); print 'pwned' //`, at: "2026-11-20T10:00:00Z", ids: ["k1", { y: 1 }], n: 7 },
    rows: [[`x"); print 'pwned' //`, "2026-11-20T10:00:00Z", ["k1", { y: 1 }], 7, `hi x"); print 'pwned' //`]],
  },
  { name: "a value that does not convert to its type is an error at the parameter", parameters: { n: "many" }, error: /WQ007.*'n'.*long/ },
];

for (const c of cases)
  test(c.name, () => {
    const catalog = new Catalog();
    const compiled = compile(Q, catalog, c.parameters === undefined ? {} : { parameters: c.parameters });
    if (c.error !== undefined) {
      const d = compiled.diagnostics.find((x) => x.severity === "error");
      assert.ok(d !== undefined);
      assert.match(`${d.code} ${d.message}`, c.error);
      assert.equal(Q.slice(d.span!.start, d.span!.start + d.span!.length), "n");
      return;
    }
    const r = execute(compiled, catalog);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.tables[0]!.rows(), c.rows);
  });
