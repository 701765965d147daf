/**
 * The README's main job: `widar demo` simulates the demo tenant, runs the pack through the
 * runtime into its store, prints the incidents and scores them. Every scenario whose expected
 * rule is in the pack must be caught, on the same seed, every time; the last line is the score.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Store } from "../../src/store/store.js";
import { listIncidents } from "../../src/store/incidents.js";
import { listAlerts } from "../../src/store/alerts.js";
import { REPO_ROOT } from "../support/paths.js";

test("`widar demo` runs the pack through the runtime, prints the incidents and the score; every expected detection is caught", () => {
  const outDir = mkdtempSync(join(tmpdir(), "widar-demo-"));
  try {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "packages/widar/bin/widar.js"), "demo", "--out", outDir], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.match(lines[lines.length - 1]!, /^recall 1\.00, precision (0|1)\.\d\d$/);
    assert.match(r.stdout, /^Incidents \(\d+ High/m);
    assert.match(r.stdout, /^ {2}#\d+ +High +New +CRED-01 +New credential on SharepointAPI-Test/m);
    assert.doesNotMatch(r.stdout, /MISSED/);
    assert.doesNotMatch(r.stdout, /not in the pack/);
    // Every alert row is explained: an attack, or benign activity the ground truth labels.
    assert.doesNotMatch(r.stdout, / [1-9]\d* other$/m);
    // Triage: no alert about an attack is suggested benign, none about benign activity malicious,
    // and every alert was investigated.
    const triage = /^Triage's suggested verdicts: of (\d+) alerts about attacks, (.*); of (\d+) alerts about labelled benign activity, (.*)\.$/m.exec(r.stdout);
    assert.ok(triage, "the triage line");
    assert.ok(Number(triage[1]) > 50);
    assert.doesNotMatch(triage[2]!, /benign|not investigated/);
    assert.doesNotMatch(triage[4]!, /malicious|not investigated/);
    for (const caught of ["S01-sp-burst-user +RULE-18 caught", "S13-risk-escalation +RULE-19 caught \\(RULE-19, RULE-19C\\)", "S14-risk-confirmed-compromised +RULE-19 caught"])
      assert.match(r.stdout, new RegExp(caught));
    // What it printed is what the store holds.
    const store = Store.open(join(outDir, "widar.db"), { readonly: true });
    try {
      const incidents = listIncidents(store.db);
      assert.match(r.stdout, new RegExp(`Detection: \\d+ rules run on their Sentinel schedules, \\d+ runs, ${listAlerts(store.db).length} alerts, ${incidents.length} incidents`));
      assert.ok(incidents.length > 20);
      assert.ok(incidents.every((i) => i.status === "New" && i.alertCount > 0));
    } finally {
      store.close();
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
});
