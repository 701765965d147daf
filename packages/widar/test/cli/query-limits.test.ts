/** `widar query` under limits: the flags, the exit codes, warnings, and the watchdog. */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, test } from "node:test";
import { REPO_ROOT } from "../support/paths.js";

const BIN = join(REPO_ROOT, "packages", "widar", "bin", "widar.js");

function widar(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe("widar query limits", () => {
  test("--max-result-rows: WQ051 naming the option, exit 2, nothing on stdout", () => {
    const r = widar(["query", "range x from 1 to 10 step 1", "--max-result-rows", "5"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error WQ051: the result has 10 rows, over the limit of 5 \(truncationmaxrecords\)/);
    assert.equal(r.stdout, "");
  });

  test("a query's own `set` overrides the flag", () => {
    const r = widar(["query", "set truncationmaxrecords = 20;\nrange x from 1 to 10 step 1 | count", "--max-result-rows", "5", "--format", "csv"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Count\r\n10\r\n");
  });

  test("--timeout: WQ050, exit 2", () => {
    const r = widar(["query", "range x from 1 to 5000000 step 1 | summarize count() by tostring(x % 1000000) | count", "--timeout", "1ms"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error WQ050: the query ran past its time limit/);
  });

  test("--max-memory: WQ053 at the operator", () => {
    const r = widar(["query", "range x from 1 to 3000 step 1 | extend k = 1 | join (range y from 1 to 3000 step 1 | extend k = 1) on k | count", "--max-memory", "1000000"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /error WQ053: the join's output needs about/);
  });

  test("bad limit flags are argument errors (WC001)", () => {
    for (const args of [["--timeout", "soon"], ["--max-result-rows", "0"], ["--max-memory", "1e9"]]) {
      const r = widar(["query", "print 1", ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /error WC001: --/);
    }
  });

  test("a cap that cut something is a warning on stderr; exit 0", () => {
    const r = widar(["query", "print n = strlen(strrep('ab', 5000))", "--format", "csv"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "n\r\n2048\r\n");
    assert.match(r.stderr, /warning WQ055: strrep: the multiplier 5,000 is capped at 1,024/);
  });

  test("the watchdog ends a process stuck past its limit, with the coded error", () => {
    const watchdog = pathToFileURL(join(REPO_ROOT, "packages", "widar", "dist", "src", "cli", "watchdog.js")).href;
    const script = `const { startWatchdog } = await import(${JSON.stringify(watchdog)}); await startWatchdog(50, "test", 50); for (;;) {}`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    assert.equal(r.signal, "SIGTERM");
    assert.match(r.stderr, /^widar: error WQ050: the query ran past its time limit of 0\.1 s/);
  });
});
