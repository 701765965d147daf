/**
 * `widar validate`: the pack is clean except the verbatim seeds: RULE-19's findings are exactly its
 * known mistakes, and both seeds test the NetworkAllowlist with IPv4 functions only (WR112); each
 * lint on a small rule of its own; failures reported, never thrown.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runValidate } from "../../src/cli/validate-command.js";
import { loadRuleFile } from "../../src/rules/load-rules.js";
import { parseSchemasJson } from "../../src/rules/validate/schemas-file.js";
import { validateRuleFile } from "../../src/rules/validate/validate-rule.js";
import { RULES_DIR, capture, tempFiles } from "./helpers.js";

/** A scheduled YAML rule around `query` (indented into the block), with extra top-level YAML. */
function yamlRule(query: string, extra = "", schedule = "queryFrequency: 1h\nqueryPeriod: 1h\n"): string {
  return `id: 11111111-2222-4333-8444-555555555555\nname: T\ndescription: t\nseverity: Low\n${schedule}triggerOperator: gt\ntriggerThreshold: 0\ntactics: [Persistence]\nrelevantTechniques: [T1098]\nquery: |\n${query
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n${extra}version: 1.0.0\nkind: Scheduled\n`;
}

async function findings(files: Record<string, string>, file: string, schemas?: string) {
  const dir = tempFiles(files);
  try {
    const extra = schemas === undefined ? undefined : parseSchemasJson(schemas, "s.json").schemas;
    const v = await validateRuleFile(loadRuleFile(join(dir, file)), { extraSchemas: extra });
    return { passed: v.passed, codes: v.diagnostics.map((d) => d.code), diagnostics: v.diagnostics };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("widar validate rules/", () => {
  test("every rule passes; only the seeds have findings: RULE-19's mistakes, and both seeds' IPv4-only allowlist", async () => {
    const { code, stdout } = await capture((io) => runValidate([RULES_DIR], io));
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[lines.length - 1]!, /^(\d+) passed, 0 failed$/);
    const findingLines = lines.filter((l) => / (warning|error|info) [A-Z]+\d+: /.test(l)).map((l) => l.slice(l.indexOf("RULE-1")));
    const ipv4Only =
      "warning WR112: the NetworkAllowlist is tested with IPv4 functions only: IPv6 addresses, CIDRs and ranges on the watchlist never match, so they suppress nothing (the ipv6_* functions cover both families)";
    assert.deepEqual(findingLines, [
      `RULE-18-sp-creation-burst.kql:25:49: ${ipv4Only}`,
      `RULE-19-sp-risk-escalation.kql:30:53: ${ipv4Only}`,
      "RULE-19-sp-risk-escalation.kql:41:5: warning WR104: 'anomalousToken' is a user-only risk detection: AADServicePrincipalRiskEvents never contains it, so this value can never match in a workload-identity rule",
      "RULE-19-sp-risk-escalation.kql:42:5: warning WR104: 'maliciousIPAddress' is a user-only risk detection: AADServicePrincipalRiskEvents never contains it, so this value can never match in a workload-identity rule",
      "RULE-19-sp-risk-escalation.kql:48:5: warning WR101: union isfuzzy=true over 'RiskyServicePrincipals', which is not a Log Analytics table: the union only ever returns its datatable fallback: zero rows, with no error (did you mean 'AADRiskyServicePrincipals'?)",
      "RULE-19-sp-risk-escalation.kql:49:40: warning WR102: column 'ServicePrincipalId' is not in AADRiskyServicePrincipals (the table 'RiskyServicePrincipals' stands for): did you mean 'Id'?",
      "RULE-19-sp-risk-escalation.kql:49:67: warning WR102: column 'ServicePrincipalDisplayName' is not in AADRiskyServicePrincipals (the table 'RiskyServicePrincipals' stands for): did you mean 'DisplayName'?",
      "RULE-19-sp-risk-escalation.kql:53:5: warning WR101: union isfuzzy=true over 'ServicePrincipalRiskEvents', which is not a Log Analytics table: the union only ever returns its datatable fallback: zero rows, with no error (did you mean 'AADServicePrincipalRiskEvents'?)",
    ]);
    const ok = lines.filter((l) => l.endsWith(": ok"));
    assert.equal(ok.length, Number(/^(\d+)/.exec(lines[lines.length - 1]!)![1]) - 2);
    // Each finding shows the source line and a caret under its span.
    const i = lines.findIndex((l) => l.includes("WR101") && l.includes("'RiskyServicePrincipals'"));
    assert.equal(lines[i + 1], "      RiskyServicePrincipals,");
    assert.equal(lines[i + 2], "      ^^^^^^^^^^^^^^^^^^^^^^");
  });
});

describe("lints", () => {
  test("WR103: a string column compared with numbers", async () => {
    const r = await findings({ "q.kql": 'SigninLogs\n| where ResultType == 0 or 0 != ResultType\n| where ResultType in (0, 50126)\n| where ResultType == "0"\n' }, "q.kql");
    assert.equal(r.passed, true);
    assert.deepEqual(r.codes, ["WR103", "WR103", "WR103"]);
    assert.match(r.diagnostics[0]!.message, /ResultType is a string column compared with the number 0: compare with a string \(ResultType == "0"\)/);
  });

  test("WR104: a workload-only risk type in a user rule", async () => {
    const r = await findings({ "q.kql": 'AADUserRiskEvents | where RiskEventType in ("maliciousApplication", "unfamiliarFeatures", "leakedCredentials")\n' }, "q.kql");
    assert.deepEqual(r.codes, ["WR104"]);
    assert.match(r.diagnostics[0]!.message, /'maliciousApplication' is a workload-identity-only risk detection: AADUserRiskEvents never contains it/);
  });

  test("WR105: a lookback beyond queryPeriod, evaluated through lets; enrichment-only lets are exempt", async () => {
    const beyond = await findings(
      { "r.yaml": yamlRule("let Lookback = 1h;\nAuditLogs | where TimeGenerated > ago(Lookback + 30m) | where TimeGenerated between (ago(2d) .. ago(1d))") },
      "r.yaml",
    );
    assert.deepEqual(beyond.codes, ["WR105", "WR105"]);
    assert.match(beyond.diagnostics[0]!.message, /ago\(Lookback \+ 30m\) looks back 90m, longer than the queryPeriod of 1h/);
    assert.match(beyond.diagnostics[1]!.message, /looks back 2d/);
    const enrichment = await findings(
      { "r.yaml": yamlRule("let Extra = AuditLogs | where TimeGenerated > ago(2h) | project Id, Extra = 1;\nAuditLogs | where TimeGenerated > ago(1h) | join kind=leftouter (Extra) on Id") },
      "r.yaml",
    );
    assert.deepEqual(enrichment.codes, []);
    const relied = await findings(
      { "r.yaml": yamlRule("let Extra = AuditLogs | where TimeGenerated > ago(2h) | project Id;\nAuditLogs | where TimeGenerated > ago(1h) | join kind=inner (Extra) on Id") },
      "r.yaml",
    );
    assert.deepEqual(relied.codes, ["WR105"]);
  });

  test("WR106-WR111: Sentinel's limits and the mappings' columns", async () => {
    const limits = await findings({ "r.yaml": yamlRule("AuditLogs | take 1", "suppressionDuration: 2d\n", "queryFrequency: 15d\nqueryPeriod: 1m\n") }, "r.yaml");
    assert.deepEqual(limits.codes, ["WR107", "WR108", "WR107", "WR107"]);
    assert.deepEqual(limits.diagnostics.map((d) => d.line), [5, 5, 6, 13]);
    const long = await findings({ "r.yaml": yamlRule(`AuditLogs | where OperationName != "${"x".repeat(10_000)}"`) }, "r.yaml");
    assert.deepEqual(long.codes, ["WR106"]);
    const mappings = [
      "entityMappings:",
      "  - entityType: Account",
      "    fieldMappings:",
      "      - identifier: FullName",
      "        columnName: Nope",
      "      - identifier: Upn",
      "        columnName: Id",
      "  - entityType: Robot",
      "    fieldMappings: []",
      "customDetails:",
      "  Missing: Gone",
      "alertDetailsOverride:",
      "  alertDisplayNameFormat: '{{A}} {{B}} {{C}} {{D}}'",
      "  alertSeverityColumnName: Sev",
      "",
    ].join("\n");
    const m = await findings({ "r.yaml": yamlRule("AuditLogs | project Id", mappings) }, "r.yaml");
    assert.deepEqual(m.codes.sort(), ["WR109", "WR109", "WR109", "WR109", "WR109", "WR109", "WR109", "WR110", "WR110", "WR111"].sort());
    assert.ok(m.diagnostics.some((d) => d.message === "the Account entity's FullName names column 'Nope', which the query's result does not have"));
    assert.ok(m.diagnostics.some((d) => d.message.startsWith("'Upn' is not an identifier of the Account entity")));
  });

  test("WR112: a NetworkAllowlist tested with IPv4 functions only; the ipv6_* form and rules without the watchlist are clean", async () => {
    const v4 = [
      "let allow = toscalar(_GetWatchlist('NetworkAllowlist') | summarize make_list(tostring(IPOrRange)));",
      "SigninLogs | where not(coalesce(ipv4_is_in_any_range(IPAddress, allow), false)) | project IPAddress",
    ].join("\n");
    const flagged = await findings({ "q.kql": v4, "watchlists/NetworkAllowlist.csv": "IPOrRange,Description\n" }, "q.kql");
    assert.deepEqual(flagged.codes, ["WR112"]);
    assert.equal(flagged.passed, true);
    const v6 = v4.replace("ipv4_is_in_any_range", "ipv6_is_in_any_range");
    assert.deepEqual((await findings({ "q.kql": v6, "watchlists/NetworkAllowlist.csv": "IPOrRange,Description\n" }, "q.kql")).codes, []);
    const noWatchlist = 'SigninLogs | where ipv4_compare(IPAddress, "10.0.0.1") == 0 | project IPAddress';
    assert.deepEqual((await findings({ "q.kql": noWatchlist }, "q.kql")).codes, []);
  });

  test("WR101 is satisfied by --schemas; a table outside every catalog is reported with a did-you-mean, not thrown", async () => {
    const files = { "q.kql": 'union isfuzzy=true MyApp_CL, (datatable(Msg:string)[]) | where Msg == "x"\n', "t.kql": "SigninLog | take 1\n" };
    const without = await findings(files, "q.kql");
    assert.deepEqual(without.codes, ["WR101"]);
    const schemas = JSON.stringify([{ Name: "MyApp_CL", Properties: [{ Name: "Msg", Type: "System.String" }, { Name: "TimeGenerated", Type: "DateTime" }] }]);
    assert.deepEqual((await findings(files, "q.kql", schemas)).codes, []);
    const unknown = await findings(files, "t.kql");
    assert.equal(unknown.passed, false);
    assert.deepEqual(unknown.codes, ["KS204"]);
    assert.match(unknown.diagnostics[0]!.message, /Did you mean 'SigninLogs'\?$/);
  });

  test("an older rule without relevantTechniques, version or kind passes with warnings, as Sentinel deploys it", async () => {
    const old = [
      "id: 0b9ae89d-8cad-461c-808f-0494f70ad5c4",
      "name: Old",
      "description: An older rule",
      "severity: Medium",
      "queryFrequency: 1h",
      "queryPeriod: 1h",
      "triggerOperator: gt",
      "triggerThreshold: 0",
      "tactics: []",
      "query: |",
      "  SigninLogs | where ResultType == '0'",
      "",
    ].join("\n");
    const r = await findings({ "old.yaml": old }, "old.yaml");
    assert.equal(r.passed, true);
    assert.deepEqual(r.codes, ["WR013", "WR013", "WR013"]);
    assert.ok(r.diagnostics.every((d) => d.severity === "warning"));
  });

  test("hunting YAML and plain queries validate; schedule lints do not apply to them", async () => {
    const hunt = await findings({ "h.yaml": "name: H\nquery: |\n  AuditLogs | where TimeGenerated > ago(90d)\n" }, "h.yaml");
    assert.deepEqual(hunt, { passed: true, codes: [], diagnostics: [] });
  });

  test("a rule whose fields have errors still has its query bound and linted: every finding in one run", async () => {
    const fields = "name: R\nseverity: Loud\nqueryFrequency: 1h\nqueryPeriod: soon\n";
    const r = await findings({ "r.yaml": `${fields}query: |\n  SigninLogs\n  | where TimeGenerated > ago(3h)\n  | where ResultType == 0\n` }, "r.yaml");
    assert.equal(r.passed, false);
    // The missing fields, the bad severity and duration, then the query's lint; the unreadable
    // queryPeriod gives no schedule lint (no WR105/WR107/WR108 against a guessed period).
    assert.deepEqual(r.codes, [...Array(5).fill("WR011"), "WR012", "WR012", "WR013", "WR013", "WR013", "WR103"]);
    const unbound = await findings({ "r.yaml": `${fields}query: |\n  SigninLogs | project Nope\n` }, "r.yaml");
    assert.deepEqual(unbound.codes.slice(-1), ["KS142"]);
    const header = "// Rule : R\n// Severity: High\n// Freq : sometimes\nSigninLogs\n| where ResultType == 0\n";
    const k = await findings({ "r.kql": header }, "r.kql");
    assert.equal(k.passed, false);
    assert.deepEqual(k.codes, ["WR001", "WR003", "WR103"]);
  });
});

describe("the command", () => {
  test("prints one line per rule and a summary; exit 1 when a rule fails", async () => {
    const dir = tempFiles({ "a.kql": "AuditLogs | take 1\n", "b.kql": "AuditLogz | take 1\n" });
    const { code, stdout } = await capture((io) => runValidate([dir], io));
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split("\n");
    assert.equal(lines[0], `${join(dir, "a.kql")}: ok`);
    assert.equal(lines[1], `${join(dir, "b.kql")}: failed`);
    assert.match(lines[2]!, /b\.kql:1:1: error KS204: .*Did you mean 'AuditLogs'\?/);
    assert.equal(lines[lines.length - 1], "1 passed, 1 failed");
  });

  test("failures are counted by cause: the environment's (tables, functions), widar's, the rule's", async (t) => {
    const dir = tempFiles({
      "table.kql": "AADSignInEventsBeta | take 1\n",
      "fn.kql": "GitHubAuditData(ago(1d)) | take 1\n",
      "rule.kql": "SigninLogs | where NoSuchColumn == 1\n",
      "parser.yaml": "FunctionName: GitHubAuditData\nFunctionParams:\n  - Name: since\n    Type: datetime\n    Default: datetime(null)\nFunctionQuery: |\n  AuditLogs\n  | where isnull(since) or TimeGenerated > since | project Actor = tostring(InitiatedBy.user.userPrincipalName)\n",
    });
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const files = ["table.kql", "fn.kql", "rule.kql"].map((f) => join(dir, f));
    const { code, stdout } = await capture((io) => runValidate(files, io));
    assert.equal(code, 1);
    const lines = stdout.trimEnd().split("\n");
    assert.equal(lines[lines.length - 1], "0 passed, 3 failed");
    assert.equal(
      lines[lines.length - 2],
      "failed: 2 for missing tables, functions or external data (your environment: 1 table-absent, 1 function-absent), 0 for engine gaps (widar's), 1 for errors in the rules themselves",
    );
    // The parser given, the function binds and the rule passes.
    const withFn = await capture((io) => runValidate([join(dir, "fn.kql"), "--functions", join(dir, "parser.yaml")], io));
    assert.equal(withFn.code, 0, withFn.stdout);
    assert.equal(withFn.stdout.trimEnd().split("\n").pop(), "1 passed, 0 failed");
  });

  test("bad arguments and bad --schemas files exit 2", async () => {
    assert.equal((await capture((io) => runValidate([], io))).code, 2);
    const dir = tempFiles({ "s.json": '{"Name": "x"}' });
    const r = await capture((io) => runValidate([RULES_DIR, "--schemas", join(dir, "s.json")], io));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WC003/);
  });
});
