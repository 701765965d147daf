/**
 * Triage on a simulated tenant, judged against its ground truth: Sentinel's built-in "New access
 * credential added" rule (which alerts on every such change, benign or not), CRED-01 and RULE-18
 * run over two simulated days; every alert is investigated. Each investigation names an initiator
 * or a target the ground truth labels for the activity the alert is about; alerts about attacks
 * are never suggested benign; alerts about the benign look-alikes (a rotation job's scheduled
 * secret rotation, a certificate renewal, a pipeline creating service principals) are suggested
 * benign, and no benign activity is suggested malicious (an admin's one-off change from a new
 * address may stay suspicious). One report of each kind is a golden file.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { evaluate, type GroundTruthFile, type LabelledIdentity } from "../../src/detect/evaluate.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { reportFor } from "../../src/report/report-for.js";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { simulate } from "../../src/simulator/index.js";
import { listAlerts } from "../../src/store/alerts.js";
import { alertVerdicts, getInvestigation } from "../../src/store/investigations.js";
import type { Alert } from "../../src/store/model.js";
import type { Investigation } from "../../src/triage/model.js";
import { assertGolden, HERE, triagedStore } from "./support.js";

const RULES = [join(HERE, "fixtures", "seed-story-rule", "NEW-CREDENTIAL.yaml"), "CRED-01-credential-added-to-app-with-credential.yaml", "RULE-18-sp-creation-burst.kql", "RULE-18-sp-creation-burst.widar.yaml"];

let simDir: string;
let t: Awaited<ReturnType<typeof triagedStore>>;
let gt: GroundTruthFile;
let alerts: Alert[];
let about: ReadonlyMap<string, string>;
let verdicts: ReadonlyMap<string, string>;
const inv = (a: Alert) => getInvestigation<Investigation>(t.store.db, a.alertId)!.model;

before(async () => {
  simDir = mkdtempSync(join(tmpdir(), "widar-simrep-"));
  const sim = await simulate({ outDir: simDir, seed: 3, days: 2 });
  const m = sim.manifest;
  for (const [alias, csv] of Object.entries(inventoryWatchlists(JSON.parse(readFileSync(join(simDir, m.files.tenant), "utf8"))))) writeFileSync(join(simDir, `${alias}.csv`), csv);
  t = await triagedStore(simDir, RULES, m.period.start, m.period.end);
  gt = JSON.parse(readFileSync(join(simDir, m.files.groundTruth), "utf8")) as GroundTruthFile;
  alerts = listAlerts(t.store.db);
  about = evaluate(alerts, gt, ["NEW-CREDENTIAL", "CRED-01", "RULE-18"]).alertsAbout;
  verdicts = alertVerdicts(t.store.db);
});
after(() => {
  t?.done();
  rmSync(simDir, { recursive: true, force: true });
});

/** Every name and id the ground truth gives the identities of activities of a kind. */
function labelled(kind: "attack" | "benign"): Set<string> {
  const ids: readonly LabelledIdentity[] = kind === "attack" ? gt.scenarios.flatMap((s) => s.identities) : gt.benign.flatMap((b) => b.identities);
  return new Set(ids.flatMap((i) => [i.id, i.appId, i.userPrincipalName, i.displayName]).filter((x): x is string => !!x).map((x) => x.toLowerCase()));
}

describe("triage on a simulated tenant, against its ground truth", () => {
  test("every alert is investigated, and the alerts cover attacks and the benign look-alikes", () => {
    assert.ok(alerts.length > 10);
    for (const a of alerts) assert.ok(verdicts.has(a.alertId), `${a.ruleId} ${a.displayName} investigated`);
    const benignInitiators = new Set(alerts.filter((a) => about.get(a.alertId) === "benign").map((a) => inv(a).initiator?.name));
    for (const name of ["KeyVault-Secret-Rotator", "Cert-Renewal-Service", "gh-actions-infra-deploy"]) assert.ok(benignInitiators.has(name), `an alert on ${name}'s routine`);
  });

  test("each investigation names the initiator or a target of the activity it is about", () => {
    for (const kind of ["attack", "benign"] as const) {
      const names = labelled(kind);
      for (const a of alerts.filter((x) => about.get(x.alertId) === kind)) {
        const i = inv(a);
        const named = [i.initiator?.name, i.initiator?.id, ...i.targets.flatMap((x) => [x.name, x.id])].filter((x): x is string => !!x).map((x) => x.toLowerCase());
        assert.ok(
          named.some((n) => names.has(n)),
          `${a.ruleId} "${a.displayName}": ${named.join(", ")}`,
        );
        assert.ok(i.initiator !== undefined && !/^[0-9a-f-]{36}$/i.test(i.initiator.name), `${a.ruleId}: the initiator by name, not by object id (${i.initiator?.name})`);
      }
    }
  });

  test("alerts about attacks are never suggested benign; the routine jobs' alerts are suggested benign, and no benign activity malicious", () => {
    const jobs = new Set(["KeyVault-Secret-Rotator", "Cert-Renewal-Service", "gh-actions-infra-deploy"]);
    for (const a of alerts) {
      const v = verdicts.get(a.alertId);
      const reasons = inv(a)
        .verdict.reasons.map((r) => `${r.weight} ${r.text}`)
        .join("; ");
      const why = `${a.ruleId} "${a.displayName}": ${reasons}`;
      if (about.get(a.alertId) === "attack") assert.notEqual(v, "benign", why);
      if (about.get(a.alertId) === "benign") {
        assert.notEqual(v, "malicious", why);
        // An admin's one-off change from a new address may stay suspicious; a known job's routine may not.
        if (jobs.has(inv(a).initiator?.name ?? "")) assert.equal(v, "benign", why);
      }
    }
  });

  test("the report of an attack and of a benign rotation (golden files)", () => {
    const attack = alerts.find((a) => a.ruleId === "CRED-01" && about.get(a.alertId) === "attack")!;
    const benign = alerts.find((a) => a.ruleId === "NEW-CREDENTIAL" && about.get(a.alertId) === "benign" && inv(a).initiator?.name === "KeyVault-Secret-Rotator")!;
    for (const [name, a] of [
      ["simulated-attack-cred-01.md", attack],
      ["simulated-benign-rotation.md", benign],
    ] as const) {
      const doc = reportFor(t.store, a.alertId);
      assert.ok(typeof doc !== "string", String(doc));
      assertGolden(name, renderMarkdown(doc));
    }
  });
});
