/**
 * `widar export sentinel`: ARM templates checked against the published resource schema, Sentinel
 * YAML that loads back as the same rule, the watchlists as watchlist resources.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runExport } from "../../src/cli/export-command.js";
import { parentTechniques } from "../../src/rules/export/arm-template.js";
import { ruleGuid } from "../../src/rules/export/sentinel-yaml.js";
import { loadRuleFile, loadRules } from "../../src/rules/load-rules.js";
import { WIDAR_KEYS, parseSentinelRuleFile } from "../../src/rules/sentinel-rule-file.js";
import { parseYaml, toPlain } from "../../src/rules/yaml/yaml-reader.js";
import { RULES_DIR, capture } from "./helpers.js";
import { ALERT_RULE_RESOURCE, WATCHLIST_RESOURCE, checkAgainst, deploymentTemplate } from "./sentinel-resource-schema.js";
import { tempDir } from "../support/temp-dir.js";

const out = tempDir("widar-export-");
const run = capture((io) => runExport(["sentinel", "--out", out, RULES_DIR], io));
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

describe("widar export sentinel", () => {
  test("writes every rule and watchlist; reports the seeds' findings", async () => {
    const { code, stdout, stderr } = await run;
    assert.equal(code, 0);
    const hunting = rules.filter((r) => r.kind === "hunting").length;
    assert.equal(stdout, `${rules.length - hunting} analytics rules, ${hunting} hunting queries, 4 watchlists written to ${out}\n`);
    // RULE-19's six mistakes and, in both seeds, the IPv4-only NetworkAllowlist (WR112).
    assert.match(stderr, /RULE-18-sp-creation-burst\.kql: exported with 1 finding\(s\)/);
    assert.match(stderr, /RULE-19-sp-risk-escalation\.kql: exported with 7 finding\(s\)/);
    assert.equal(readdirSync(join(out, "sentinel")).length, rules.length);
  });

  test("each scheduled rule is an alertRules (kind Scheduled) template that conforms to the published schema", async () => {
    await run;
    for (const rule of rules.filter((r) => r.kind === "scheduled")) {
      const name = rule.file.slice(rule.file.lastIndexOf("/") + 1).replace(/\.(ya?ml|kql)$/, "");
      const t = json(join(out, "arm", `${name}.json`));
      assert.deepEqual(checkAgainst(t, deploymentTemplate(ALERT_RULE_RESOURCE)), [], name);
      const p = t.resources[0].properties;
      assert.equal(t.resources[0].name, ruleGuid(rule));
      assert.equal(p.query, rule.query);
      assert.equal(p.displayName, rule.title);
      assert.deepEqual(p.techniques, parentTechniques(rule.techniques));
    }
    const cred01 = json(join(out, "arm", "CRED-01-credential-added-to-app-with-credential.json")).resources[0].properties;
    assert.equal(cred01.queryFrequency, "PT1H");
    assert.equal(cred01.queryPeriod, "P14D");
    assert.equal(cred01.triggerOperator, "GreaterThan");
    assert.equal(cred01.suppressionDuration, "PT5H");
    assert.equal(cred01.incidentConfiguration.groupingConfiguration.lookbackDuration, "P1D");
    assert.equal(cred01.alertDetailsOverride.alertSeverityColumnName, "AlertSeverity");
  });

  test("the hunting query is a saved search in the Hunting Queries category", async () => {
    await run;
    const t = json(join(out, "arm", "RULE-13-stale-sp-credential-active.json"));
    const r = t.resources[0];
    assert.equal(r.type, "Microsoft.OperationalInsights/workspaces/savedSearches");
    assert.equal(r.properties.category, "Hunting Queries");
    assert.deepEqual(r.properties.tags.map((x: { name: string }) => x.name), ["description", "tactics", "techniques"]);
  });

  test("each watchlist is a watchlists resource carrying its CSV", async () => {
    await run;
    for (const alias of ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"]) {
      const t = json(join(out, "arm", `watchlist-${alias}.json`));
      assert.deepEqual(checkAgainst(t, deploymentTemplate(WATCHLIST_RESOURCE)), [], alias);
      assert.equal(t.resources[0].properties.rawContent, readFileSync(join(RULES_DIR, "watchlists", `${alias}.csv`), "utf8"));
    }
    assert.equal(json(join(out, "arm", "watchlist-NetworkAllowlist.json")).resources[0].properties.itemsSearchKey, "IPOrRange");
  });

  test("the Sentinel YAML loads back as the same rule, without widar's keys", async () => {
    await run;
    for (const rule of rules) {
      const name = rule.file.slice(rule.file.lastIndexOf("/") + 1).replace(/\.(ya?ml|kql)$/, "");
      const path = join(out, "sentinel", `${name}.yaml`);
      const text = readFileSync(path, "utf8");
      const doc = toPlain(parseYaml(text).node!) as Record<string, unknown>;
      for (const k of WIDAR_KEYS) assert.ok(!(k in doc), `${name}: ${k}`);
      const back = parseSentinelRuleFile(text, path);
      assert.deepEqual(back.diagnostics, [], name);
      const r = back.rule!;
      assert.equal(r.query, rule.query, name);
      assert.deepEqual([r.kind, r.queryFrequencyMs, r.queryPeriodMs, r.severity, r.tactics, r.techniques], [rule.kind, rule.queryFrequencyMs, rule.queryPeriodMs, rule.severity, rule.tactics, rule.techniques], name);
      if (rule.format === "sentinel-yaml") {
        const original = toPlain(parseYaml(readFileSync(rule.file, "utf8")).node!) as Record<string, unknown>;
        for (const k of WIDAR_KEYS) delete original[k];
        assert.deepEqual(doc, original, name);
      }
    }
    // A seed exports its header and sidecar as Sentinel fields, its whole file as the query.
    const seed = toPlain(parseYaml(readFileSync(join(out, "sentinel", "RULE-18-sp-creation-burst.yaml"), "utf8")).node!) as Record<string, unknown>;
    assert.equal(seed.id, loadRuleFile(join(RULES_DIR, "RULE-18-sp-creation-burst.kql")).rule!.sentinelId);
    assert.deepEqual([seed.queryFrequency, seed.queryPeriod, seed.kind], ["30m", "30m", "Scheduled"]);
  });

  test("arguments", async () => {
    assert.equal((await capture((io) => runExport(["sentinel"], io))).code, 2);
    assert.equal((await capture((io) => runExport(["arm", "--out", out], io))).code, 2);
  });
});
