/**
 * The verdict table, rule by rule: each rule on facts that make it apply and facts that do not,
 * with its weight; and the thresholds that turn the sum into benign, suspicious or malicious.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type IpVerdictFacts, suggestVerdict, VERDICT_RULES, type VerdictFacts, verdictLabel } from "../../src/triage/verdict-rules.js";

const ip = (o: Partial<IpVerdictFacts> = {}): IpVerdictFacts => ({ address: "198.51.100.7", allowlisted: false, highRiskCountry: false, newToTenant: false, knownForDays: 30, ...o });

/** Facts that trigger no rule at all. */
const quiet: VerdictFacts = {
  family: "credential",
  severity: "Low",
  initiator: { name: "alice@contoso.com", kind: "user" },
  platformIdentity: false,
  pim: [{ role: "Application Administrator", minutesBefore: 10 }],
  routineRepeats: 0,
  operationRepeats: 0,
  initiatorIps: [],
  newSignIns: [],
  spree: { applications: 1, minutes: 0 },
  privilegedGrants: [],
};

const cases: { rule: string; facts: Partial<VerdictFacts>; weight: number | undefined }[] = [
  { rule: "rule-evidence", facts: { severity: "High" }, weight: 2 },
  { rule: "rule-evidence", facts: { severity: "Informational" }, weight: -1 },
  { rule: "rule-evidence", facts: { severity: "Low" }, weight: undefined },
  { rule: "platform-identity", facts: { platformIdentity: true }, weight: -6 },
  { rule: "known-automation", facts: { knownAutomation: "cert rotation service" }, weight: -3 },
  { rule: "routine", facts: { routineRepeats: 3, routineOperation: "Add service principal credentials" }, weight: -3 },
  { rule: "routine", facts: { routineRepeats: 1 }, weight: undefined },
  { rule: "routine-operation", facts: { operationRepeats: 5 }, weight: -2 },
  { rule: "routine-operation", facts: { operationRepeats: 5, routineRepeats: 2 }, weight: undefined },
  { rule: "pim-before", facts: {}, weight: -1 },
  { rule: "pim-before", facts: { pim: [] }, weight: undefined },
  { rule: "no-pim", facts: { pim: [] }, weight: 1 },
  { rule: "no-pim", facts: { pim: [], initiator: { name: "sp", kind: "servicePrincipal" } }, weight: undefined },
  { rule: "no-pim", facts: { pim: [], family: "sign-in" }, weight: undefined },
  { rule: "allowlisted-ip", facts: { initiatorIps: [ip({ allowlisted: true, allowlistNote: "HQ" })] }, weight: -3 },
  { rule: "familiar-ip", facts: { initiatorIps: [ip({ knownForDays: 12 })] }, weight: -1 },
  { rule: "familiar-ip", facts: { initiatorIps: [ip({ knownForDays: 2 })] }, weight: undefined },
  { rule: "new-ip", facts: { initiatorIps: [ip({ knownForDays: undefined })] }, weight: 1 },
  { rule: "new-ip", facts: { initiatorIps: [ip({ knownForDays: undefined, newToTenant: true, networkKind: "hosting" })] }, weight: 2 },
  { rule: "new-ip", facts: { initiatorIps: [ip({ knownForDays: undefined, newToTenant: true, networkKind: undefined })] }, weight: 2 },
  // A home ISP's customers get new addresses all the time.
  { rule: "new-ip", facts: { initiatorIps: [ip({ knownForDays: undefined, newToTenant: true, networkKind: "isp" })] }, weight: 1 },
  { rule: "new-ip", facts: { initiatorIps: [ip({ knownForDays: undefined, allowlisted: true })] }, weight: undefined },
  { rule: "hosting-ip", facts: { initiatorIps: [ip({ networkKind: "hosting", asn: 14061, organisation: "DigitalOcean, LLC" })] }, weight: 2 },
  { rule: "hosting-ip", facts: { initiatorIps: [ip({ networkKind: "vpn" })] }, weight: 2 },
  { rule: "hosting-ip", facts: { initiatorIps: [ip({ networkKind: "isp" })] }, weight: undefined },
  { rule: "hosting-ip", facts: { initiatorIps: [ip({ networkKind: "hosting", allowlisted: true })] }, weight: undefined },
  { rule: "high-risk-country", facts: { initiatorIps: [ip({ highRiskCountry: true, country: "Iran" })] }, weight: 2 },
  { rule: "indicator", facts: { initiatorIps: [ip({ indicator: "APT infra" })] }, weight: 4 },
  { rule: "abuse-reports", facts: { initiatorIps: [ip({ abuseScore: 87 })] }, weight: 3 },
  { rule: "abuse-reports", facts: { initiatorIps: [ip({ abuseScore: 10 })] }, weight: undefined },
  { rule: "signin-after-from-new-network", facts: { newSignIns: [{ ...ip({ networkKind: "hosting" }), minutesAfter: 20, failures: 0 }] }, weight: 3 },
  { rule: "signin-after-from-new-network", facts: { newSignIns: [{ ...ip({ networkKind: "isp" }), minutesAfter: 20, failures: 0 }] }, weight: 2 },
  { rule: "signins-after-usual", facts: { signInsAfterUsual: { count: 3, addresses: ["20.50.70.10"] } }, weight: -1 },
  { rule: "signins-after-usual", facts: {}, weight: undefined },
  { rule: "first-use-from-hosting", facts: { firstUse: { ...ip({ networkKind: "hosting" }), minutesAfter: 5 } }, weight: 2 },
  { rule: "first-use-from-hosting", facts: { firstUse: { ...ip({ networkKind: "cloud" }), minutesAfter: 5 } }, weight: undefined },
  { rule: "spree", facts: { spree: { applications: 4, minutes: 10 } }, weight: 2 },
  { rule: "spree", facts: { spree: { applications: 4, minutes: 10 }, knownAutomation: "pipeline" }, weight: undefined },
  { rule: "spree", facts: { spree: { applications: 4, minutes: 10 }, operationRepeats: 8 }, weight: undefined },
  // More applications in minutes than such changes in the whole baseline: unusual even for a rotation admin.
  { rule: "spree", facts: { spree: { applications: 5, minutes: 9 }, operationRepeats: 3 }, weight: 2 },
  { rule: "spree", facts: { spree: { applications: 4, minutes: 10 }, operationRepeats: 4 }, weight: undefined },
  { rule: "first-credential", facts: { firstCredential: "Legacy-Invoice-Connector" }, weight: 1 },
  { rule: "first-credential", facts: {}, weight: undefined },
  { rule: "rotation-completed", facts: { rotationCompleted: { minutesAfter: 10, keyId: "0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a" } }, weight: -3 },
  { rule: "rotation-completed", facts: {}, weight: undefined },
  // A sign-in from a new address with another key than the one added is a lead of its own (+1), not evidence about the change (+3).
  { rule: "signin-other-key-from-new-network", facts: { newSignIns: [{ ...ip({ networkKind: "hosting" }), minutesAfter: 818, failures: 0, withAddedKey: false }] }, weight: 1 },
  { rule: "signin-other-key-from-new-network", facts: { newSignIns: [{ ...ip({ networkKind: "hosting" }), minutesAfter: 20, failures: 0, withAddedKey: true }] }, weight: undefined },
  { rule: "signin-after-from-new-network", facts: { newSignIns: [{ ...ip({ networkKind: "hosting" }), minutesAfter: 818, failures: 0, withAddedKey: false }] }, weight: undefined },
  { rule: "sp-initiator", facts: { initiator: { name: "svc", kind: "servicePrincipal" } }, weight: 1 },
  { rule: "sp-initiator", facts: { initiator: { name: "svc", kind: "servicePrincipal" }, routineRepeats: 3 }, weight: undefined },
  { rule: "privileged-grant", facts: { privilegedGrants: ["RoleManagement.ReadWrite.Directory"] }, weight: 2 },
  { rule: "identity-protection", facts: { riskState: "atRisk" }, weight: 3 },
  { rule: "identity-protection", facts: { riskState: "confirmedCompromised" }, weight: 4 },
];

