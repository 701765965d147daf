/** CSV: the RFC 4180 parser (in any chunking) and loadCsv (schema'd, inferred, portal exports). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CsvParser, type CsvRecord, loadCsv, parseCsv } from "../../src/data/csv.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records, schemaText } from "./fixtures.js";

describe("parseCsv", () => {
  const cases: [string, string, string[][]][] = [
    ["plain", "a,b\n1,2\n", [["a", "b"], ["1", "2"]]],
    ["CRLF and no final newline", "a,b\r\n1,2", [["a", "b"], ["1", "2"]]],
    ["lone CR", "a\r1\r", [["a"], ["1"]]],
    ["quoted comma, quote and newline", 'x,"a,b","say ""hi""","line1\r\nline2"\n', [["x", "a,b", 'say "hi"', "line1\r\nline2"]]],
    ["empty fields", ",a,,\n", [["", "a", "", ""]]],
    ["empty quoted field", '""\n', [[""]]],
    ["empty lines are skipped", "a\n\n\r\nb\n", [["a"], ["b"]]],
    ["a quote inside an unquoted field is literal", 'ab"c,d\n', [['ab"c', "d"]]],
    ["text after a closing quote is kept", '"ab"c,d\n', [["abc", "d"]]],
    ["BOM", "\uFEFFa,b\n", [["a", "b"]]],
  ];
  for (const [name, text, expected] of cases) {
    test(name, () => assert.deepEqual(parseCsv(text), expected));
  }

  test("every chunking gives the same records and start lines", () => {
    const text = 'h1,h2\r\n"multi\nline",x\r\n\r\n"q""q",y\nlast,"z"';
    const whole: CsvRecord[] = [];
    const p0 = new CsvParser((r) => whole.push(r));
    p0.push(text);
    p0.end();
    assert.deepEqual(
      whole.map((r) => [r.line, ...r.fields]),
      [
        [1, "h1", "h2"],
        [2, "multi\nline", "x"],
        [5, 'q"q', "y"],
        [6, "last", "z"],
      ],
    );
    for (let size = 1; size < text.length; size++) {
      const got: CsvRecord[] = [];
      const p = new CsvParser((r) => got.push(r));
      for (let i = 0; i < text.length; i += size) p.push(text.slice(i, i + size));
      p.end();
      assert.deepEqual(got, whole, `chunk size ${size}`);
    }
  });

  test("an unterminated quote is reported with the record's line", () => {
    const got: string[][] = [];
    const p = new CsvParser((r) => got.push(r.fields));
    p.push('a\n"open,\nstill');
    assert.deepEqual(p.end(), { unterminatedAtLine: 2 });
    assert.deepEqual(got, [["a"], ["open,\nstill"]]);
  });
});

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "AppId", type: "string" },
  { name: "InitiatedBy", type: "dynamic" },
  { name: "Count", type: "long" },
];

// What a Log Analytics "Export to CSV" looks like: JSON-text dynamic columns, quoted newlines.
const EXPORT = [
  "TimeGenerated,AppId,InitiatedBy,Count",
  '2026-11-21T10:00:00Z,a1,"{""user"":{""id"":""u1""}}",1',
  '2026-11-21T10:01:00Z,"a2 with',
  'a newline","[1,2]",',
  "2026-11-21T10:02:00Z,a3,,x",
  "2026-11-21T10:03:00Z,a4",
  "",
].join("\r\n");

describe("loadCsv", () => {
  test("with a schema: JSON-text dynamic, quoted newlines, WD002 and WD006 with lines", async () => {
    const path = fixture("export.csv", EXPORT);
    const r = await loadCsv(path, { table: "AuditLogs", schema: SCHEMA });
    assert.deepEqual(records(r.table), [
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", AppId: "a1", InitiatedBy: { user: { id: "u1" } }, Count: 1 },
      { TimeGenerated: "2026-11-21T10:01:00.0000000Z", AppId: "a2 with\r\na newline", InitiatedBy: [1, 2], Count: null },
      { TimeGenerated: "2026-11-21T10:02:00.0000000Z", AppId: "a3", InitiatedBy: null, Count: null },
      { TimeGenerated: "2026-11-21T10:03:00.0000000Z", AppId: "a4", InitiatedBy: null, Count: null },
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.field]),
      [
        ["WD002", 5, "Count"],
        ["WD006", 6, undefined],
      ],
    );
    assert.deepEqual(r.stats, { loaded: 4, rejected: 0, coercedToNull: 1 });
  });

  test("without a schema: inferred from the text; `[UTC]` headers are datetimes", async () => {
    const text = [
      "TimeGenerated [UTC],Id,Score,Enabled,Props,Name",
      '"11/21/2026, 10:00:00.000 AM",1,0.5,True,"{""a"":1}",x',
      '"11/21/2026, 1:30:00.000 PM",2,1,False,,007',
    ].join("\n");
    const r = await loadCsv(fixture("portal.csv.gz", text), { table: "T" });
    assert.equal(schemaText(r.table), "TimeGenerated:datetime, Id:long, Score:real, Enabled:bool, Props:dynamic, Name:string");
    assert.deepEqual(records(r.table), [
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", Id: 1, Score: 0.5, Enabled: true, Props: { a: 1 }, Name: "x" },
      { TimeGenerated: "2026-11-21T13:30:00.0000000Z", Id: 2, Score: 1, Enabled: false, Props: null, Name: "007" },
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  test("a header without rows still gives its columns; duplicates are WD010", async () => {
    const r = await loadCsv(fixture("header.csv", "a,b,a,\n"), { table: "T" });
    assert.equal(schemaText(r.table), "a:string, b:string, Column4:string");
    assert.equal(r.table.rowCount, 0);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.field]),
      [["WD010", "a"]],
    );
  });

  test("an empty file is an empty table", async () => {
    const r = await loadCsv(fixture("empty.csv", ""), { table: "T", schema: SCHEMA });
    assert.equal(r.table.rowCount, 0);
    assert.deepEqual(r.diagnostics, []);
  });
});
