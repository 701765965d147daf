/** JSON arrays (streamed, element lines), the Log Analytics API shape, and format sniffing. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JsonArrayScanner, loadJsonArray, loadLogAnalyticsJson } from "../../src/data/json.js";
import { findJsonError } from "../../src/data/json-error.js";
import { loadTableFile, sniffFormat } from "../../src/data/loader.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records, schemaText } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "OperationName", type: "string" },
  { name: "TargetResources", type: "dynamic" },
];

const ARRAY = `[
  {"TimeGenerated": "2026-11-21T10:00:00Z", "OperationName": "Add service principal",
   "TargetResources": [{"id": "sp1", "note": "has ] and } and \\" inside"}]},
  {"TimeGenerated": "2026-11-21T10:01:00Z", "OperationName": oops},
  42,
  {"TimeGenerated": "2026-11-21T10:02:00Z", "OperationName": "Update application"}
]
`;

const LA_API = JSON.stringify({
  tables: [
    {
      name: "PrimaryResult",
      columns: [
        { name: "TimeGenerated", type: "datetime" },
        { name: "OperationName", type: "string" },
        { name: "TargetResources", type: "dynamic" },
        { name: "Count", type: "long" },
      ],
      rows: [
        ["2026-11-21T10:00:00Z", "Add service principal", '[{"id":"sp1"}]', 3],
        ["2026-11-21T10:01:00Z", "Consent to application", "[]", null],
      ],
    },
    { name: "Other", columns: [], rows: [] },
  ],
});

describe("JSON array", () => {
  test("each element loads alone: a bad one is WD001 at its line, a scalar WD005", async () => {
    const path = fixture("audit.json", ARRAY);
    const r = await loadJsonArray(path, { table: "AuditLogs", schema: SCHEMA });
    assert.deepEqual(records(r.table), [
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", OperationName: "Add service principal", TargetResources: [{ id: "sp1", note: 'has ] and } and " inside' }] },
      { TimeGenerated: "2026-11-21T10:02:00.0000000Z", OperationName: "Update application", TargetResources: null },
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line]),
      [
        ["WD001", 4],
        ["WD005", 5],
      ],
    );
    assert.deepEqual(r.stats, { loaded: 2, rejected: 2, coercedToNull: 0 });
  });

  test("the scanner finds elements across chunk boundaries of any size", () => {
    const text = `[{"a":"x,y]"}, [1,[2]] ,"s\\"}" ,7,true,null]`;
    const expected = [`{"a":"x,y]"}`, "[1,[2]]", `"s\\"}"`, "7", "true", "null"];
    for (let size = 1; size <= text.length; size++) {
      const got: string[] = [];
      const problems: string[] = [];
      const s = new JsonArrayScanner(
        (t) => got.push(t),
        (p) => problems.push(p),
      );
      for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size));
      s.end();
      assert.deepEqual(got, expected, `chunk size ${size}`);
      assert.deepEqual(problems, []);
    }
  });

  test("a file cut short: the complete elements load, WD007 says where", async () => {
    const r = await loadJsonArray(fixture("cut.json", `[{"OperationName":"a"},\n{"OperationName":"b`), { table: "T", schema: SCHEMA });
    assert.deepEqual(
      records(r.table).map((x) => x.OperationName),
      ["a"],
    );
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line]),
      [
        ["WD007", 2],
        ["WD007", 2],
      ],
    );
  });

  test("not an array: WD004 error", async () => {
    const r = await loadJsonArray(fixture("obj.json", `{"a":1}`), { table: "T" });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity]),
      [["WD004", "error"]],
    );
  });

  test("inferred schema (az CLI output is an array of objects)", async () => {
    const r = await loadJsonArray(fixture("az.json", `[{"n":1,"t":"2026-11-21T10:00:00Z"},{"n":2.5}]`), { table: "T" });
    assert.equal(schemaText(r.table), "n:real, t:datetime");
  });
});

describe("Log Analytics API response", () => {
  test("column types from the file; dynamic cells are JSON text; WD008 for the other table", async () => {
    const r = await loadLogAnalyticsJson(fixture("la.json", LA_API), { table: "AuditLogs" });
    assert.equal(schemaText(r.table), "TimeGenerated:datetime, OperationName:string, TargetResources:dynamic, Count:long");
    assert.deepEqual(records(r.table), [
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", OperationName: "Add service principal", TargetResources: [{ id: "sp1" }], Count: 3 },
      { TimeGenerated: "2026-11-21T10:01:00.0000000Z", OperationName: "Consent to application", TargetResources: [], Count: null },
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WD008"],
    );
  });

  test("a given schema wins; columns it lacks are WD003", async () => {
    const r = await loadLogAnalyticsJson(fixture("la2.json", LA_API), { table: "AuditLogs", schema: SCHEMA });
    assert.equal(schemaText(r.table), "TimeGenerated:datetime, OperationName:string, TargetResources:dynamic");
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === "WD003").map((d) => d.field),
      ["Count"],
    );
  });

  test("invalid JSON: WD004 with line and column", async () => {
    const r = await loadLogAnalyticsJson(fixture("bad-la.json", `{"tables": [\n  {"name": }\n]}`), { table: "T" });
    const [d] = r.diagnostics;
    assert.equal(d?.code, "WD004");
    assert.equal(d?.severity, "error");
    assert.equal(d?.line, 2);
  });
});

describe("loadTableFile", () => {
  const cases: [string, string, string][] = [
    ["la.json.gz", LA_API, "la-api"],
    ["arr.json", ARRAY, "json-array"],
    ["lines.json", `{"OperationName":"x"}\n{"OperationName":"y"}\n`, "ndjson"],
    ["pretty-first.ndjson", `  \n{"tables_not":1}\n`, "ndjson"],
    ["t.csv", "OperationName\nx\n", "csv"],
  ];
  for (const [name, text, format] of cases) {
    test(`sniffs ${name} as ${format}`, async () => {
      assert.equal(await sniffFormat(fixture(name, text)), format);
    });
  }

  test("loads the sniffed format, gzip included", async () => {
    const r = await loadTableFile(fixture("la3.json.gz", LA_API), { table: "AuditLogs" });
    assert.equal(r.stats.loaded, 2);
    const n = await loadTableFile(fixture("n.jsonl.gz", `{"OperationName":"x"}\n`), { table: "T", schema: SCHEMA });
    assert.deepEqual(
      records(n.table).map((x) => x.OperationName),
      ["x"],
    );
  });

  test("a missing file: WD004, never a throw", async () => {
    const r = await loadTableFile("/nonexistent/widar/t.json", { table: "T", schema: SCHEMA });
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WD004"],
    );
    assert.equal(r.table.rowCount, 0);
  });
});

describe("findJsonError", () => {
  const cases: [string, number | undefined, RegExp?][] = [
    ['{"a":[1,2,{"b":null}],"c":"\\u00e9"}', undefined],
    ['{"a":}', 5, /unexpected "}" \(expected a value\)/],
    ['{"a":1,}', 7, /property name/],
    ["{'a':1}", 1, /property name/],
    ['{"a":1', 6, /unexpected end of text/],
    ['"tab\there"', 4, /control character/],
    ["[1 2]", 3, /',' or ']'/],
    ["01", 1, /end of the text/],
    ['{"a":tru}', 5, /expected a value/],
  ];
  for (const [text, offset, message] of cases) {
    test(text, () => {
      const e = findJsonError(text);
      assert.equal(e?.offset, offset);
      if (message !== undefined) assert.match(e?.message ?? "", message);
    });
  }
});