describe("each verdict rule on its own", () => {
  test("every rule of the table has a case", () => {
    const covered = new Set(cases.map((c) => c.rule));
    assert.deepEqual(
      VERDICT_RULES.map((r) => r.id).filter((id) => !covered.has(id)),
      [],
    );
  });
  for (const c of cases)
    test(`${c.rule}: ${JSON.stringify(c.facts).slice(0, 90)} → ${c.weight ?? "does not apply"}`, () => {
      const rule = VERDICT_RULES.find((r) => r.id === c.rule)!;
      const reasons = rule.apply({ ...quiet, ...c.facts });
      if (c.weight === undefined) assert.deepEqual(reasons, []);
      else {
        assert.equal(reasons.length, 1);
        assert.equal(reasons[0]!.weight, c.weight);
        assert.ok(reasons[0]!.text.length > 10);
      }
    });
});

describe("the verdict", () => {
  test("thresholds: ≤ −2 benign, ≥ 3 malicious, suspicious between", () => {
    assert.deepEqual(
      [-5, -2, -1, 0, 2, 3, 9].map(verdictLabel),
      ["benign", "benign", "suspicious", "suspicious", "suspicious", "malicious", "malicious"],
    );
  });

  test("the seed's benign pattern: PIM before, a familiar office IP, a low-severity alert → benign, with every reason shown", () => {
    const v = suggestVerdict({ ...quiet, initiatorIps: [ip({ knownForDays: 40, networkKind: "isp" })] });
    assert.equal(v.label, "benign");
    assert.deepEqual(
      v.reasons.map((r) => [r.id, r.weight]),
      [
        ["pim-before", -1],
        ["familiar-ip", -1],
      ],
    );
    assert.equal(v.score, -2);
  });

  test("a credential added from a hosting network never seen, then used from there → malicious", () => {
    const v = suggestVerdict({
      ...quiet,
      severity: "High",
      pim: [],
      initiatorIps: [ip({ knownForDays: undefined, newToTenant: true, networkKind: "hosting" })],
      newSignIns: [{ ...ip({ networkKind: "hosting" }), minutesAfter: 20, failures: 0 }],
    });
    assert.equal(v.label, "malicious");
    assert.ok(v.score >= 8);
  });
});
