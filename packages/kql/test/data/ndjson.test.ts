/** NDJSON loading: schema'd and inferred, bad lines, bad values, unknown fields, gzip, caps. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadNdjson } from "../../src/data/ndjson.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records, schemaText } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "AppId", type: "string" },
  { name: "Count", type: "long" },
  { name: "InitiatedBy", type: "dynamic" },
];

const LINES = [
  `{"TimeGenerated":"2026-11-21T10:00:00Z","AppId":"a1","Count":1,"InitiatedBy":{"app":{"id":"x"}}}`,
  `{"TimeGenerated":"2026-11-21T10:05:00Z","AppId":"a2","Count":"2"`, // truncated: bad JSON
  "",
  `{"TimeGenerated":"/Date(1795255200000)/","AppId":"a3","Count":3,"Extra":true}`,
  `["not","an","object"]`,
  `{"TimeGenerated":"not a date","AppId":"a4","Count":4.5,"Extra":1,"appId":"dup"}`,
];

describe("loadNdjson", () => {
  test("a bad line is a WD001 with file and line; every other line loads", async () => {
    const path = fixture("events.ndjson", `${LINES.join("\r\n")}\n`);
    const r = await loadNdjson(path, { table: "Events", schema: SCHEMA });
    assert.deepEqual(records(r.table), [
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", AppId: "a1", Count: 1, InitiatedBy: { app: { id: "x" } } },
      { TimeGenerated: "2026-11-21T10:00:00.0000000Z", AppId: "a3", Count: 3, InitiatedBy: null },
      { TimeGenerated: null, AppId: "a4", Count: null, InitiatedBy: null },
    ]);
    assert.deepEqual(r.stats, { loaded: 3, rejected: 2, coercedToNull: 2 });
    const byCode = (c: string) => r.diagnostics.filter((d) => d.code === c);
    const [bad] = byCode("WD001");
    assert.equal(bad?.file, path);
    assert.equal(bad?.line, 2);
    assert.equal(bad?.severity, "warning");
    assert.equal(bad?.column, LINES[1]!.length + 1);
    assert.match(bad?.message ?? "", /unexpected end of text \(expected ',' or '}'\)/);
    assert.deepEqual(
      byCode("WD005").map((d) => d.line),
      [5],
    );
    assert.deepEqual(
      byCode("WD002").map((d) => [d.line, d.field]),
      [
        [6, "TimeGenerated"],
        [6, "Count"],
      ],
    );
    assert.match(byCode("WD002")[0]!.message, /column 'TimeGenerated': cannot convert "not a date" to datetime/);
    // Unknown fields: one info per name, with the count and first line.
    const unknown = byCode("WD003");
    assert.deepEqual(
      unknown.map((d) => [d.field, d.line, d.severity]),
      [
        ["Extra", 4, "info"],
        ["appId", 6, "info"],
      ],
    );
    assert.match(unknown[0]!.message, /ignored in 2 record/);
    assert.match(unknown[1]!.message, /did you mean 'AppId'/);
  });

  test("missing fields are null ('' for strings)", async () => {
    const path = fixture("missing.ndjson", `{"AppId":"a"}\n{"Count":2}\n`);
    const r = await loadNdjson(path, { table: "T", schema: SCHEMA });
    assert.deepEqual(records(r.table), [
      { TimeGenerated: null, AppId: "a", Count: null, InitiatedBy: null },
      { TimeGenerated: null, AppId: "", Count: 2, InitiatedBy: null },
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  test("gzip: same rows as plain", async () => {
    const text = `${LINES[0]}\n${LINES[3]}\n`;
    const plain = await loadNdjson(fixture("p.ndjson", text), { table: "T", schema: SCHEMA });
    const gz = await loadNdjson(fixture("p.ndjson.gz", text), { table: "T", schema: SCHEMA });
    assert.equal(gz.stats.loaded, 2);
    assert.deepEqual(records(gz.table), records(plain.table));
  });

  test("without a schema: inferred, in first-seen order", async () => {
    const path = fixture("infer.ndjson", [`{"t":"2026-11-21T10:00:00Z","n":1,"ok":true}`, `{"n":2,"bag":{"a":1},"t":"2026-11-21T11:00:00Z"}`].join("\n"));
    const r = await loadNdjson(path, { table: "T" });
    assert.equal(schemaText(r.table), "t:datetime, n:long, ok:bool, bag:dynamic");
    assert.deepEqual(records(r.table), [
      { t: "2026-11-21T10:00:00.0000000Z", n: 1, ok: true, bag: null },
      { t: "2026-11-21T11:00:00.0000000Z", n: 2, ok: null, bag: { a: 1 } },
    ]);
    assert.deepEqual(r.schema, r.table.schema);
  });

  test("diagnostics past the cap per code are counted in one WD009", async () => {
    const lines = Array.from({ length: 7 }, (_, i) => `{"Count":"x${i}"}`);
    const r = await loadNdjson(fixture("cap.ndjson", lines.join("\n")), { table: "T", schema: SCHEMA, maxDiagnosticsPerCode: 3 });
    assert.equal(r.diagnostics.filter((d) => d.code === "WD002").length, 3);
    const more = r.diagnostics.find((d) => d.code === "WD009");
    assert.match(more?.message ?? "", /4 more WD002 diagnostics not shown \(7 in all\)/);
    assert.equal(r.stats.coercedToNull, 7);
  });

  test("a missing file is one WD004 error and an empty table with the schema", async () => {
    const r = await loadNdjson("/nonexistent/widar/x.ndjson", { table: "T", schema: SCHEMA });
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity]),
      [["WD004", "error"]],
    );
    assert.equal(r.table.rowCount, 0);
    assert.equal(r.table.schema, SCHEMA);
  });

  test("a BOM and a last line without newline", async () => {
    const r = await loadNdjson(fixture("bom.ndjson", `\uFEFF{"AppId":"a"}\n{"AppId":"b"}`), { table: "T", schema: SCHEMA });
    assert.deepEqual(
      records(r.table).map((x) => x.AppId),
      ["a", "b"],
    );
  });
});
