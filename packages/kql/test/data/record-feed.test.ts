/**
 * The record transform (a product's dialect mapping runs here), rejects with their raw text from
 * every format, progress reports, and the column builder's record handling: field order that
 * changes between records, missing and unknown fields, and names Object.prototype also has.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTableBuilder, type RejectedRecord } from "../../src/data/accumulate.js";
import { loadTableFile } from "../../src/data/loader.js";
import type { RecordTransform } from "../../src/data/record-feed.js";
import type { Schema } from "../../src/schema.js";
import { fixture, records } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "Name", type: "string" },
  { name: "N", type: "long" },
];

describe("RecordTransform", () => {
  test("maps, expands, drops and rejects records, at their lines; finish reports once", async () => {
    const transform: RecordTransform = {
      cacheKey: "test",
      map(rec, ctx) {
        if (Array.isArray(rec.batch)) return rec.batch.map((n) => ({ Name: `b${n}`, N: n }));
        if (rec.drop === true) return undefined;
        if (rec.bad === true) {
          ctx.reject("WD013", "a bad record");
          return undefined;
        }
        return { Name: String(rec.name), N: rec.n };
      },
      finish(ctx) {
        ctx.report("WD014", "info", "done", undefined, 2);
      },
    };
    const rejects: RejectedRecord[] = [];
    const path = fixture("t.ndjson", '{"name":"a","n":1}\n{"batch":[2,3]}\n{"drop":true}\n{"bad":true,"why":1}\n');
    const r = await loadTableFile(path, { table: "T", schema: SCHEMA, transform, onReject: (x) => rejects.push(x) });
    assert.deepEqual(records(r.table), [
      { Name: "a", N: 1 },
      { Name: "b2", N: 2 },
      { Name: "b3", N: 3 },
    ]);
    assert.deepEqual(rejects, [{ file: path, line: 4, code: "WD013", message: "a bad record", text: '{"bad":true,"why":1}' }]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line]),
      [
        ["WD013", 4],
        ["WD014", 2],
      ],
    );
    assert.deepEqual(r.stats, { loaded: 3, rejected: 1, coercedToNull: 0 });
  });

  test("the raw text of every rejected record, whatever the format", async () => {
    const cases: [string, string, [string, number | undefined, string][]][] = [
      ["r.ndjson", '{"Name":"ok"}\n{bad\n[1]\n', [["WD001", 2, "{bad"], ["WD005", 3, "[1]"]]],
      ["r.json", '[{"Name":"ok"},\n {"Name": nope},\n "str",\n {"Name": "cut', [["WD001", 2, '{"Name": nope}'], ["WD005", 3, '"str"'], ["WD007", 4, '{"Name": "cut']]],
      ["r-api.json", '{"tables":[{"name":"PrimaryResult","columns":[{"name":"Name","type":"string"}],"rows":[["ok"],{"x":1}]}]}', [["WD005", undefined, '{"x":1}']]],
    ];
    for (const [name, text, expected] of cases) {
      const rejects: [string, number | undefined, string][] = [];
      const r = await loadTableFile(fixture(name, text), { table: "T", schema: SCHEMA, onReject: (x) => rejects.push([x.code, x.line, x.text]) });
      assert.deepEqual(rejects, expected, name);
      assert.equal(r.stats.rejected, expected.length, name);
      assert.equal(r.stats.loaded, 1, name);
    }
  });

  test("progress: bytes of the file and records, then a final report", async () => {
    const line = `${JSON.stringify({ Name: "x".repeat(200), N: 1 })}\n`;
    const path = fixture("big.ndjson", line.repeat(3000));
    const seen: { bytesRead: number; records: number }[] = [];
    await loadTableFile(path, { table: "T", schema: SCHEMA, onProgress: (p) => seen.push(p) });
    const last = seen[seen.length - 1]!;
    assert.deepEqual(last, { bytesRead: line.length * 3000, records: 3000 });
    assert.ok(seen.every((p, i) => i === 0 || p.bytesRead >= seen[i - 1]!.bytesRead));
  });
});

describe("the column builder", () => {
  test("field order changing between records, missing and unknown fields", () => {
    const b = createTableBuilder("f", { table: "T", schema: SCHEMA });
    b.add({ Name: "a", N: 1 }, 1);
    b.add({ N: 2, Name: "b" }, 2);
    b.add({ N: 3 }, 3);
    b.add({ Extra: true, Name: "d", N: 4, more: 1 }, 4);
    b.add({ Name: "e", N: 5 }, 5);
    const r = b.finish();
    assert.deepEqual(records(r.table), [
      { Name: "a", N: 1 },
      { Name: "b", N: 2 },
      { Name: "", N: 3 },
      { Name: "d", N: 4 },
      { Name: "e", N: 5 },
    ]);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.field, d.line]),
      [
        ["WD003", "Extra", 4],
        ["WD003", "more", 4],
      ],
    );
  });

  test("columns named like Object.prototype's members read own fields only", () => {
    const schema: Schema = [
      { name: "constructor", type: "string" },
      { name: "toString", type: "string" },
      { name: "__proto__", type: "dynamic" },
    ];
    const b = createTableBuilder("f", { table: "T", schema });
    b.add(JSON.parse('{"constructor":"c","__proto__":{"x":1}}'), 1);
    b.add({}, 2);
    const t = b.finish().table;
    assert.deepEqual(
      t.columns.map((c) => [c.get(0), c.get(1)]),
      [
        ["c", ""],
        ["", ""],
        [{ x: 1 }, null],
      ],
    );
  });

  test("repeated strings are shared, distinct ones kept; values are never changed", () => {
    const b = createTableBuilder("f", { table: "T", schema: SCHEMA });
    const names: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const name = i % 3 === 0 ? `id-${i}` : ["alpha", "beta", "gamma"][i % 3]!;
      names.push(name);
      b.add(JSON.parse(JSON.stringify({ Name: name, N: i })), i + 1);
    }
    const t = b.finish().table;
    for (let i = 0; i < names.length; i++) assert.equal(t.columns[0]!.get(i), names[i]);
  });
});
