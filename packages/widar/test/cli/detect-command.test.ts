/**
 * The runtime's commands as a user meets them: `widar detect` on a folder of exports (summary,
 * rerun, a failing rule reported with its code and exit 1, bad arguments), `widar incidents`,
 * `widar incident` (assign, comment, classify and close), `widar alerts`, `widar query` over the
 * store, and `widar evaluate`'s last line.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO_ROOT } from "../support/paths.js";

const WIDAR = join(REPO_ROOT, "packages/widar/bin/widar.js");
const CASE = join(REPO_ROOT, "rules/fixtures/CRED-01/positive-unfamiliar-ip-after-pim");

let dir: string;
const widar = (...args: string[]) => spawnSync(process.execPath, [WIDAR, ...args], { encoding: "utf8", cwd: dir, env: { ...process.env, WIDAR_CACHE: "off" } });

before(() => {
  dir = mkdtempSync(join(tmpdir(), "widar-detect-cli-"));
  mkdirSync(join(dir, "exports"));
  for (const f of ["AuditLogs.ndjson", "SigninLogs.ndjson"]) copyFileSync(join(CASE, f), join(dir, "exports", f));
  writeFileSync(join(dir, "exports", "notes.txt"), "not a log\n");
  mkdirSync(join(dir, "rules"));
  copyFileSync(join(REPO_ROOT, "rules/CRED-01-credential-added-to-app-with-credential.yaml"), join(dir, "rules/CRED-01.yaml"));
  // A rule that binds against a table Log Analytics does not have: it fails alone.
  writeFileSync(
    join(dir, "rules/BROKEN-01.yaml"),
    [
      "id: 00000000-0000-4000-8000-000000000099",
      "name: Broken",
      "description: d",
      "severity: Low",
      "queryFrequency: 1h",
      "queryPeriod: 1h",
      "triggerOperator: gt",
      "triggerThreshold: 0",
      "tactics: []",
      "relevantTechniques: []",
      "query: |",
      "  NoSuchTable | where x > 1",
      "version: 1.0.0",
      "kind: Scheduled",
      "",
    ].join("\n"),
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe("widar detect", () => {
  test("runs the rules over a folder of exports into the store; a failing rule is reported with its code, exit 1", () => {
    const r = widar("detect", "--data", "exports", "--rules", "rules", "--store", "s.db");
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^2 rules over .* UTC: \d+ runs, \d+ triggered, [1-9]\d* alerts \([1-9]\d* new in the store\)/m);
    assert.match(r.stdout, /^Incidents: [1-9]/m);
    assert.match(r.stdout, /#1 +High +New +CRED-01 +New credential on/);
    assert.match(r.stderr, /notes\.txt: info WD018: skipped: not a log file/);
    assert.match(r.stderr, /BROKEN-01: \d+ of \d+ runs failed: error KS\d+: .*NoSuchTable/);
  });

  test("a rerun changes nothing", () => {
    const r = widar("detect", "--data", "exports", "--rules", "rules", "--store", "s.db");
    assert.match(r.stdout, /\(0 new in the store\)/);
  });

  test("--format ndjson: one alert per line, the documented fields", () => {
    const r = widar("detect", "--data", "exports", "--rules", "rules", "--store", "s.db", "--format", "ndjson");
    const alerts = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.ok(alerts.length > 0);
    assert.deepEqual(Object.keys(alerts[0]).slice(0, 4), ["alertId", "ruleId", "ruleName", "sentinelRuleId"]);
    assert.equal(alerts[0].ruleId, "CRED-01");
    assert.equal(alerts[0].entities[0].Type, "account");
  });

  for (const [args, message] of [
    [["--rules", "rules"], /give --data PATH/],
    [["--data", "nope"], /--data nope: no such file or directory/],
    [["--data", "exports", "--from", "yesterday"], /--from yesterday: not an ISO 8601 datetime/],
    [["--data", "exports", "--format", "xml"], /--format xml: expected text, json or ndjson/],
    [["--workspace", "w"], /a remote run needs --from and --to/],
  ] as const)
    test(`bad arguments: ${args.join(" ")} → exit 2, one coded line`, () => {
      const r = widar("detect", ...args);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /error WC001: /);
      assert.match(r.stderr, message);
    });

  test("a store file that is not a store is refused, not overwritten", () => {
    writeFileSync(join(dir, "bad.db"), "hello\n");
    const r = widar("detect", "--data", "exports", "--rules", "rules", "--store", "bad.db");
    assert.equal(r.status, 2);
    assert.match(r.stderr, /WS001/);
  });
});

describe("the analyst's commands", () => {
  test("widar incidents lists and filters; widar alerts lists an incident's alerts", () => {
    const all = widar("incidents", "--store", "s.db");
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^1 incident\(s\): 1 High/m);
    assert.match(widar("incidents", "--store", "s.db", "--severity", "low").stdout, /^0 incident\(s\)/m);
    assert.match(widar("incidents", "--store", "s.db", "--search", "credential").stdout, /^1 incident/m);
    const alerts = widar("alerts", "--store", "s.db", "--incident", "1", "--format", "json");
    assert.equal(JSON.parse(alerts.stdout).length, 1);
  });

  test("widar incident: assign, comment, then close with a classification; SecurityIncident shows every version", () => {
    assert.equal(widar("incident", "1", "--store", "s.db", "--owner", "ana@contoso.com", "--status", "Active", "--by", "ana").status, 0);
    assert.equal(widar("incident", "1", "--store", "s.db", "--comment", "checked the PIM log", "--by", "ana").status, 0);
    const bad = widar("incident", "1", "--store", "s.db", "--status", "Closed");
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /closing an incident needs --classification/);
    const wrongReason = widar("incident", "1", "--store", "s.db", "--status", "Closed", "--classification", "FalsePositive", "--reason", "SuspiciousActivity");
    assert.match(wrongReason.stderr, /FalsePositive takes IncorrectAlertLogic or InaccurateData/);
    const close = widar("incident", "1", "--store", "s.db", "--status", "Closed", "--classification", "BenignPositive", "--comment", "expected rotation", "--by", "ana");
    assert.equal(close.status, 0, close.stderr);
    assert.match(close.stdout, /status Closed, owner ana@contoso\.com, BenignPositive \/ SuspiciousButExpected/);
    assert.match(widar("incidents", "--store", "s.db", "--status", "Closed").stdout, /^1 incident/m);
    const q = widar(
      "query",
      "--store",
      "s.db",
      "--format",
      "json",
      "SecurityIncident | where IncidentNumber == 1 | order by TimeGenerated asc | project Status, Owner = tostring(Owner.assignedTo), Classification, comments = array_length(Comments), ModifiedBy",
    );
    assert.equal(q.status, 0, q.stderr);
    assert.deepEqual(JSON.parse(q.stdout).rows, [
      ["New", "", "", 0, "widar detect"],
      ["Active", "ana@contoso.com", "", 0, "ana"],
      ["Active", "ana@contoso.com", "", 1, "ana"],
      ["Closed", "ana@contoso.com", "BenignPositive", 1, "ana"],
    ]);
  });
});

test("widar evaluate: the last line is exactly `recall R, precision P`", () => {
  const tenant = join(dir, "tenant");
  const sim = widar("simulate", "--seed", "2", "--days", "1", "--scenario", "sp-burst-user", "--out", tenant);
  assert.equal(sim.status, 0, sim.stderr);
  const r = widar("evaluate", "--data", tenant, "--store", "eval.db");
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  assert.match(lines[lines.length - 1]!, /^recall \d\.\d\d, precision \d\.\d\d$/);
  assert.match(r.stdout, /S01-sp-burst-user +RULE-18 caught/);
  const again = widar("evaluate", "--data", tenant, "--store", "eval.db");
  assert.equal(again.stdout, r.stdout, "a second evaluation reads the stored runs and scores the same");
});
