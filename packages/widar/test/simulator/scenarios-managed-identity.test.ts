/**
 * The managed-identity scenarios write what their rules need for the right reason: a
 * business-hours baseline and a night-time burst (RULE-05), a sweep of many resources new for
 * the identity (RULE-06), Key Vault / Storage tokens then control-plane operations it never made
 * before, as Azure writes them to AzureActivity (RULE-11). Each variant gets its rule's severity.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import type { SimulationResult } from "../../src/simulator/index.js";
import { TABLES } from "../../src/simulator/tables.js";
import { RULES_DIR } from "../rules/helpers.js";
import { readNdjson, run } from "./helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AT = "2026-11-20T15:30:00Z";
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);
type Rec = Record<string, unknown>;

const simulations = new Map<string, Promise<SimulationResult>>();
function sim(spec: string): Promise<SimulationResult> {
  let p = simulations.get(spec);
  if (p === undefined) {
    const [name, params] = spec.split(":");
    p = run(`mi-${name}`, { quiet: true, scenarios: [`${name}:at=${AT}${params === undefined ? "" : `,${params}`}`] });
    simulations.set(spec, p);
  }
  return p;
}

/** Records of a table, split into the label's attack records and its context. */
function parts(s: SimulationResult, table: "AADManagedIdentitySignInLogs" | "AzureActivity"): { attack: Rec[]; context: Rec[] } {
  const label = s.groundTruth.scenarios[0]!;
  const key = (r: Rec) => TABLES[table].key.map((k) => String(r[k])).join("|");
  const attack = new Set(label.records[table] ?? []);
  const context = new Set(label.contextRecords?.[table] ?? []);
  const rows = readNdjson(s.outDir, table);
  return { attack: rows.filter((r) => attack.has(key(r))), context: rows.filter((r) => context.has(key(r))) };
}

const time = (r: Rec) => Date.parse(r.TimeGenerated as string);

/** The AlertSeverity of every result row of the rule's runs, replayed up to an hour past evaluateAt. */
async function severities(ruleId: string, s: SimulationResult): Promise<string[]> {
  const rule = rules.find((r) => r.id === ruleId)!;
  const label = s.groundTruth.scenarios[0]!;
  const tables = Object.entries(s.manifest.tables).map(([name, e]) => ({ name, path: join(s.outDir, e!.file) }));
  const watchlists = [{ alias: "NetworkAllowlist", path: join(s.outDir, "NetworkAllowlist.csv") }];
  const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables, watchlists });
  const from = Math.floor((Date.parse(label.window.start) - 1) / HOUR) * HOUR;
  const r = replayRule(rule, catalog as Catalog, from, Date.parse(label.evaluateAt) + HOUR);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r.triggered.flatMap((t) => {
    const col = t.result.column("AlertSeverity")!;
    return Array.from({ length: t.result.rowCount }, (_, i) => String(col.get(i)));
  });
}

describe("mi-off-hours", () => {
  const offHours = (t: number) => {
    const d = new Date(t);
    return d.getUTCHours() < 7 || d.getUTCHours() >= 19 || d.getUTCDay() % 6 === 0;
  };

  test("a business-hours baseline (≥ 20 sign-ins on ≥ 5 days, none off-hours), then tokens at night", async () => {
    const s = await sim("mi-off-hours");
    const { attack, context } = parts(s, "AADManagedIdentitySignInLogs");
    const mi = s.groundTruth.scenarios[0]!.identities[0]!;
    assert.equal(mi.kind, "managedIdentity");
    assert.ok(!s.tenant.servicePrincipals.some((sp) => sp.id === mi.id), "not in the tenant model: no benign sign-ins at other hours");
    assert.ok(context.length >= 20);
    assert.ok(new Set(context.map((r) => (r.TimeGenerated as string).slice(0, 10))).size >= 5);
    assert.ok(context.every((r) => !offHours(time(r)) && r.ServicePrincipalId === mi.id && r.ResultType === "0"));
    const first = Math.min(...attack.map(time));
    assert.ok(context.every((r) => time(r) < first && time(r) > first - 14 * DAY), "the baseline lies in RULE-05's 14 days");
    assert.ok(attack.length > 0 && attack.every((r) => offHours(time(r)) && r.ServicePrincipalId === mi.id));
    const usual = new Set(context.map((r) => r.ResourceDisplayName));
    assert.deepEqual(
      attack.map((r) => r.ResourceDisplayName).filter((n) => !usual.has(n)),
      ["Windows Azure Service Management API", "Microsoft Graph"],
    );
  });

  test("RULE-05 alerts High for new resources, Medium for the usual ones", async () => {
    assert.deepEqual(await severities("RULE-05", await sim("mi-off-hours")), ["High"]);
    const usual = await sim("mi-off-hours:variant=usual-resource");
    assert.ok(parts(usual, "AADManagedIdentitySignInLogs").attack.every((r) => ["Azure Key Vault", "Azure Storage"].includes(r.ResourceDisplayName as string)));
    assert.deepEqual(await severities("RULE-05", usual), ["Medium"]);
  });
});

