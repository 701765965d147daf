/** `widar query` end to end: the compiled CLI in a child process, as users and tools run it. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../support/paths.js";
import { tempDir } from "../support/temp-dir.js";

const BIN = join(REPO_ROOT, "packages", "widar", "bin", "widar.js");

function widar(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(files: Record<string, string>): string {
  const dir = tempDir("widar-cli-");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("widar query", () => {
  test("--format json prints columns and rows with ISO datetimes", () => {
    const dir = tmp({
      "q.kql": "// a rule-style header\nAuditLogs | where Result == 'success' | project TimeGenerated, OperationName, n = 1",
      "a.ndjson": `${JSON.stringify({ TimeGenerated: "2026-11-21T11:00:00Z", OperationName: "Add service principal", Result: "success" })}\n`,
    });
    const r = widar(["query", "--file", join(dir, "q.kql"), "--table", `AuditLogs=${join(dir, "a.ndjson")}`, "--format", "json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      columns: [
        { name: "TimeGenerated", type: "datetime" },
        { name: "OperationName", type: "string" },
        { name: "n", type: "long" },
      ],
      rows: [["2026-11-21T11:00:00.0000000Z", "Add service principal", 1]],
    });
  });

  test("a query with errors prints FILE:LINE:COL diagnostics with a caret and exits 2", () => {
    const dir = tmp({ "bad.kql": "AuditLogs\n| where NoSuchColumn == 1\n| take 1" });
    const r = widar(["query", "--file", join(dir, "bad.kql")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.kql:2:9: error KS\d+: .*NoSuchColumn/);
    assert.match(r.stderr, /\| where NoSuchColumn == 1\n\s+\^{12}/);
    assert.equal(r.stdout, "");
  });

  test("a bad data line is reported with PATH:LINE and the rest loads", () => {
    const dir = tmp({
      "a.ndjson": `${JSON.stringify({ OperationName: "a" })}\n{not json\n${JSON.stringify({ OperationName: "b" })}\n`,
    });
    const path = join(dir, "a.ndjson");
    const r = widar(["query", "AuditLogs | count", "--table", `AuditLogs=${path}`, "--format", "csv"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2: `));
    assert.equal(r.stdout, "Count\r\n2\r\n");
  });

  test("--schema declares a table outside the catalog; --now drives ago()", () => {
    const dir = tmp({
      "r.ndjson": `${JSON.stringify({ T: "2026-11-21T11:30:00Z", X: "7" })}\n${JSON.stringify({ T: "2026-11-20T11:30:00Z", X: "8" })}\n`,
    });
    const r = widar([
      "query",
      "MyTable | where T > ago(1h) | project X",
      "--table",
      `MyTable=${join(dir, "r.ndjson")}`,
      "--schema",
      "MyTable=(T:datetime, X:long)",
      "--now",
      "2026-11-21T12:00:00Z",
      "--format",
      "ndjson",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '{"X":7}\n');
  });

  test("bad arguments are one clear error line each, exit 2", () => {
    const r = widar(["query", "print 1", "--table", "NoEquals", "--now", "yesterday"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--table NoEquals: expected NAME=PATH/);
    assert.match(r.stderr, /--now yesterday: not an ISO 8601 datetime/);
  });

  test("unsupported operators are a coded diagnostic at their span, not a crash", () => {
    // The python plugin runs code on the cluster: widar will never run it.
    const r = widar(["query", "print x = 1 | evaluate python(typeof(*), 'result = df')"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /<query>:1:24: error WQ001: not supported: evaluate python/);
  });
});
