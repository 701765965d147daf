/**
 * `widar simulate` as a command: wrong arguments give exit 2 and one line on stderr; a good run
 * writes the files and one summary line on stdout; progress never reaches a non-terminal stderr.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runSimulate } from "../../src/cli/simulate-command.js";
import { tempDir } from "./helpers.js";

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runSimulate(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
  });
  return { code, out, err };
}

describe("widar simulate command", () => {
  for (const [argv, message] of [
    [["--days", "3"], /--out DIR is required/],
    [["--out", "x", "--days", "0"], /--days 0: expected an integer from 1/],
    [["--out", "x", "--seed", "abc"], /--seed abc: expected a whole number/],
    [["--out", "x", "--format", "xml"], /--format xml: expected ndjson, la-json, csv/],
    [["--out", "x", "--scenario", "nope"], /unknown scenario 'nope'/],
    [["--out", "x", "--end", "yesterday"], /--end yesterday: not an ISO 8601/],
    [["--out", "x", "--bogus"], /Unknown option '--bogus'/],
    [["--out", "x", "--audit-events", "many"], /--audit-events many: expected a whole number/],
    [["--out", "x", "--events", "100", "--audit-events", "200"], /--audit-events 200: more than --events 100/],
  ] as const)
    test(`${argv.join(" ")} → exit 2, one line`, async () => {
      const r = await capture([...argv]);
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(r.err.trimEnd().split("\n").length, 1);
      assert.equal(r.out, "");
    });

  test("--list-scenarios prints every scenario", async () => {
    const r = await capture(["--list-scenarios"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /sp-burst-user/);
    assert.match(r.out, /risk-confirmed-compromised/);
  });

  test("a run writes the tables, watchlist, ground truth and manifest", async () => {
    const dir = join(tempDir("cli"), "out");
    const r = await capture(["--out", dir, "--seed", "3", "--days", "1", "--identities", "24", "--quiet", "--scenario", "sp-burst-app:at=2026-11-20T12:00:00Z,count=4"]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, "", "no progress on a non-terminal stderr");
    assert.match(r.out, /^wrote \d+ records \(1 days, seed 3, 1 scenarios\) to /);
    for (const f of ["AuditLogs.ndjson", "NetworkAllowlist.csv", "ground-truth.json", "manifest.json", "tenant.json"])
      assert.ok(existsSync(join(dir, f)), f);
  });

  test("--audit-events writes exactly that many churn records", async () => {
    const dir = tempDir("cli-churn");
    const r = await capture(["--out", dir, "--days", "1", "--identities", "24", "--quiet", "--scenario", "none", "--audit-events", "1_500"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^wrote 1,500 records/);
    assert.equal(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")).tables.AuditLogs.records, 1_500);
  });

  test("--help documents --audit-events", async () => {
    const r = await capture(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.out, /--audit-events N/);
  });

  test("--scenario none writes no attacks", async () => {
    const dir = tempDir("cli-none");
    const r = await capture(["--out", dir, "--days", "1", "--identities", "24", "--quiet", "--scenario", "none"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^wrote 0 records/);
  });
});
