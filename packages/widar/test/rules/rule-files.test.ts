/** Loading rule files: Sentinel YAML, hunting YAML, the seeds' `.kql` header form with its sidecar, plain `.kql`. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseRuleDuration } from "../../src/rules/iso-duration.js";
import { ruleIdFromFile } from "../../src/rules/kql-rule-file.js";
import { findRuleFiles, loadRuleFile, loadRules } from "../../src/rules/load-rules.js";
import { labelId, queryPositionInFile } from "../../src/rules/rule.js";
import { parseSentinelRuleFile } from "../../src/rules/sentinel-rule-file.js";
import { seedQuery } from "../support/paths.js";
import { RULES_DIR, tempFiles } from "./helpers.js";

describe("rule files", () => {
  test("the pack: at least 30 rules, unique ids, every one loads", () => {
    const { loaded, missing } = loadRules([RULES_DIR]);
    assert.deepEqual(missing, []);
    for (const l of loaded) assert.deepEqual(l.diagnostics, [], l.file);
    const ids = loaded.map((l) => l.rule!.id);
    assert.ok(ids.length >= 30, `${ids.length} rules`);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ["RULE-18", "RULE-18W", "RULE-19", "RULE-19C", "CRED-01", "CRED-12"]) assert.ok(ids.includes(id), id);
  });

  test("the seeds are kept verbatim", () => {
    assert.equal(readFileSync(join(RULES_DIR, "RULE-18-sp-creation-burst.kql"), "utf8"), seedQuery("rule-sp-creation-burst.txt"));
    assert.equal(readFileSync(join(RULES_DIR, "RULE-19-sp-risk-escalation.kql"), "utf8"), seedQuery("rule-19-sp-risk-escalation.txt"));
  });

  test("every rule names MITRE tactics and techniques, a severity ladder, a simulator scenario and its benign triggers", () => {
    for (const l of loadRules([RULES_DIR]).loaded) {
      const r = l.rule!;
      assert.ok(r.tactics.length > 0 && r.techniques.length > 0, r.id);
      for (const t of r.techniques) assert.match(t, /^T\d{4}(\.\d{3})?$/, r.id);
      assert.ok(r.doc.severityLogic.length > 0, `${r.id} severityLogic`);
      assert.ok(r.doc.simulatorScenario !== undefined, `${r.id} simulatorScenario`);
      // docs/rules.md says what benign activity can still fire each rule, and how a user silences it.
      assert.match(r.doc.benignTriggers ?? "", /Silence:/, `${r.id} benignTriggers`);
      // A rule that handles an IP applies the NetworkAllowlist (the seeds define it; RULE-19 has no IP).
      if (/\bIPAddress\b|\bIpAddress\b|CallerIpAddress/.test(r.query)) assert.match(r.query, /_GetWatchlist\('NetworkAllowlist'\)/, r.id);
    }
  });

  test("a YAML rule: Sentinel fields, schedule in both notations, query position in the file", () => {
    const rule = loadRuleFile(join(RULES_DIR, "CRED-08-privileged-graph-app-role-granted.yaml")).rule!;
    assert.equal(rule.id, "CRED-08");
    assert.equal(rule.format, "sentinel-yaml");
    assert.equal(rule.kind, "scheduled");
    assert.equal(rule.queryFrequencyMs, 3_600_000);
    assert.equal(rule.sentinelId, "7a1c3e5f-9b2d-4e6f-8a0c-2e4f6a8c0e08");
    assert.equal(rule.doc.simulatorScenario, "privileged-app-role-grant");
    assert.ok(!("simulatorScenario" in rule.sentinel) && !("severityLogic" in rule.sentinel));
    const text = readFileSync(rule.file, "utf8");
    const at = rule.query.indexOf("AppRoleGrants\n  | where ResourceIsGraph".replace("\n  ", "\n"));
    const { line, column } = queryPositionInFile(rule, at);
    assert.equal(text.split("\n")[line - 1]!.slice(column - 1, column - 1 + "AppRoleGrants".length), "AppRoleGrants");
    assert.equal(parseRuleDuration("PT30M"), parseRuleDuration("30m"));
    assert.equal(parseRuleDuration("P14D"), parseRuleDuration("14d"));
  });

  test("a seed: header fields, its sidecar's Sentinel fields and widar keys", () => {
    const rule = loadRuleFile(join(RULES_DIR, "RULE-19-sp-risk-escalation.kql")).rule!;
    assert.equal(rule.format, "kql-header");
    assert.deepEqual(rule.tables, ["RiskyServicePrincipals", "ServicePrincipalRiskEvents"]);
    assert.equal(rule.sentinelId, "7c3a1e5f-9d2b-4f6a-b8e0-3c5d7f9a1b19");
    assert.ok(Array.isArray(rule.sentinel.entityMappings));
    assert.equal(rule.doc.simulatorScenario, "risk-escalation");
    assert.equal(labelId(rule), "RULE-19");
    assert.equal(labelId({ id: "RULE-19C" }), "RULE-19");
  });

  test("hunting YAML, plain .kql, ids from file names; sidecars and fixtures are not rules", () => {
    const dir = tempFiles({
      "H-1-hunt.yaml": "name: Hunt\ndescription: x\ntactics: [Discovery]\nrelevantTechniques: [T1087]\nquery: |\n  AuditLogs | take 1\n",
      "plain.kql": "AuditLogs | take 1\n",
      "plain.widar.yaml": "simulatorScenario: x\n",
      "fixtures/H-1/case/case.json": "{}",
      "watchlists/X.csv": "a\n",
    });
    const files = findRuleFiles([dir]).files.map((f) => f.slice(dir.length + 1));
    assert.deepEqual(files, ["H-1-hunt.yaml", "plain.kql"]);
    const hunt = loadRuleFile(join(dir, "H-1-hunt.yaml")).rule!;
    assert.equal(hunt.kind, "hunting");
    assert.equal(hunt.queryFrequencyMs, 0);
    const plain = loadRuleFile(join(dir, "plain.kql")).rule!;
    assert.equal(plain.kind, "query");
    assert.equal(plain.doc.simulatorScenario, "x");
    assert.equal(ruleIdFromFile("rules/RULE-19C-sp-risk.yaml"), "RULE-19C");
    assert.equal(ruleIdFromFile("CRED-01.yaml"), "CRED-01");
  });

  test("a broken YAML rule is a list of coded diagnostics at the field's line, not a throw", () => {
    const r = parseSentinelRuleFile(
      "id: not-a-guid\nname: X\ndescription: d\nseverity: Critical\nqueryFrequency: soon\nqueryPeriod: 1h\ntriggerOperator: gt\ntriggerThreshold: 0\ntactics: Persistence\nrelevantTechniques: []\nquery: T\nversion: 1.0.0\nkind: Scheduled\n",
      "bad.yaml",
    );
    assert.equal(r.rule, undefined);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line]),
      [["WR012", 1], ["WR012", 4], ["WR012", 5], ["WR012", 9]],
    );
    const syntax = parseSentinelRuleFile("query: |\n  x\n bad: [\n", "bad.yaml");
    assert.equal(syntax.diagnostics[0]!.code, "WR010");
  });

  test("a key that is no Sentinel field is WR014 at the key, with a did-you-mean for a case slip", () => {
    const r = parseSentinelRuleFile("name: H\nquery: T\nSeverity: High\ndescription-detailed: d\nsupressionEnabled: true\n", "h.yaml");
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
      [
        ["WR014", 3, 1, "'Severity' is not a Sentinel rule field (did you mean 'severity'?)"],
        ["WR014", 5, 1, "'supressionEnabled' is not a Sentinel rule field"],
      ],
    );
  });
});
