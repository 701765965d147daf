/**
 * The app-change scenarios write what Entra writes (a 99-year secret only the credential
 * inventory can date, AppAddress objects, AvailableToOtherTenants, "Add member to role" with the
 * SP first, the Conditional Access policy document) and their rules raise the severity the
 * scenario aims at, replayed on the rules' own schedules over a quiet two-day tenant.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import type { SimulationResult } from "../../src/simulator/index.js";
import { RULES_DIR } from "../rules/helpers.js";
import { parseCsv, readNdjson, run } from "./helpers.js";

const AT = "2026-11-20T15:30:00Z";
const HOUR = 3_600_000;
const DAY = 86_400_000;
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

type Rec = Record<string, unknown>;
interface Prop {
  displayName: string;
  oldValue: string | null;
  newValue: string | null;
}
interface Target {
  id: string;
  displayName: string | null;
  type: string;
  modifiedProperties: Prop[];
}

const simulations = new Map<string, Promise<SimulationResult>>();
/** One quiet simulation per scenario spec, with the inventory watchlists built from its tenant.json. */
function simulated(spec: string): Promise<SimulationResult> {
  let p = simulations.get(spec);
  if (p === undefined) {
    p = run(`app-${spec.replace(/[^a-z0-9]+/gi, "-")}`, { seed: 3, quiet: true, scenarios: [spec.replace(/^([^:,]+):?/, `$1:at=${AT},`).replace(/,$/, "")] }).then(
      (sim) => {
        const inv = inventoryWatchlists(JSON.parse(readFileSync(join(sim.outDir, "tenant.json"), "utf8")));
        writeFileSync(join(sim.outDir, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
        writeFileSync(join(sim.outDir, "AppCredentialInventory.csv"), inv.AppCredentialInventory);
        return sim;
      },
    );
    simulations.set(spec, p);
  }
  return p;
}

/** Alerts of a rule replayed on its schedule over the scenario: each run's end and result rows. */
async function alerts(ruleId: string, sim: SimulationResult): Promise<{ at: number; rows: Rec[] }[]> {
  const rule = rules.find((r) => r.id === ruleId)!;
  const dir = sim.outDir;
  const tables = readdirSync(dir)
    .filter((f) => f.endsWith(".ndjson"))
    .map((f) => ({ name: f.slice(0, -".ndjson".length), path: join(dir, f) }));
  const watchlists = ["NetworkAllowlist", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({ alias, path: join(dir, `${alias}.csv`) }));
  const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables, watchlists });
  const label = sim.groundTruth.scenarios[0]!;
  const from = Math.floor((Date.parse(label.window.start) - 1) / HOUR) * HOUR;
  const r = replayRule(rule, catalog as Catalog, from, Date.parse(label.evaluateAt) + Math.max(rule.queryFrequencyMs, HOUR));
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), [], ruleId);
  return r.triggered.map((t) => ({
    at: t.windowEndMs,
    rows: Array.from({ length: t.result.rowCount }, (_, i) => Object.fromEntries(t.result.schema.map((c, j) => [c.name, t.result.at(j).get(i)]))),
  }));
}

const severities = (runs: { rows: Rec[] }[]): unknown[] => runs.flatMap((r) => r.rows.map((row) => row.AlertSeverity));
const audit = (sim: SimulationResult, op: string): Rec[] => readNdjson(sim.outDir, "AuditLogs").filter((r) => r.OperationName === op);
const targets = (r: Rec): Target[] => r.TargetResources as Target[];
const propOf = (t: Target, name: string): Prop => t.modifiedProperties.find((p) => p.displayName === name)!;

describe("long-lived-secret", () => {
  test("adds one 99-year password next to the certificate, dated only by the credential inventory, and uses it", async () => {
    const sim = await simulated("long-lived-secret");
    const [add] = audit(sim, "Update application – Certificates and secrets management ");
    assert.ok(add !== undefined);
    const kd = propOf(targets(add)[0]!, "KeyDescription");
    const before = JSON.parse(kd.oldValue!) as string[];
    const after = JSON.parse(kd.newValue!) as string[];
    assert.ok(before.length === 1 && before[0]!.includes("KeyType=AsymmetricX509Cert"));
    const added = after.filter((k) => !before.includes(k));
    assert.equal(added.length, 1);
    assert.match(added[0]!, /KeyType=Password/);
    const keyId = /KeyIdentifier=([^,]+)/.exec(added[0]!)![1]!;
    const inventory = parseCsv(readFileSync(join(sim.outDir, "AppCredentialInventory.csv"), "utf8"));
    const row = inventory.find((r) => r[0] === keyId)!;
    assert.equal(row[2], "Password");
    assert.ok(Date.parse(row[5]!) - Date.parse(row[4]!) > 99 * 365 * DAY);
    const signIns = readNdjson(sim.outDir, "AADServicePrincipalSignInLogs").filter((r) => r.ServicePrincipalCredentialKeyId === keyId);
    assert.equal(signIns.length, 4);
    assert.ok(signIns.every((r) => r.ResultType === "0" && r.ServicePrincipalName === "Identity-Governance-Automation"));
  });

  test("CRED-06 alerts Medium when the secret was added in the run's day; Low on the next day's use alone", async () => {
    assert.deepEqual(severities(await alerts("CRED-06", await simulated("long-lived-secret"))), ["Medium"]);
    const late = await alerts("CRED-06", await simulated("long-lived-secret:use=next-day"));
    assert.deepEqual(severities(late), ["Medium", "Low"]);
    assert.deepEqual(late[1]!.rows[0]!.Evidence, ["used"]);
  });

  test("a 3-year secret still exceeds two years; the SP variant is also a credential added by an SP", async () => {
    assert.deepEqual(severities(await alerts("CRED-06", await simulated("long-lived-secret:years=3,use=none"))), ["Medium"]);
    const sim = await simulated("long-lived-secret:initiator=app");
    assert.ok(sim.groundTruth.scenarios[0]!.expectedRules.includes("CRED-05"));
    assert.equal((await alerts("CRED-05", sim)).length > 0, true);
  });
});

