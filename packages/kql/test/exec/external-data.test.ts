/** externaldata (externaldata-operator.md) over the caller's local copies; no copy: empty, with a warning. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Catalog } from "../../src/index.js";
import { run } from "../support.js";

const URL_CSV = "https://example.org/apps.csv";
const catalog = () =>
  new Catalog()
    .addExternalData(URL_CSV, "Name,Id,Seen\nPortal,1,2024-01-02T00:00:00Z\n\"Graph, Explorer\",2,\n")
    .addExternalData("https://example.org/a.json", '{"Name":"x","Id":7}\n{"Name":"y"}\n')
    .addExternalData("https://example.org/b.txt", "10.0.0.1\n10.0.0.2\n")
    .addExternalData("https://example.org/c.tsv", "p\t3\n");

describe("externaldata", () => {
  const cases: [string, string, unknown[][]][] = [
    ["csv with a header record", `externaldata(Name:string, Id:long, Seen:datetime)['${URL_CSV}'] with (format='csv', ignoreFirstRecord=true)`, [["Portal", 1, "2024-01-02T00:00:00.0000000Z"], ["Graph, Explorer", 2, null]]],
    ["multijson by column name", "externaldata(Name:string, Id:long)[h@'https://example.org/a.json'] with (format='multijson')", [["x", 7], ["y", null]]],
    ["txt: one value per line", "externaldata(Ip:string)['https://example.org/b.txt'] with (format='txt')", [["10.0.0.1"], ["10.0.0.2"]]],
    ["several URLs, their rows in order", "externaldata(Name:string, Id:long)['https://example.org/c.tsv', 'https://example.org/c.tsv'] with (format='tsv')", [["p", 3], ["p", 3]]],
  ];
  for (const [name, q, rows] of cases)
    test(name, () => {
      const r = run(q, catalog());
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(r.rows, rows);
    });

  test("a URL with no local copy is an empty table and a WQ017 warning at the operator", () => {
    const q = "let known = externaldata(Ip:string)['https://nowhere.example/ips.txt']; print n = toscalar(known | count)";
    const r = run(q, new Catalog());
    assert.deepEqual(r.rows, [[0]]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity, d.span?.start]),
      [["WQ017", "warning", q.indexOf("externaldata")]],
    );
  });

  test("inline_external_table still needs blob storage: WQ006 at the operator", () => {
    const r = run('inline_external_table(x:long) kind=storage dataformat=csv (h@"https://x.example/a.csv") | count');
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.span?.start]),
      [["WQ006", 0]],
    );
  });
});
