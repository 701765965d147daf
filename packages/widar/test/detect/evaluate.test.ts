/**
 * Scoring alerts against a ground truth: a row is about the labelled activity it names (an
 * attack's identities or IPs within the window the alert saw), and when it names an attack and a
 * benign job both, about the one it names more — the attack on a tie.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluate, type GroundTruthFile } from "../../src/detect/evaluate.js";
import type { Alert } from "../../src/store/model.js";

const WINDOW = { start: "2026-11-19T00:00:00Z", end: "2026-11-20T00:00:00Z" };
const gt: GroundTruthFile = {
  scenarios: [{ id: "S1", name: "backdoor", window: WINDOW, expectedRules: ["CRED-01"], identities: [{ displayName: "HR-Sync", appId: "app-hr" }, { userPrincipalName: "mallory@x" }], ips: ["203.0.113.9"] }],
  benign: [{ name: "secret-rotation", at: WINDOW.start, evaluateAt: WINDOW.end, identities: [{ displayName: "KeyVault-Secret-Rotator", id: "sp-rot" }, { displayName: "HR-Sync", appId: "app-hr" }] }],
} as unknown as GroundTruthFile;

const alert = (id: string, row: Record<string, string>): Alert =>
  ({ alertId: id, ruleId: "CRED-01", kind: "result", windowStartMs: Date.parse(WINDOW.start), windowEndMs: Date.parse("2026-11-19T12:00:00Z"), rows: [row] }) as unknown as Alert;

const CASES: readonly [string, Record<string, string>, string][] = [
  ["the attacker and the target: the attack", { Initiator: "mallory@x", TargetName: "HR-Sync" }, "attack"],
  ["the rotation job and the target: the job (two of its identities, one of the attack's)", { Initiator: "KeyVault-Secret-Rotator", TargetName: "HR-Sync" }, "benign"],
  ["only the target both label: the attack, on a tie", { TargetName: "HR-Sync" }, "attack"],
  ["the attack's IP: the attack", { IPAddress: "203.0.113.9" }, "attack"],
  ["nothing labelled", { TargetName: "Payroll" }, "other"],
];

for (const [name, row, expected] of CASES)
  test(name, () => {
    const e = evaluate([alert("a1", row)], gt, ["CRED-01"]);
    assert.equal(e.alertsAbout.get("a1"), expected);
    const r = e.rules[0]!;
    assert.deepEqual([r.onAttacks, r.onBenign, r.other], [expected === "attack" ? 1 : 0, expected === "benign" ? 1 : 0, expected === "other" ? 1 : 0]);
  });

test("an alert outside an activity's window is not about it", () => {
  const late = { ...alert("a2", { Initiator: "mallory@x" }), windowStartMs: Date.parse("2026-11-21T00:00:00Z"), windowEndMs: Date.parse("2026-11-21T01:00:00Z") } as Alert;
  assert.equal(evaluate([late], gt, ["CRED-01"]).alertsAbout.get("a2"), "other");
});
