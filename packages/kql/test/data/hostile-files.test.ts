/**
 * Hostile and broken data files (issue 17's campaign): each loads exactly its good records,
 * names every bad one, and an unreadable file loads nothing and says so (WD004, an error).
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { type DataDiagnostic, type Schema, loadTableFile, sniffText } from "../../src/index.js";
import { readLineBatches } from "../../src/data/source.js";
import { fixture, records } from "./fixtures.js";

const SCHEMA: Schema = [
  { name: "TimeGenerated", type: "datetime" },
  { name: "OperationName", type: "string" },
  { name: "N", type: "long" },
];
const GOOD = [1, 2, 3, 4, 5].map((i) => JSON.stringify({ TimeGenerated: `2026-11-21T0${i}:00:00Z`, OperationName: `op${i}`, N: i }));
const GOOD_TEXT = `${GOOD.join("\n")}\n`;

function codes(ds: readonly DataDiagnostic[]): string[] {
  return ds.filter((d) => d.severity !== "info").map((d) => `${d.code}${d.line === undefined ? "" : `@${d.line}`}`);
}

async function load(path: string) {
  return loadTableFile(path, { table: "T", schema: SCHEMA });
}

describe("a bad first line does not change the format", () => {
  const CASES: readonly [string, string, string][] = [
    ["garbage", "garbage", "WD001@1"],
    ["null", "null", "WD005@1"],
    ["x,y", "x,y", "WD001@1"],
    ["#comment", "#comment", "WD001@1"],
    ["[1,2]", "[1,2]", "WD005@1"],
  ];
  for (const [name, first, code] of CASES)
    test(`${name}: NDJSON, the 5 good records load, the first line is named`, async () => {
      const path = fixture(`first-${name.replace(/\W/g, "_")}.ndjson`, `${first}\n${GOOD_TEXT}`);
      const r = await load(path);
      assert.equal(r.stats.loaded, 5);
      assert.equal(r.stats.rejected, 1);
      assert.deepEqual(codes(r.diagnostics), [code]);
      assert.deepEqual(
        records(r.table).map((x) => x.OperationName),
        ["op1", "op2", "op3", "op4", "op5"],
      );
    });

  test("NDJSON is judged on several lines; arrays, envelopes and CSV are not taken for it", () => {
    assert.equal(sniffText(`garbage\n${GOOD_TEXT}`, true), "ndjson");
    assert.equal(sniffText(`[\n${GOOD.map((g) => `${g},`).join("\n")}\n]\n`, true), "json-array");
    assert.equal(sniffText(`{"records": [\n${GOOD.map((g) => `${g},`).join("\n")}\n]}\n`, true), "envelope");
    assert.equal(sniffText("a,b,c\n1,2,3\n4,5,6\n", true), "csv");
    assert.equal(sniffText(`x\n${GOOD[0]}\n`, true), "csv");
  });
});

describe("unreadable files load nothing and are errors", () => {
  const gz = gzipSync(Buffer.from(GOOD_TEXT));
  const CASES: readonly [string, () => string, RegExp][] = [
    ["a directory", () => {
      const p = dirname(fixture("placeholder", ""));
      mkdirSync(`${p}/a-dir`, { recursive: true });
      return `${p}/a-dir`;
    }, /is a directory/],
    ["a truncated gzip", () => write("trunc.ndjson.gz", gz.subarray(0, gz.length - 12)), /corrupt gzip data \(unexpected end of file\)/],
    ["a corrupt gzip", () => write("corrupt.ndjson.gz", Buffer.concat([gz.subarray(0, 30), Buffer.alloc(200, 0x5a)])), /corrupt gzip data/],
    ["gzip with trailing garbage", () => write("trail.ndjson.gz", Buffer.concat([gz, Buffer.from("garbage trailing\n")])), /corrupt gzip data \(incorrect header check\)/],
    ["a zip archive (even named .csv)", () => write("export.csv", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), gz])), /it is a zip archive; widar reads NDJSON, JSON, CSV and their gzip/],
  ];
  for (const [name, make, message] of CASES)
    test(name, async () => {
      const r = await load(make());
      assert.equal(r.stats.loaded, 0);
      assert.equal(r.table.rowCount, 0);
      const errors = r.diagnostics.filter((d) => d.severity === "error");
      assert.deepEqual(errors.map((d) => d.code), ["WD004"]);
      assert.match(errors[0]!.message, message);
    });

  test("records read before a failure are dropped, and the message says how many", async () => {
    // Two gzip members: the first whole (5 records), the second cut short.
    const second = gzipSync(Buffer.from(GOOD_TEXT));
    const path = write("half.ndjson.gz", Buffer.concat([gzipSync(Buffer.from(GOOD_TEXT.repeat(3000))), second.subarray(0, second.length - 10)]));
    const r = await load(path);
    assert.equal(r.stats.loaded, 0);
    const e = r.diagnostics.find((d) => d.code === "WD004")!;
    assert.match(e.message, /the 1[0-9,]+ record\(s\) read before it were not loaded/);
  });

  test("a line past the longest line read is unreadable, not held in memory", async () => {
    const path = fixture("long-line.ndjson", `${GOOD[0]}\n${"x".repeat(3 * 1024 * 1024)}\n`);
    await assert.rejects(async () => {
      for await (const _ of readLineBatches(path, undefined, 1024 * 1024)) {
        // Reading is enough.
      }
    }, /a line is longer than 1 MiB/);
  });
});

function write(name: string, bytes: Buffer): string {
  const path = fixture(name, "");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return path;
}

describe("Log Analytics API rows", () => {
  const doc = {
    tables: [
      {
        name: "PrimaryResult",
        columns: [
          { name: "TimeGenerated", type: "datetime" },
          { name: "OperationName", type: "string" },
          { name: "N", type: "long" },
        ],
        rows: [
          ["2026-11-21T01:00:00Z", "a", 1],
          ["2026-11-21T02:00:00Z", "b"],
          ["2026-11-21T03:00:00Z", "c", 3, "extra"],
          ["2026-11-21T04:00:00Z", "d", "__BIG__"],
          ["2026-11-21T05:00:00Z", "e", "__SMALL__"],
          ["2026-11-21T06:00:00Z", "f", "__MAX__"],
        ],
      },
    ],
  };
  const text = JSON.stringify(doc).replace('"__BIG__"', "1e308").replace('"__SMALL__"', "-9223372036854775809").replace('"__MAX__"', "9223372036854775807");

  test("a row with too few or too many cells is rejected with its number; out-of-range longs are coercion warnings", async () => {
    const r = await loadTableFile(fixture("la.json", text), { table: "T" });
    assert.equal(r.stats.loaded, 4);
    assert.equal(r.stats.rejected, 2);
    assert.equal(r.stats.coercedToNull, 2);
    const warnings = r.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.code} ${d.message}`);
    assert.deepEqual(warnings.slice(0, 2), [
      "WD017 row 2 has 2 cell(s) for 3 column(s); skipped (its values would land in the wrong columns)",
      "WD017 row 3 has 4 cell(s) for 3 column(s); skipped (its values would land in the wrong columns)",
    ]);
    assert.match(warnings[2]!, /^WD002 .*column 'N': cannot convert 1e\+308 to long/);
    assert.match(warnings[3]!, /^WD002 .*column 'N': cannot convert "-9223372036854775809" to long/);
    assert.deepEqual(
      records(r.table).map((x) => [x.OperationName, x.N]),
      [
        ["a", 1],
        ["d", null],
        ["e", null],
        ["f", 2 ** 63],
      ],
    );
  });

  test("a long number inside a dynamic cell stays a number", async () => {
    const d = { tables: [{ name: "PrimaryResult", columns: [{ name: "D", type: "dynamic" }], rows: [[{ id: 0 }]] }] };
    const r = await loadTableFile(fixture("la-dyn.json", JSON.stringify(d).replace('"id":0', '"id":12345678901234567890')), { table: "T" });
    assert.deepEqual(records(r.table), [{ D: { id: Number("12345678901234567890") } }]);
  });
});

describe("blank lines", () => {
  test("1.6 million blank lines around 5 records: the 5 load, at their line numbers", async () => {
    const blank = "\n".repeat(800_000);
    const path = fixture("blanks.ndjson", `${blank}${GOOD.slice(0, 2).join("\n")}\n${blank}\r\n\r\n${GOOD.slice(2).join("\n")}\nnot json\n`);
    const r = await load(path);
    assert.equal(r.stats.loaded, 5);
    assert.deepEqual(codes(r.diagnostics), [`WD001@${800_000 + 2 + 800_000 + 2 + 3 + 1}`]);
  });
});
