/**
 * Hostile text in logs, column names, query text and file paths never reaches a terminal, a
 * spreadsheet or a JSON consumer raw: `widar query` in every format, its diagnostics, and
 * `widar data inspect`, end to end through the compiled CLI.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { hasUnsafeCharacter } from "@widar/kql";
import { REPO_ROOT } from "../support/paths.js";

const BIN = join(REPO_ROOT, "packages", "widar", "bin", "widar.js");
const dir = mkdtempSync(join(tmpdir(), "widar-injection-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function widar(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const ESC = "\u001b";
/** Cell payloads: formulas (OWASP's list), terminal sequences, bidi and zero-width characters. */
const CELLS = [
  '=HYPERLINK("http://evil","click")',
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "@SUM(1,2)",
  `${ESC}[2J${ESC}]0;title\u0007`,
  `${ESC}]8;;http://evil${ESC}\\link${ESC}]8;;${ESC}\\`,
  "\u009b31mred",
  "invoice\u202Etxt.exe",
  "ad\u200bmin",
];
/** Keys bag_unpack turns into column headers. */
const KEYS = [`${ESC}[2Jk`, `${ESC}]0;t\u0007`, "\u202eabc", "z\u200bw"];

const data = join(dir, "cells.ndjson");
writeFileSync(
  data,
  `${CELLS.map((c, i) => JSON.stringify({ s: c, d: Object.fromEntries(KEYS.map((k, j) => [k, CELLS[(i + j) % CELLS.length]])) })).join("\n")}\n`,
);
const QUERY = "X | evaluate bag_unpack(d)";
const SCHEMA = ["--schema", "X=(s:string, d:dynamic)"];

function query(format: string, extra: string[] = []) {
  const r = widar(["query", QUERY, "--table", `X=${data}`, ...SCHEMA, "--format", format, ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return r;
}

describe("widar query output", () => {
  test("--format table: cells and headers show every control, bidi and zero-width character escaped", () => {
    const r = query("table");
    assert.equal(hasUnsafeCharacter(r.stdout.replace(/\n/g, "")), false);
    assert.match(r.stdout, /\\u001b\[2Jk/);
    assert.match(r.stdout, /\\u202eabc/);
    assert.match(r.stdout, /invoice\\u202etxt\.exe/);
    assert.match(r.stdout, /ad\\u200bmin/);
  });

  test("--format csv: formula cells get a leading quote, controls are visible", () => {
    const r = query("csv");
    assert.equal(hasUnsafeCharacter(r.stdout.replace(/\r\n/g, "")), false);
    const firsts = r.stdout.split("\r\n").slice(1, -1).map((l) => l.split(",")[0]);
    assert.deepEqual(firsts.slice(0, 5), [`"'=HYPERLINK(""http://evil""`, "'=cmd|' /C calc'!A0", "'+1+1", "'-2+3", `"'@SUM(1`]);
    for (const line of r.stdout.split("\r\n"))
      for (const field of line.split(",")) assert.doesNotMatch(field, /^"?[=+\-@]/, `field ${JSON.stringify(field)} starts a formula`);
  });

  test("--csv-raw writes the cells as they are", () => {
    const r = query("csv", ["--csv-raw"]);
    assert.ok(r.stdout.includes("\r\n=cmd|' /C calc'!A0,"));
    assert.ok(r.stdout.includes(ESC));
  });

  test("--format json and ndjson: C1, bidi and zero-width characters escaped; values parse back unchanged", () => {
    const j = query("json");
    assert.equal(hasUnsafeCharacter(j.stdout.replace(/\n/g, "")), false);
    const doc = JSON.parse(j.stdout) as { columns: { name: string }[]; rows: string[][] };
    assert.deepEqual(doc.rows.map((r) => r[0]), CELLS);
    assert.deepEqual(doc.columns.map((c) => c.name).sort(), ["s", ...KEYS].sort());
    const nd = query("ndjson");
    assert.equal(hasUnsafeCharacter(nd.stdout.replace(/\n/g, "")), false);
    assert.deepEqual(nd.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { s: string }).s), CELLS);
  });
});

describe("diagnostics", () => {
  test("query text echoed under a diagnostic is escaped and the caret stays under the span", () => {
    const file = join(dir, "bad.kql");
    writeFileSync(file, `print a = "${ESC}[2J\u202e" | where NoSuchColumn == 1\n`);
    const r = widar(["query", "--file", file]);
    assert.equal(r.code, 2);
    assert.equal(hasUnsafeCharacter(r.stderr.replace(/\n/g, "")), false, r.stderr);
    const lines = r.stderr.split("\n");
    const i = lines.findIndex((l) => l.includes("NoSuchColumn") && l.startsWith("  "));
    assert.ok(i > 0, r.stderr);
    const col = lines[i + 1]!.indexOf("^");
    assert.equal(lines[i]!.slice(col, col + "NoSuchColumn".length), "NoSuchColumn");
  });

  test("a data file path with escape sequences is printed escaped", () => {
    const path = join(dir, `${ESC}]0;x\u0007.ndjson`);
    writeFileSync(path, '{"s":"a"}\nnot json\n');
    const r = widar(["query", "X | count", "--table", `X=${path}`, ...SCHEMA]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(hasUnsafeCharacter(r.stderr.replace(/\n/g, "")), false, r.stderr);
    assert.match(r.stderr, /\\u001b\]0;x\\u0007\.ndjson:2: warning WD001/);
  });

  test("widar data inspect prints a record's Type and the path escaped", () => {
    const path = join(dir, "typed.ndjson");
    writeFileSync(path, `${JSON.stringify({ Type: `${ESC}[2JAuditLogs\u202e`, TimeGenerated: "2026-01-01T00:00:00Z" })}\n`);
    const r = widar(["data", "inspect", path]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(hasUnsafeCharacter(r.stdout.replace(/\n/g, "")), false, r.stdout);
    assert.match(r.stdout, /\\u001b\[2JAuditLogs\\u202e/);
    const j = widar(["data", "inspect", "--json", path]);
    assert.equal(hasUnsafeCharacter(j.stdout.replace(/\n/g, "")), false, j.stdout);
    assert.equal((JSON.parse(j.stdout) as { tables: { table: string }[] }).tables[0]!.table, `${ESC}[2JAuditLogs\u202e`);
  });
});