describe("redirect-uri-added", () => {
  test("writes AppAddress as Entra's address objects, adding exactly one reply URL", async () => {
    const sim = await simulated("redirect-uri-added");
    const [upd] = audit(sim, "Update application");
    const p = propOf(targets(upd!)[0]!, "AppAddress");
    const before = JSON.parse(p.oldValue!) as { Address: string; AddressType: number }[];
    const after = JSON.parse(p.newValue!) as { Address: string; AddressType: number }[];
    assert.equal(after.length, before.length + 1);
    assert.ok(after.every((a) => a.AddressType === 0 && a.Address.startsWith("https://")));
    assert.match(after.at(-1)!.Address, /^https:\/\/[0-9a-f]{4}-\d+-\d+-\d+-\d+\.ngrok-free\.app\/signin-oidc$/);
  });

  for (const [host, risk] of [
    ["tunnel", "tunnelling or request-capture service"],
    ["wildcard", "wildcard"],
    ["ip", "IP-literal host"],
  ] as const)
    test(`CRED-07 rates the ${host} reply URL High (${risk})`, async () => {
      const runs = await alerts("CRED-07", await simulated(`redirect-uri-added:host=${host}`));
      assert.deepEqual(severities(runs), ["High"]);
      assert.deepEqual(runs[0]!.rows[0]!.Risks, [risk]);
    });
});

describe("app-made-multi-tenant", () => {
  test("flips AvailableToOtherTenants on the privileged app; CRED-10 rates it High as privileged", async () => {
    for (const spec of ["app-made-multi-tenant", "app-made-multi-tenant:initiator=app"]) {
      const sim = await simulated(spec);
      const [upd] = audit(sim, "Update application");
      const t = targets(upd!)[0]!;
      assert.equal(t.displayName, "Directory-Sync-Service");
      assert.deepEqual([propOf(t, "AvailableToOtherTenants").oldValue, propOf(t, "AvailableToOtherTenants").newValue], ["[false]", "[true]"]);
      const runs = await alerts("CRED-10", sim);
      assert.deepEqual(severities(runs), ["High"], spec);
      assert.equal(runs[0]!.rows[0]!.IsPrivileged, true);
    }
  });
});

describe("sp-directory-role-grant", () => {
  test("assigns a tier-0 role with the SP as the first target and the role object second; CRED-11 High", async () => {
    for (const [spec, templateId] of [
      ["sp-directory-role-grant", "62e90394-69f5-4237-9190-012177145e10"],
      ["sp-directory-role-grant:role=privRoleAdmin", "e8611ab8-c189-46e8-94e1-60213ab1f814"],
    ] as const) {
      const sim = await simulated(spec);
      const [add] = audit(sim, "Add member to role");
      const [sp, role] = targets(add!);
      assert.equal(sp!.type, "ServicePrincipal");
      assert.equal(propOf(sp!, "Role.TemplateId").newValue, JSON.stringify(templateId));
      assert.equal(role!.type, "Role");
      assert.equal(JSON.stringify(role!.id), propOf(sp!, "Role.ObjectID").newValue);
      const runs = await alerts("CRED-11", sim);
      assert.deepEqual(severities(runs), ["High"], spec);
      assert.equal(JSON.stringify(runs[0]!.rows[0]!.AssigneeAppId), propOf(sp!, "TargetId.ServicePrincipalNames").newValue);
    }
  });
});

describe("ca-workload-exclusion", () => {
  test("is logged by Conditional Access with the whole policy before and after", async () => {
    const sim = await simulated("ca-workload-exclusion");
    const [upd] = audit(sim, "Update conditional access policy");
    assert.equal(upd!.Category, "Policy");
    assert.equal(upd!.LoggedByService, "Conditional Access");
    assert.match(upd!.Id as string, /^IPCGraph_/);
    const p = propOf(targets(upd!)[0]!, "ConditionalAccessPolicy");
    const before = JSON.parse(p.oldValue!);
    const after = JSON.parse(p.newValue!);
    assert.deepEqual(before.conditions.clientApplications.includeServicePrincipals, ["ServicePrincipalsInMyTenant"]);
    const added = after.conditions.clientApplications.excludeServicePrincipals.filter((id: string) => !before.conditions.clientApplications.excludeServicePrincipals.includes(id));
    assert.deepEqual(added, [sim.tenant.named.privilegedApp.id]);
    assert.equal(after.state, "enabled");
  });

  for (const [change, state] of [
    ["exclude", "enabled"],
    ["report-only", "enabledForReportingButNotEnforced"],
    ["disable", "disabled"],
  ] as const)
    test(`CRED-12 rates the ${change} change High`, async () => {
      const runs = await alerts("CRED-12", await simulated(`ca-workload-exclusion:change=${change}`));
      assert.deepEqual(severities(runs), ["High"]);
      assert.equal(runs[0]!.rows[0]!.NewState, state);
    });
});
