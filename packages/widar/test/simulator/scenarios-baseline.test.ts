/**
 * The baseline scenarios, each alone in a quiet tenant: the history they write as context is the
 * identity's routine and precedes the attack; the attack deviates from it the way the rule's
 * severity branch needs (first resource after a credential change; a key silent for weeks, from a
 * new IP; an owner at high risk, then a surge from new IPs); and the rule, replayed on its
 * schedule, raises the alert at that severity.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog, Value } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import type { SimulationResult } from "../../src/simulator/index.js";
import { TABLES, type TableName } from "../../src/simulator/tables.js";
import { RULES_DIR } from "../rules/helpers.js";
import { readNdjson, run } from "./helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = "2026-11-20T15:10:00Z";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const KEY_VAULT = "cfa8b339-82a2-471a-a3c9-0fc0be7a4093";
const ARM = "797f4846-ba00-4fd7-ba43-dac1f8f63013";
const ALLOWLISTED = /^(12\.36\.112\.([0-9]|1[0-5])|52\.226\.131\.7|79\.200\.14\.([0-9]|[1-5][0-9]|6[0-3]))$/;

type Row = Record<string, unknown>;
const time = (r: Row) => Date.parse(r.TimeGenerated as string);

async function simulated(spec: string): Promise<{ sim: SimulationResult; rows: (t: TableName) => Row[] }> {
  const sim = await run(`baseline-${spec}`, { quiet: true, days: 3, scenarios: [spec.replace(/^([^:]+)(:?)/, (_, n, c) => `${n}:at=${AT}${c ? "," : ""}`)] });
  return { sim, rows: (t) => readNdjson(sim.outDir, t) };
}

/** The rows of every triggering run of `ruleId`, replayed as simulator-scenarios.test does. */
async function alerts(sim: SimulationResult, ruleId: string): Promise<Record<string, Value>[]> {
  const rule = loadRules([RULES_DIR]).loaded.map((l) => l.rule!).find((r) => r?.id === ruleId)!;
  const dir = sim.outDir;
  const inv = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
  writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
  const tables = Object.entries(sim.manifest.tables).map(([name, e]) => ({ name, path: join(dir, e!.file) }));
  const watchlists = ["NetworkAllowlist", "WorkloadIdentityInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) }));
  const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables, watchlists });
  const label = sim.groundTruth.scenarios[0]!;
  const from = Math.floor((Date.parse(label.window.start) - 1) / HOUR) * HOUR;
  const r = replayRule(rule, catalog as Catalog, from, Date.parse(label.evaluateAt) + HOUR);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r.triggered.flatMap((t) => t.result.rows().map((row) => Object.fromEntries(t.result.schema.map((c, i) => [c.name, row[i]!]))));
}

/** The records of `table` the label lists as context, and as attack. */
function split(sim: SimulationResult, table: TableName, rows: Row[]): { context: Row[]; attack: Row[] } {
  const label = sim.groundTruth.scenarios[0]!;
  const key = (r: Row) => TABLES[table].key.map((k) => String(r[k])).join("|");
  const ctx = new Set(label.contextRecords?.[table] ?? []);
  const atk = new Set(label.records[table] ?? []);
  return { context: rows.filter((r) => ctx.has(key(r))), attack: rows.filter((r) => atk.has(key(r))) };
}

describe("sp-first-critical-access", () => {
  test("a Graph-only app gets a secret, then its first ARM and Key Vault tokens from a new IP: RULE-07 High", async () => {
    const { sim, rows } = await simulated("sp-first-critical-access");
    const label = sim.groundTruth.scenarios[0]!;
    const signIns = split(sim, "AADServicePrincipalSignInLogs", rows("AADServicePrincipalSignInLogs"));
    const first = Math.min(...signIns.attack.map(time));
    assert.ok(signIns.context.length > 100 && signIns.context.every((r) => r.ResourceIdentity === GRAPH));
    assert.ok(Math.min(...signIns.context.map(time)) < first - 13 * DAY, "two weeks of routine before the attack");
    assert.deepEqual(new Set(signIns.attack.map((r) => r.ResourceIdentity)), new Set([ARM, KEY_VAULT]));
    const ip = signIns.attack[0]!.IPAddress as string;
    assert.ok(signIns.attack.every((r) => r.IPAddress === ip && r.ResultType === "0") && !ALLOWLISTED.test(ip));
    assert.ok(!signIns.context.some((r) => r.IPAddress === ip));
    // The key the new tokens present is the one the administrator added, less than a day before.
    const change = rows("AuditLogs").find((r) => r.OperationName === "Update application – Certificates and secrets management ")!;
    const keyId = signIns.attack[0]!.ServicePrincipalCredentialKeyId as string;
    assert.ok(signIns.attack.every((r) => r.ServicePrincipalCredentialKeyId === keyId));
    const [prop] = (change.TargetResources as { modifiedProperties: { displayName: string; oldValue: string; newValue: string }[] }[])[0]!.modifiedProperties;
    assert.ok(!prop!.oldValue.includes(keyId) && prop!.newValue.includes(`KeyIdentifier=${keyId}`));
    assert.ok(time(change) < first && first - time(change) < DAY);
    assert.equal((change.InitiatedBy as { user: { ipAddress: string } }).user.ipAddress, ip);
    assert.deepEqual(label.expectedRules, ["RULE-07", "CRED-01"]);
    const found = await alerts(sim, "RULE-07");
    assert.ok(found.length > 0 && found.every((a) => a.AlertSeverity === "High" && a.IPAddress === ip));
    assert.deepEqual(new Set(found.map((a) => a.ResourceIdentity)), new Set([ARM, KEY_VAULT]));
  });

  test("with no change to the app (a stolen existing credential) the alert is Medium", async () => {
    const { sim, rows } = await simulated("sp-first-critical-access:change=none");
    assert.equal(rows("AuditLogs").length, 0);
    const found = await alerts(sim, "RULE-07");
    assert.ok(found.length > 0 && found.every((a) => a.AlertSeverity === "Medium"));
  });
});

