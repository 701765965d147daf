/**
 * Envelopes, streamed: Azure Monitor `{"records":[...]}` and OData `{"value":[...]}` documents,
 * pretty-printed or not, one or several per file, plus format sniffing and peeking.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { JsonEnvelopeScanner, loadJsonEnvelope } from "../../src/data/json-envelope.js";
import { loadTableFile, sniffFormat, sniffText } from "../../src/data/loader.js";
import { peekRecords } from "../../src/data/peek.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "time", type: "datetime" },
  { name: "category", type: "string" },
];

function scan(chunks: string[]) {
  const seen: string[] = [];
  const s = new JsonEnvelopeScanner(new Set(["records", "value"]), {
    element: (t, line) => seen.push(`element@${line}:${t}`),
    member: (k, t, line) => seen.push(`member@${line}:${k}=${t}`),
    end: (line, streamed) => seen.push(`end@${line}:${streamed}`),
    problem: (p, line) => seen.push(`problem@${line}:${p}`),
  });
  for (const c of chunks) s.push(c);
  s.end();
  return seen;
}

describe("JsonEnvelopeScanner", () => {
  test("elements and members with their lines, whatever the chunking", () => {
    const text = '{\n  "@odata.context": "x,}]",\n  "value": [\n    {"a": "}]"},\n    {"b": [1, {"c": 2}]}\n  ],\n  "@odata.nextLink": "n"\n}\n';
    const expected = ['member@2:@odata.context="x,}]"', 'element@4:{"a": "}]"}', 'element@5:{"b": [1, {"c": 2}]}', 'member@7:@odata.nextLink="n"', "end@1:true"];
    assert.deepEqual(scan([text]), expected);
    assert.deepEqual(scan(text.split("")), expected, "one character at a time");
  });

  test("scalars, escapes in keys, several envelopes, and problems", () => {
    assert.deepEqual(scan(['{"records":[1,"two",null],"n":42}{"k\\"ey":true}']), [
      "element@1:1",
      'element@1:"two"',
      "element@1:null",
      "member@1:n=42",
      "end@1:true",
      'member@1:k\\"ey=true',
      "end@1:false",
    ]);
    assert.deepEqual(scan(['[1]']), ["problem@1:not-an-object"]);
    assert.deepEqual(scan(['{"records":[{"a":1}]}\n garbage']), ['element@1:{"a":1}', "end@1:true", "problem@2:trailing-text"]);
    assert.deepEqual(scan(['{"records":[{"a":1},\n{"b":']), ['element@1:{"a":1}', "problem@2:unterminated"]);
  });
});

describe("loadJsonEnvelope", () => {
  test("records of a pretty-printed envelope and of the one after it", async () => {
    const path = fixture(
      "hub.json",
      '{\n "records": [\n  {"time": "2026-11-21T10:00:00Z", "category": "AuditLogs"},\n  {"time": "bad", "category": "SignInLogs"}\n ]\n}\n{"records": [{"time": "2026-11-21T10:05:00Z", "category": "x"}]}\n',
    );
    const r = await loadJsonEnvelope(path, { table: "T", schema: SCHEMA });
    assert.deepEqual(records(r.table), [
      { time: "2026-11-21T10:00:00.0000000Z", category: "AuditLogs" },
      { time: null, category: "SignInLogs" },
      { time: "2026-11-21T10:05:00.0000000Z", category: "x" },
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line]),
      [["WD002", 4]],
    );
  });

  test("bad elements are rejected with their text; a records member that is not an array is WD013", async () => {
    const rejects: [string, number | undefined, string][] = [];
    const path = fixture("bad-hub.json", '{"records": [{"time": oops}, 7, {"category": "ok"}]}\n{"records": "none"}\n');
    const r = await loadJsonEnvelope(path, { table: "T", schema: SCHEMA, onReject: (x) => rejects.push([x.code, x.line, x.text]) });
    assert.equal(r.table.rowCount, 1);
    assert.deepEqual(rejects, [
      ["WD001", 1, '{"time": oops}'],
      ["WD005", 1, "7"],
      ["WD013", 2, '"none"'],
    ]);
    assert.deepEqual(r.stats, { loaded: 1, rejected: 3, coercedToNull: 0 });
  });

  test("one pretty-printed object without records is one record", async () => {
    const r = await loadJsonEnvelope(fixture("one.json", '{\n  "time": "2026-11-21T10:00:00Z",\n  "category": "one"\n}\n'), { table: "T", schema: SCHEMA });
    assert.deepEqual(records(r.table), [{ time: "2026-11-21T10:00:00.0000000Z", category: "one" }]);
  });

  test("a truncated file: WD007, what came before loads", async () => {
    const r = await loadJsonEnvelope(fixture("cut.json.gz", '{"records": [{"category": "a"}, {"category": "b'), { table: "T", schema: SCHEMA });
    assert.equal(r.table.rowCount, 1);
    assert.deepEqual(
      r.diagnostics.map((d) => d.code),
      ["WD007"],
    );
  });
});

describe("sniffing", () => {
  const cases: [string, string, boolean, string][] = [
    ["NDJSON", '{"a":1}\n{"a":2}\n', true, "ndjson"],
    ["one Event Hub message per line", '{"records":[{"a":1}]}\n', true, "ndjson"],
    ["NDJSON whose first line is cut short", '{"a":\n{"a":2}\n', true, "ndjson"],
    ["a pretty-printed envelope", '{\n  "records": [\n', false, "envelope"],
    ["a pretty-printed single object", '{\n  "a": 1\n}', true, "envelope"],
    ["a long first line that is a page", `{"value":[${'{"a":1},'.repeat(10)}`, false, "envelope"],
    ["a long first line that is a record", `{"a":"${"x".repeat(100)}`, false, "ndjson"],
    ["Log Analytics API JSON", ' {"tables":[', false, "la-api"],
    ["a JSON array", "\n[{", false, "json-array"],
    ["CSV without a .csv name", "TimeGenerated,OperationName\r\n", true, "csv"],
    ["an empty file", "", true, "ndjson"],
  ];
  for (const [name, head, complete, format] of cases) {
    test(`${name} → ${format}`, () => assert.equal(sniffText(head, complete), format));
  }

  test("files of each format load through loadTableFile", async () => {
    const env = fixture("sniff-env.json.gz", '{\n "value": [\n  {"category": "g"}\n ]\n}');
    assert.equal(await sniffFormat(env), "envelope");
    assert.deepEqual(records((await loadTableFile(env, { table: "T", schema: SCHEMA })).table), [{ time: null, category: "g" }]);
    const csv = fixture("sniff.txt", "category\nc1\n");
    assert.equal(await sniffFormat(csv), "csv");
  });
});

describe("peekRecords", () => {
  test("the first records of each format, without reading the rest", async () => {
    assert.deepEqual((await peekRecords(fixture("p.ndjson", '{"cut sh\n{"a":1}\n{"a":2}\n{"a":3}\n'), 2)).records, [{ a: 1 }, { a: 2 }]);
    assert.deepEqual((await peekRecords(fixture("p.json", '[{"a":1},{"a":2}]'), 1)).records, [{ a: 1 }]);
    assert.deepEqual((await peekRecords(fixture("p-env.json", '{\n"records":[{"a":1},{"a":2}]}'), 5)).records, [{ a: 1 }, { a: 2 }]);
    assert.deepEqual((await peekRecords(fixture("p-one.json", '{\n"a":1,\n"b":[2]\n}'), 5)).records, [{ a: 1, b: [2] }]);
    const csv = await peekRecords(fixture("p.csv", "a,b\n1,2\n"));
    assert.deepEqual(csv, { format: "csv", records: [{ a: "1", b: "2" }] });
  });
});
