/**
 * The benign month holds each class of routine activity a naive pack fires on, in the shapes
 * Entra writes: dual-stack offices (IPv6 egress, on the allowlist as a CIDR and a range), a
 * Terraform identity and a certificate-renewal service with weeks of history before the period,
 * the Managed Service Identity service rolling managed identities' certificates, a job retrying an
 * expired secret (AADSTS7000222), and apps used only through users' sign-ins. Each class is
 * labelled in ground-truth.json; and the pack, replayed on its schedules over the benign month
 * alone, raises no alert about any of them (the verbatim seed RULE-18 excepted, which fires on the
 * CI/CD pipeline's bursts). Other benign activity may still alert (an admin changing an app from
 * home, with no sign-in from there in the baseline): docs/rules.md lists those per rule.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import { type SimulationResult, simulate } from "../../src/simulator/index.js";
import { RULES_DIR } from "../rules/helpers.js";
import { readNdjson, tempDir } from "./helpers.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MSI_APP_ID = "ef5d5c69-a5df-46bb-acaf-426f161a21a2";
const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);

describe("the benign month's routine classes", () => {
  let sim: SimulationResult;
  let catalog: Catalog;
  before(async () => {
    const dir = tempDir("benign-classes");
    sim = await simulate({ outDir: dir, seed: 3, days: 7, identities: 80, scenarios: [] });
    const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(dir, "tenant.json"), "utf8")));
    writeFileSync(join(dir, "WorkloadIdentityInventory.csv"), inventory.WorkloadIdentityInventory);
    writeFileSync(join(dir, "AppCredentialInventory.csv"), inventory.AppCredentialInventory);
    const built = await buildCatalog({
      queryTexts: rules.map((r) => r.query),
      tables: readdirSync(dir)
        .filter((f) => f.endsWith(".ndjson"))
        .map((f) => ({ name: f.slice(0, -".ndjson".length), path: join(dir, f) })),
      watchlists: ["NetworkAllowlist", "AutomationIdentities", "WorkloadIdentityInventory", "AppCredentialInventory"].map((alias) => ({
        alias,
        path: join(dir, `${alias}.csv`),
      })),
    });
    catalog = built.catalog as Catalog;
  });

  test("each class is labelled not-an-attack", () => {
    const names = new Set(sim.groundTruth.benign.map((b) => b.name));
    for (const name of [
      "terraform-deployment",
      "certificate-renewal",
      "managed-identity-certificate-rollover",
      "expired-secret-loop",
      "delegated-app-registration",
      "secret-rotation",
      "cicd-sp-burst",
    ])
      assert.ok(names.has(name), name);
    assert.ok(sim.groundTruth.benign.every((b) => b.attack === false));
  });

  test("records as Entra writes them: history before the period, the MSI actor, AADSTS7000222, delegated and IPv6 sign-ins", () => {
    const start = Date.parse(sim.manifest.period.start);
    const audit = readNdjson(sim.outDir, "AuditLogs");
    const tf = sim.tenant.platform.terraform.id;
    const byTerraform = audit.filter((r) => JSON.stringify(r.InitiatedBy).includes(tf));
    assert.ok(byTerraform.some((r) => Date.parse(r.TimeGenerated as string) < start - 7 * DAY), "Terraform's history reaches two weeks back");
    const rollover = audit.find((r) => JSON.stringify(r.InitiatedBy).includes('"Managed Service Identity"'))!;
    assert.equal(rollover.OperationName, "Add service principal credentials");
    assert.equal((rollover.InitiatedBy as { app: { appId: unknown } }).app.appId, null);
    const props = JSON.stringify(rollover.TargetResources);
    assert.ok(props.includes(MSI_APP_ID) && props.includes("https://identity.azure.net/"));
    const sp = readNdjson(sim.outDir, "AADServicePrincipalSignInLogs");
    const job = sim.tenant.platform.expiringJob.id;
    assert.ok(sp.filter((r) => r.ServicePrincipalId === job && r.ResultType === "7000222").length > 20, "the expired secret is retried in a loop");
    const users = readNdjson(sim.outDir, "SigninLogs");
    assert.ok(users.some((r) => r.AppId === sim.tenant.platform.delegatedApp.appId), "the delegated-only app is used through users' sign-ins");
    assert.ok(!sp.some((r) => r.AppId === sim.tenant.platform.delegatedApp.appId), "and never signs in itself");
    assert.ok(users.some((r) => String(r.IPAddress).includes(":")), "users sign in over IPv6 from the offices");
  });

  /** What names the routine classes' actors in an alert row: their ids and names, and the offices' IPv6 egress. */
  function routineActors(): string[] {
    const { platform, named, offices } = sim.tenant;
    const created = sim.groundTruth.benign
      .filter((b) => b.name === "delegated-app-registration")
      .flatMap((b) => b.identities.filter((i) => i.role === "created").map((i) => i.id));
    const rolled = sim.groundTruth.benign.filter((b) => b.name === "managed-identity-certificate-rollover").flatMap((b) => b.identities.map((i) => i.id));
    return [
      ...[platform.terraform, platform.certRenewal, platform.msiService, platform.expiringJob, platform.delegatedApp, named.rotator, named.pipeline].flatMap((sp) => [sp.id, sp.displayName]),
      ...created,
      ...rolled,
      ...offices.flatMap((o) => o.egress6.map((e) => e.ip)),
    ].map((k) => k.toLowerCase());
  }

  for (const rule of rules)
    test(`${rule.id} raises no alert on the routine classes${rule.id === "RULE-18" ? " but the pipeline's bursts (the verbatim seed)" : ""}`, () => {
      const start = Date.parse(sim.manifest.period.start);
      const end = Date.parse(sim.manifest.period.end);
      const r = replayRule(rule, catalog, start, end, { huntEveryMs: DAY });
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      const rows = r.triggered.flatMap((t) => Array.from({ length: t.result.rowCount }, (_, i) => JSON.stringify(t.result.columns.map((c) => c.get(i))).toLowerCase()));
      const pipeline = sim.tenant.named.pipeline.displayName.toLowerCase();
      const actors = routineActors().filter((k) => rule.id !== "RULE-18" || k !== pipeline && k !== sim.tenant.named.pipeline.id.toLowerCase());
      for (const row of rows) {
        if (rule.id === "RULE-18") assert.ok(row.includes(pipeline), row.slice(0, 300));
        assert.deepEqual(
          actors.filter((k) => row.includes(k)),
          [],
          row.slice(0, 400),
        );
      }
    });
});