describe("stale-credential-reactivated", () => {
  test("a key last used weeks ago from the app's network signs in from a new IP: RULE-13 High", async () => {
    const { sim, rows } = await simulated("stale-credential-reactivated");
    const signIns = split(sim, "AADServicePrincipalSignInLogs", rows("AADServicePrincipalSignInLogs"));
    const keyId = signIns.attack[0]!.ServicePrincipalCredentialKeyId as string;
    assert.ok(signIns.attack.length >= 4 && signIns.attack.every((r) => r.ServicePrincipalCredentialKeyId === keyId && r.ClientCredentialType === "clientSecret"));
    const lastUse = Math.max(...signIns.context.map(time));
    assert.ok(signIns.context.every((r) => r.ServicePrincipalCredentialKeyId === keyId));
    assert.ok(Date.parse(AT) - lastUse >= 40 * DAY && Date.parse(AT) - Math.min(...signIns.context.map(time)) <= 61 * DAY);
    assert.equal(new Set(signIns.context.map((r) => r.IPAddress)).size, 1, "the retired job ran from one place");
    assert.ok(!signIns.context.some((r) => r.IPAddress === signIns.attack[0]!.IPAddress));
    assert.ok(!rows("AuditLogs").some((r) => JSON.stringify(r.TargetResources).includes(keyId)), "never added in the audit history");
    const [alert] = await alerts(sim, "RULE-13");
    assert.equal(alert?.KeyId, keyId);
    assert.equal(alert?.Severity, "High");
    assert.ok((alert?.GapDays as number) >= 40);
  });

  test("idle for longer than the history: no previous use at all", async () => {
    const { sim } = await simulated("stale-credential-reactivated:idleDays=100");
    const [alert] = await alerts(sim, "RULE-13");
    assert.equal(alert?.PreviousUse, null);
    assert.equal(alert?.Staleness, "not used in 90 days");
    assert.equal(alert?.Severity, "High");
  });
});

describe("owner-risk-signin-surge", () => {
  test("the owner's risk goes to high, then the owned app surges from new IPs: RULE-25 High", async () => {
    const { sim, rows } = await simulated("owner-risk-signin-surge");
    const label = sim.groundTruth.scenarios[0]!;
    const risky = rows("AADRiskyUsers");
    for (const r of risky) assert.deepEqual(Object.keys(r), TABLES.AADRiskyUsers.columns.map((c) => c.name));
    const latest = risky.sort((a, b) => time(a) - time(b)).at(-1)!;
    assert.deepEqual([latest.OperationName, latest.RiskState, latest.RiskLevel, latest.RiskDetail], ["Risky user", "atRisk", "high", "none"]);
    const owner = label.identities.find((i) => i.role === "initiator")!;
    assert.equal(latest.Id, owner.id);
    // Ownership is the tenant's (what the inventory watchlist is built from).
    const sp = label.identities.find((i) => i.kind === "servicePrincipal")!;
    const tenant = JSON.parse(readFileSync(join(sim.outDir, "tenant.json"), "utf8")) as { servicePrincipals: { id: string; application: { owners: { id: string }[] } }[] };
    assert.ok(tenant.servicePrincipals.find((s) => s.id === sp.id)!.application.owners.some((o) => o.id === owner.id));
    const signIns = split(sim, "AADServicePrincipalSignInLogs", rows("AADServicePrincipalSignInLogs"));
    const raised = Date.parse(latest.RiskLastUpdatedDateTime as string);
    assert.ok(signIns.attack.length === 90 && signIns.attack.every((r) => time(r) >= raised && time(r) - raised < HOUR));
    const baselineHourly = signIns.context.length / (13 * 24);
    assert.ok(90 >= 3 * 3 * baselineHourly, "far above the app's usual rate");
    const usualIps = new Set(signIns.context.map((r) => r.IPAddress));
    const newIps = new Set(signIns.attack.map((r) => r.IPAddress));
    assert.equal(newIps.size, 3);
    for (const ip of newIps) assert.ok(!usualIps.has(ip) && !ALLOWLISTED.test(ip as string));
    const flagged = rows("SigninLogs")[0]!;
    assert.equal(flagged.UserId, owner.id);
    assert.deepEqual([flagged.IsRisky, flagged.RiskState, (flagged.DeviceDetail as { deviceId: string }).deviceId], [true, "atRisk", ""]);
    assert.ok(time(flagged) < raised);
    const found = await alerts(sim, "RULE-25");
    assert.ok(found.length > 0 && found.every((a) => a.AlertSeverity === "High" && a.OwnerId === owner.id && a.OwnerRiskLevel === "high"));
    assert.ok(label.expectedRules.includes("RULE-12"));
  });

  test("at medium owner risk and a surge under RULE-12's floor, RULE-25 still alerts High (surge and new IPs)", async () => {
    const { sim } = await simulated("owner-risk-signin-surge:ownerRisk=medium,signIns=20");
    const label = sim.groundTruth.scenarios[0]!;
    assert.deepEqual(label.expectedRules, ["RULE-25", "CRED-01"]);
    const found = await alerts(sim, "RULE-25");
    assert.ok(found.length > 0 && found.every((a) => a.AlertSeverity === "High" && a.OwnerRiskLevel === "medium"));
  });
});