describe("mi-lateral-movement", () => {
  const SENSITIVE = ["cfa8b339-82a2-471a-a3c9-0fc0be7a4093", "e406a681-f3d4-42a8-90b6-c2b029497af1", "797f4846-ba00-4fd7-ba43-dac1f8f63013", "00000003-0000-0000-c000-000000000000"];

  test("a tenant managed identity requests ≥ 5 resources inside one clock hour, ≥ 3 of them new for it", async () => {
    const s = await sim("mi-lateral-movement");
    const { attack, context } = parts(s, "AADManagedIdentitySignInLogs");
    const mi = s.tenant.servicePrincipals.find((sp) => sp.id === attack[0]!.ServicePrincipalId)!;
    assert.equal(mi.servicePrincipalType, "ManagedIdentity");
    const hours = new Set(attack.map((r) => Math.floor(time(r) / HOUR)));
    assert.equal(hours.size, 1, "one scheduled run sees the whole sweep");
    const swept = new Set(attack.map((r) => r.ResourceIdentity as string));
    assert.equal(swept.size, 7);
    const usual = new Set(context.map((r) => r.ResourceIdentity as string));
    assert.deepEqual(usual, new Set(mi.signIn!.resources.map((r) => r.appId)), "the context is its benign profile");
    const fresh = [...swept].filter((id) => !usual.has(id));
    assert.ok(fresh.length >= 3);
    assert.ok(fresh.some((id) => SENSITIVE.includes(id)));
  });

  test("RULE-06 alerts High when the new resources are sensitive, Medium for data APIs only", async () => {
    assert.deepEqual(await severities("RULE-06", await sim("mi-lateral-movement")), ["High"]);
    const dataOnly = await sim("mi-lateral-movement:reach=data-only,count=5");
    const { attack, context } = parts(dataOnly, "AADManagedIdentitySignInLogs");
    const usual = new Set(context.map((r) => r.ResourceIdentity));
    assert.ok(attack.every((r) => usual.has(r.ResourceIdentity) || !SENSITIVE.includes(r.ResourceIdentity as string)));
    assert.deepEqual(await severities("RULE-06", dataOnly), ["Medium"]);
  });
});

describe("mi-keyvault-storage-writes", () => {
  test("AzureActivity events as ARM writes them for a managed identity's calls", async () => {
    const s = await sim("mi-keyvault-storage-writes");
    const { attack, context } = parts(s, "AzureActivity");
    const signIns = readNdjson(s.outDir, "AADManagedIdentitySignInLogs");
    const mi = s.tenant.servicePrincipals.find((sp) => sp.id === attack[0]!.Caller)!;
    assert.equal(mi.servicePrincipalType, "ManagedIdentity");
    const all = [...context, ...attack];
    assert.equal(new Set(all.map((r) => r.EventDataId)).size, all.length);
    const byCall = new Map<string, Rec[]>();
    for (const r of all) byCall.set(r.CorrelationId as string, [...(byCall.get(r.CorrelationId as string) ?? []), r]);
    for (const events of byCall.values()) {
      const phases = events.map((r) => r.ActivityStatusValue);
      assert.ok(["Start,Success", "Start,Accept,Success"].includes(phases.join(",")), phases.join(","));
      assert.equal(new Set(events.map((r) => r.OperationId)).size, 1);
      assert.equal(new Set(events.map((r) => r.OperationNameValue)).size, 1);
    }
    for (const r of all) {
      assert.equal(r.Caller, mi.id);
      assert.equal(r.OperationNameValue, (r.OperationNameValue as string).toUpperCase());
      assert.notEqual(r.OperationName, r.OperationNameValue, "OperationName is the display text");
      assert.ok((r._ResourceId as string).startsWith(`/subscriptions/${s.tenant.subscriptionId}/resourcegroups/`));
      assert.equal(r._ResourceId, (r._ResourceId as string).toLowerCase());
      assert.deepEqual(JSON.parse(r.Claims as string), r.Claims_d);
      assert.deepEqual(JSON.parse(r.Authorization as string), r.Authorization_d);
      assert.deepEqual(JSON.parse(r.Properties as string), r.Properties_d);
      const claims = r.Claims_d as Record<string, string>;
      assert.equal(claims["http://schemas.microsoft.com/identity/claims/objectidentifier"], mi.id);
      assert.equal(claims.xms_mirid, mi.managedResourceId);
      // The token is the one an earlier ARM sign-in of the identity issued.
      const token = signIns.find((t) => t.UniqueTokenIdentifier === claims.uti)!;
      assert.ok(token.ResourceDisplayName === "Windows Azure Service Management API" && token.ServicePrincipalId === mi.id && time(token) <= time(r));
    }
  });

  test("the attack's operations are new for the identity, after its Key Vault and Storage tokens", async () => {
    const s = await sim("mi-keyvault-storage-writes");
    const { attack, context } = parts(s, "AzureActivity");
    const ops = (rows: Rec[]) => new Set(rows.map((r) => r.OperationNameValue as string));
    assert.deepEqual(
      [...ops(attack)].sort(),
      ["MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE", "MICROSOFT.KEYVAULT/VAULTS/ACCESSPOLICIES/WRITE", "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION"],
    );
    assert.ok([...ops(attack)].every((o) => !ops(context).has(o)));
    const first = Math.min(...attack.map(time));
    assert.ok(context.length > 0 && context.every((r) => time(r) < first && time(r) > first - 14 * DAY));
    const tokens = parts(s, "AADManagedIdentitySignInLogs").attack;
    assert.ok(["Azure Key Vault", "Azure Storage"].every((n) => tokens.some((t) => t.ResourceDisplayName === n && time(t) < first)));
  });

  test("RULE-11 alerts High for access-widening operations, Medium for ordinary new writes", async () => {
    assert.deepEqual(await severities("RULE-11", await sim("mi-keyvault-storage-writes")), ["High"]);
    assert.deepEqual(await severities("RULE-11", await sim("mi-keyvault-storage-writes:variant=ordinary")), ["Medium"]);
  });
});
