/** `widar serve`'s arguments: help, a bad port or limit (WC001, exit 2), a file that is not a store (WS001, exit 2). */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { REPO_ROOT } from "../support/paths.js";

const WIDAR = join(REPO_ROOT, "packages/widar/bin/widar.js");
let dir: string;
const widar = (...args: string[]) => spawnSync(process.execPath, [WIDAR, "serve", ...args], { encoding: "utf8", cwd: dir });

before(() => {
  dir = mkdtempSync(join(tmpdir(), "widar-serve-cli-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("--help lists the options", () => {
  const r = widar("--help");
  assert.equal(r.status, 0);
  assert.match(r.stdout, /usage: widar serve/);
  assert.match(r.stdout, /--host ADDR .*default 127\.0\.0\.1/);
});

test("bad arguments are coded errors, exit 2", () => {
  for (const [args, message] of [
    [["--port", "http"], /error WC001: --port http: expected a port number/],
    [["--timeout", "soon"], /error WC001: --timeout soon: expected a duration/],
    [["--max-result-rows", "0"], /error WC001: --max-result-rows 0: expected a positive whole number/],
    [["--colour"], /error WC001: Unknown option '--colour'/],
  ] as const) {
    const r = widar(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});

test("a file that is not a store: its code, exit 2", () => {
  writeFileSync(join(dir, "notes.db"), "not sqlite at all, just text that is long enough to have a header\n".repeat(10));
  const r = widar("--store", join(dir, "notes.db"), "--port", "0");
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /notes\.db: error WS00\d/);
});
