/** `widar rules test|list|doc`: one line per failing case, then `N passed, N failed`. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runRules } from "../../src/cli/rules-command.js";
import { RULES_DIR, capture, tempFiles } from "./helpers.js";

describe("widar rules", () => {
  test("test: the pack's fixtures all pass", async () => {
    const { code, stdout } = await capture((io) => runRules(["test", RULES_DIR], io));
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^\d+ passed, 0 failed\n$/);
  });

  test("test: a failing case is one line naming the case and what differed; exit 1", async () => {
    const rule = readFileSync(join(RULES_DIR, "CRED-08-privileged-graph-app-role-granted.yaml"), "utf8");
    const fixture = join(RULES_DIR, "fixtures", "CRED-08", "positive-direct-path-and-sp-grant");
    const dir = tempFiles({
      "CRED-08-x.yaml": rule,
      "fixtures/CRED-08/wrong-severity/case.json": JSON.stringify({ now: "2026-11-21T12:00:00Z", alerts: [{ AppRoleValue: "Directory.ReadWrite.All", AlertSeverity: "High" }] }),
      "fixtures/CRED-08/wrong-severity/AuditLogs.ndjson": readFileSync(join(fixture, "AuditLogs.ndjson"), "utf8").split("\n").slice(2).join("\n"),
      "fixtures/CRED-08/bad-case/case.json": "{}",
    });
    const { code, stdout } = await capture((io) => runRules(["test", dir], io));
    assert.equal(code, 1);
    assert.deepEqual(stdout.trimEnd().split("\n"), [
      'ERROR CRED-08/bad-case: case.json needs "now" (an ISO 8601 datetime)',
      'FAIL CRED-08/wrong-severity: missing {"AppRoleValue":"Directory.ReadWrite.All","AlertSeverity":"High"} (AlertSeverity: expected "High", got "Medium")',
      "0 passed, 2 failed",
    ]);
  });

  test("list and doc", async () => {
    const list = await capture((io) => runRules(["list", RULES_DIR], io));
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^CRED-01 +Medium +every 1h over 14d +Workload Identity - New Credential/m);
    assert.match(list.stdout, /^RULE-13 +Informational hunting/m);
    const doc = await capture((io) => runRules(["doc", RULES_DIR], io));
    assert.match(doc.stdout, /^# The workload-identity rule pack/);
    assert.equal((await capture((io) => runRules([], io))).code, 2);
    assert.equal((await capture((io) => runRules(["frobnicate", RULES_DIR], io))).code, 2);
  });
});
