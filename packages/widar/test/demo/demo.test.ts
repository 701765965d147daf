/**
 * The README's main job: `widar demo` simulates the demo tenant and replays the pack. Every
 * scenario whose expected rule is in the pack must be caught, on the same seed, every time.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { defaultRulesDir } from "../../src/demo/rule-pack-location.js";
import { runDemo } from "../../src/demo/run-demo.js";
import { REPO_ROOT } from "../support/paths.js";

test("the demo catches every scenario that a rule in the pack expects", async () => {
  const outDir = mkdtempSync(join(tmpdir(), "widar-demo-"));
  const r = await runDemo({ outDir, rulesDir: defaultRulesDir()! });
  assert.ok(r.rules.length >= 2);
  for (const o of r.rules) assert.deepEqual(o.diagnostics.filter((d) => d.severity === "error"), [], o.rule.id);
  const missed = r.scenarios.flatMap((s) => s.missed.map((id) => `${s.id}: ${id}`));
  assert.deepEqual(missed, []);
  assert.deepEqual(
    r.scenarios.filter((s) => s.notInPack.length > 0).map((s) => s.id),
    [],
    "every expected detection has a rule in the pack",
  );
  // Every alert of the demo tenant is explained: an attack, or benign activity the ground truth
  // lists as a likely false positive of that rule. An unexplained one is a false positive to fix.
  assert.deepEqual(
    r.rules.filter((o) => o.attribution.other > 0).map((o) => `${o.rule.id}: ${o.attribution.other}`),
    [],
  );
  const caught = r.scenarios.flatMap((s) => s.caught.map((id) => `${s.id}: ${id}`));
  for (const expected of [
    "S01-sp-burst-user: RULE-18",
    "S02-sp-burst-app: RULE-18",
    "S13-risk-escalation: RULE-19",
    "S14-risk-confirmed-compromised: RULE-19",
    "S13-risk-escalation: RULE-19C",
  ])
    assert.ok(caught.includes(expected), expected);
});

test("`widar demo` prints the detections and the ground-truth score, exit 0", () => {
  const outDir = mkdtempSync(join(tmpdir(), "widar-demo-cli-"));
  const r = spawnSync(process.execPath, [join(REPO_ROOT, "packages/widar/bin/widar.js"), "demo", "--out", outDir, "--days", "3"], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Detections \(each rule replayed over the period on its own schedule\):/);
  assert.match(r.stdout, /RULE-18 +Medium/);
  assert.match(r.stdout, /expected detections by rules in the pack fired on their scenarios\./);
});
