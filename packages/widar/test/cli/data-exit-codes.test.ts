/**
 * Hostile data files through the CLI: the exact good-record count, the diagnostics, and the exit
 * code. An unreadable file (a directory, a corrupt, truncated or garbage-trailed gzip) is an
 * error: `widar query` does not run the query (exit 2), `widar data inspect` exits 1.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { REPO_ROOT } from "../support/paths.js";

const BIN = join(REPO_ROOT, "packages", "widar", "bin", "widar.js");
const dir = mkdtempSync(join(tmpdir(), "widar-data-exit-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function widar(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, WIDAR_CACHE: "off" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const GOOD = `${[1, 2, 3, 4, 5].map((i) => JSON.stringify({ TimeGenerated: `2026-11-21T0${i}:00:00Z`, OperationName: `op${i}`, Result: "success" })).join("\n")}\n`;

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const COUNT = "AuditLogs | summarize n = count(), ops = make_set(OperationName)";

describe("a bad first line", () => {
  for (const first of ["garbage", "null", "x,y", "#comment", "[1,2]"])
    test(`${JSON.stringify(first)}: 5 records load with their columns, 1 rejected, exit 0`, () => {
      const p = file(`first-${first.replace(/\W/g, "_")}.ndjson`, `${first}\n${GOOD}`);
      const r = widar(["query", COUNT, "--table", `AuditLogs=${p}`, "--format", "csv"]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'n,ops\r\n5,"[""op1"",""op2"",""op3"",""op4"",""op5""]"\r\n');
      assert.match(r.stderr, /:1: warning WD00[15]: /);
      assert.match(r.stderr, /WD015: AuditLogs: 5 loaded, 1 rejected, 0 coerced to null/);
    });
});

describe("unreadable files", () => {
  const gz = gzipSync(Buffer.from(GOOD));
  const CASES: readonly [string, () => string, RegExp][] = [
    ["a directory", () => {
      const p = join(dir, "a-directory");
      mkdirSync(p, { recursive: true });
      return p;
    }, /error WD004: cannot read .*: is a directory/],
    ["a truncated gzip", () => file("trunc.ndjson.gz", gz.subarray(0, gz.length - 12)), /error WD004: .*corrupt gzip data \(unexpected end of file\)/],
    ["a corrupt gzip", () => file("corrupt.ndjson.gz", Buffer.concat([gz.subarray(0, 30), Buffer.alloc(200, 0x5a)])), /error WD004: .*corrupt gzip data/],
    ["gzip with trailing garbage", () => file("trail.ndjson.gz", Buffer.concat([gz, Buffer.from("garbage\n")])), /error WD004: .*corrupt gzip data/],
    ["a zip archive", () => file("export.zip", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), gz])), /error WD004: .*it is a zip archive/],
  ];
  for (const [name, make, message] of CASES)
    test(`${name}: query exits 2 without running; data inspect exits 1`, () => {
      const p = make();
      const q = widar(["query", COUNT, "--table", `AuditLogs=${p}`, "--format", "csv"]);
      assert.equal(q.code, 2);
      assert.match(q.stderr, message);
      assert.match(q.stderr, /error WC004: a data file could not be read \(see above\); the query was not run/);
      assert.equal(q.stdout, "");
      const i = widar(["data", "inspect", p]);
      assert.equal(i.code, 1);
      assert.match(i.stderr, message);
    });
});

describe("Log Analytics API rows", () => {
  test("wrong cell counts are rejected with their row; out-of-range longs coerced to null with a warning", () => {
    const doc = {
      tables: [
        {
          name: "PrimaryResult",
          columns: [
            { name: "TimeGenerated", type: "datetime" },
            { name: "OperationName", type: "string" },
            { name: "N", type: "long" },
          ],
          rows: [["2026-11-21T01:00:00Z", "a", 1], ["2026-11-21T02:00:00Z", "b"], ["2026-11-21T03:00:00Z", "c", 3, "x"], ["2026-11-21T04:00:00Z", "d", "__BIG__"]],
        },
      ],
    };
    const p = file("la.json", JSON.stringify(doc).replace('"__BIG__"', "-9223372036854775809"));
    const r = widar(["query", "X | summarize n = count(), nulls = countif(isnull(N))", "--table", `X=${p}`, "--schema", "X=(TimeGenerated:datetime, OperationName:string, N:long)", "--format", "csv"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "n,nulls\r\n2,1\r\n");
    assert.match(r.stderr, /warning WD017: row 2 has 2 cell\(s\) for 3 column\(s\)/);
    assert.match(r.stderr, /warning WD017: row 3 has 4 cell\(s\) for 3 column\(s\)/);
    assert.match(r.stderr, /warning WD002: .*cannot convert "-9223372036854775809" to long/);
  });
});
