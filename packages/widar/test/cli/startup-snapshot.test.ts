/**
 * The startup snapshot is an optimisation only: with it and without it (WIDAR_NO_SNAPSHOT=1),
 * the CLI's output, diagnostics and exit codes are the same.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT } from "../support/paths.js";

const BIN = join(REPO_ROOT, "packages", "widar", "bin", "widar.js");
const BLOB = join(REPO_ROOT, "packages", "widar", "dist", "widar.blob");

function widar(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const CASES: string[][] = [
  ["query", "print a = 1, b = now() > datetime(2000-01-01), c = dynamic({'x': [1, 2]})", "--format", "json"],
  ["query", "range i from 1 to 3 step 1 | extend s = strcat('v', i) | where s matches regex 'v[12]'", "--format", "csv"],
  ["query", "print x = 1 | where NoSuchColumn > 1"],
  ["query", "--now", "not-a-date", "print 1"],
  ["--help"],
];

test("snapshot and plain runs agree", { skip: existsSync(BLOB) ? false : "no snapshot built (WIDAR_NO_SNAPSHOT or esbuild missing)" }, () => {
  for (const args of CASES) {
    const withSnapshot = widar(args);
    const plain = widar(args, { WIDAR_NO_SNAPSHOT: "1" });
    assert.deepEqual(withSnapshot, plain, args.join(" "));
  }
});
