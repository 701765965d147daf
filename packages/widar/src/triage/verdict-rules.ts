/**
 * The suggested verdict: deterministic rules, each a named fact with a weight — negative towards
 * benign, positive towards malicious — and the sentence it adds to the report. The verdict is the
 * sum, and every reason that made it is shown with its weight: never a bare score. The analyst
 * decides; these rules only say what the evidence points to and why.
 *
 *   score ≤ −2  benign       (expected activity: say why)
 *   score ≥ 3   malicious    (act)
 *   otherwise   suspicious   (look closer)
 */
import type { Reason, Verdict, VerdictLabel } from "./model.js";

export const BENIGN_AT_MOST = -2;
export const MALICIOUS_AT_LEAST = 3;

/** The facts the rules read, gathered by investigate.ts from the queries and the IP data. */
export interface VerdictFacts {
  readonly family: string;
  readonly severity: string;
  readonly initiator?: { readonly name: string; readonly kind: "user" | "servicePrincipal" | "unknown" };
  /** The initiator is Azure's own platform identity (Managed Service Identity), or the targets are its. */
  readonly platformIdentity: boolean;
  /** The initiator is on the known-automation watchlist (its label). */
  readonly knownAutomation?: string;
  /** PIM activations of the initiator before the change: role and minutes before. */
  readonly pim: readonly { readonly role: string; readonly minutesBefore: number }[];
  /** How often the initiator made the same operation on the same targets in the baseline before. */
  readonly routineRepeats: number;
  readonly routineOperation?: string;
  /** How often the initiator made the same operation, on any target, in the baseline before. */
  readonly operationRepeats: number;
  /** The initiator's addresses, with what is known of each. */
  readonly initiatorIps: readonly IpVerdictFacts[];
  /** Sign-ins of the targets after the change from addresses new to them (targets that had signed in before). */
  readonly newSignIns: readonly (IpVerdictFacts & {
    readonly minutesAfter: number;
    readonly failures: number;
    /** The sign-in used a key the change added (false: another key; absent: not known). */
    readonly withAddedKey?: boolean;
  })[];
  /** The targets signed in after the change (with the added key, where the logs tell) only from addresses they had used before it: the workload itself. */
  readonly signInsAfterUsual?: { readonly count: number; readonly addresses: readonly string[] };
  /** The first sign-in of a target that had never signed in before the change (a new application's first use). */
  readonly firstUse?: IpVerdictFacts & { readonly minutesAfter: number };
  /** The initiator removed the application's old credential soon after adding the new one. */
  readonly rotationCompleted?: { readonly minutesAfter: number; readonly keyId: string };
  /** The application the alert's change gave its first credential (none before it). */
  readonly firstCredential?: string;
  /** Applications the initiator changed credentials of around the alert, and over how many minutes. */
  readonly spree: { readonly applications: number; readonly minutes: number };
  /** High-privilege roles or app roles the targets were given in the window. */
  readonly privilegedGrants: readonly string[];
  /** Identity Protection's state for the target, when the alert carries it. */
  readonly riskState?: string;
  /** The user agent of the initiator's change. */
  readonly userAgent?: string;
}

export interface IpVerdictFacts {
  readonly address: string;
  readonly asn?: number;
  readonly organisation?: string;
  readonly country?: string;
  readonly networkKind?: string;
  readonly allowlisted: boolean;
  readonly allowlistNote?: string;
  readonly indicator?: string;
  readonly highRiskCountry: boolean;
  /** Days the identity had used the address before the alert (undefined: never). */
  readonly knownForDays?: number;
  readonly newToTenant: boolean;
  readonly abuseScore?: number;
}

export interface VerdictRule {
  readonly id: string;
  readonly description: string;
  /** The reasons the rule finds in the facts (none when it does not apply). */
  readonly apply: (f: VerdictFacts) => readonly Omit<Reason, "id">[];
}

const network = (ip: IpVerdictFacts): string =>
  ip.asn === undefined ? (ip.organisation ?? "an unknown network") : `AS${ip.asn}${ip.organisation === undefined ? "" : ` ${ip.organisation}`}`;
const where = (ip: IpVerdictFacts): string => (ip.country === undefined ? "" : ` in ${ip.country}`);
const once = (cond: boolean, weight: number, text: string): Omit<Reason, "id">[] => (cond ? [{ weight, text }] : []);

export const VERDICT_RULES: readonly VerdictRule[] = [
  {
    id: "rule-evidence",
    description: "The detection itself is evidence, as strong as the severity the rule gave it.",
    apply: (f) => {
      const w = { High: 2, Medium: 1, Low: 0, Informational: -1 }[f.severity] ?? 0;
      return w === 0 ? [] : [{ weight: w, text: `the rule rated this alert ${f.severity}` }];
    },
  },
  {
    id: "platform-identity",
    description: "Azure's own Managed Service Identity rolling over a managed identity's certificate.",
    apply: (f) => once(f.platformIdentity, -6, "the change was made by Azure's own Managed Service Identity (a managed identity's certificate rollover)"),
  },
  {
    id: "known-automation",
    description: "The initiator is on the known-automation watchlist the organisation keeps.",
    apply: (f) => once(f.knownAutomation !== undefined, -3, `${f.initiator?.name ?? "the initiator"} is a known automation identity (${f.knownAutomation ?? ""})`),
  },
  {
    id: "routine",
    description: "The initiator made the same change to the same target before: routine, not new.",
    apply: (f) =>
      once(
        f.routineRepeats >= 2,
        -3,
        `${f.initiator?.name ?? "the initiator"} made the same change (${f.routineOperation ?? "the same operation"}) to the same target ${f.routineRepeats} times in the 14 days before`,
      ),
  },
  {
    id: "routine-operation",
    description: "The initiator makes this kind of change often (to other targets): a pipeline or a rotation job, not a one-off.",
    apply: (f) =>
      once(
        f.routineRepeats < 2 && f.operationRepeats >= 3,
        -2,
        `${f.initiator?.name ?? "the initiator"} made the same kind of change (${f.routineOperation ?? "the same operation"}) ${f.operationRepeats} times in the 14 days before`,
      ),
  },
  {
    id: "pim-before",
    description: "A user activated a role through PIM shortly before the change (a justified, time-bound elevation).",
    apply: (f) => {
      const p = [...f.pim].sort((a, b) => a.minutesBefore - b.minutesBefore)[0];
      // Weak alone: whoever holds an eligible admin's account can activate the role too.
      return p === undefined ? [] : [{ weight: -1, text: `${f.initiator?.name ?? "the initiator"} activated ${p.role} through PIM ${Math.round(p.minutesBefore)} min before` }];
    },
  },
  {
    id: "no-pim",
    description: "A user made a privileged application change without a PIM activation before it.",
    apply: (f) =>
      once(
        f.initiator?.kind === "user" && f.pim.length === 0 && (f.family === "credential" || f.family === "permission" || f.family === "creation"),
        1,
        `${f.initiator?.name ?? "the user"} made the change without a PIM activation in the 8 hours before`,
      ),
  },
  {
    id: "allowlisted-ip",
    description: "The change came from an address on the NetworkAllowlist (an office or VPN egress).",
    apply: (f) => f.initiatorIps.filter((i) => i.allowlisted).map((i) => ({ weight: -3, text: `IP ${i.address} is on the NetworkAllowlist${i.allowlistNote ? ` (${i.allowlistNote})` : ""}` })),
  },
  {
    id: "familiar-ip",
    description: "The initiator had used the address for a week or more before.",
    apply: (f) =>
      f.initiatorIps
        .filter((i) => !i.allowlisted && (i.knownForDays ?? 0) >= 7)
        .map((i) => ({ weight: -1, text: `${f.initiator?.name ?? "the initiator"} has used ${i.address} for ${Math.floor(i.knownForDays!)} days` })),
  },
  {
    id: "new-ip",
    description: "The initiator had never used the address in the loaded history (nobody in the tenant had, weighs more).",
    apply: (f) =>
      f.initiatorIps
        .filter((i) => !i.allowlisted && i.knownForDays === undefined)
        .map((i) => ({
          // An ISP's customers get new addresses all the time: new to the tenant weighs more only
          // on networks where nobody's home connection lives (hosting, clouds, unknown networks).
          weight: i.newToTenant && i.networkKind !== "isp" ? 2 : 1,
          text: `${f.initiator?.name ?? "the initiator"} had never used ${i.address} before${i.newToTenant ? ", nor had anyone in the tenant" : ""}`,
        })),
  },
  {
    id: "hosting-ip",
    description: "The change came from a hosting or VPN provider's network, where attackers rent their infrastructure.",
    apply: (f) =>
      f.initiatorIps
        .filter((i) => !i.allowlisted && (i.networkKind === "hosting" || i.networkKind === "vpn"))
        .map((i) => ({ weight: 2, text: `IP ${i.address} belongs to ${network(i)}${where(i)}, a ${i.networkKind} provider` })),
  },
  {
    id: "high-risk-country",
    description: "An address in a country the organisation's policy treats as high-risk.",
    apply: (f) =>
      [...f.initiatorIps, ...linkedSignIns(f)]
        .filter((i) => i.highRiskCountry)
        .slice(0, 1)
        .map((i) => ({ weight: 2, text: `IP ${i.address} is located in ${i.country ?? "a high-risk country"}, on the high-risk country list` })),
  },
  {
    id: "indicator",
    description: "An address on the organisation's indicator list.",
    apply: (f) =>
      [...f.initiatorIps, ...f.newSignIns].filter((i) => i.indicator !== undefined).map((i) => ({ weight: 4, text: `IP ${i.address} is on the indicator list: ${i.indicator}` })),
  },
  {
    id: "abuse-reports",
    description: "An address with a high abuse confidence score (AbuseIPDB), when a key is configured.",
    apply: (f) =>
      [...f.initiatorIps, ...f.newSignIns]
        .filter((i) => (i.abuseScore ?? 0) >= 50)
        .map((i) => ({ weight: 3, text: `IP ${i.address} has an abuse confidence score of ${i.abuseScore} (AbuseIPDB)` })),
  },
  {
    id: "signin-after-from-new-network",
    description: "After the change, the application signed in from an address it had never used: someone else holds its credential.",
    apply: (f) => {
      const first = [...linkedSignIns(f)].sort((a, b) => a.minutesAfter - b.minutesAfter)[0];
      if (first === undefined) return [];
      const risky = first.networkKind === "hosting" || first.networkKind === "vpn";
      return [
        {
          weight: risky ? 3 : 2,
          text: `the first sign-in from a new address came from ${first.address} (${network(first)}${where(first)}${risky ? `, ${first.networkKind}` : ""}) ${Math.round(first.minutesAfter)} min after the change`,
        },
      ];
    },
  },
  {
    id: "signin-other-key-from-new-network",
    description: "After the change, the application signed in from a new address with another key than the one added: a lead of its own, not evidence about this change.",
    apply: (f) => {
      const other = f.newSignIns.filter((s) => s.withAddedKey === false).sort((a, b) => a.minutesAfter - b.minutesAfter)[0];
      if (other === undefined) return [];
      return [
        {
          weight: 1,
          text: `the application also signed in from a new address, ${other.address} (${network(other)}${where(other)}), ${Math.round(other.minutesAfter)} min after the change, with another key than the one added: worth its own look`,
        },
      ];
    },
  },
  {
    id: "signins-after-usual",
    description: "After the change the application signed in only from the addresses it always used: its own workload picked up the new credential.",
    apply: (f) =>
      f.signInsAfterUsual === undefined
        ? []
        : [
            {
              weight: -1,
              text: `after the change the application signed in ${f.signInsAfterUsual.count} times, only from addresses it used before (${f.signInsAfterUsual.addresses.slice(0, 3).join(", ")})`,
            },
          ],
  },
  {
    id: "first-use-from-hosting",
    description: "A new application's first sign-in came from a hosting or VPN provider, or a high-risk country.",
    apply: (f) => {
      const u = f.firstUse;
      if (u === undefined || !(u.networkKind === "hosting" || u.networkKind === "vpn")) return [];
      return [{ weight: 2, text: `its first sign-in came from ${u.address} (${network(u)}${where(u)}, ${u.networkKind}) ${Math.round(u.minutesAfter)} min after the change` }];
    },
  },
  {
    id: "spree",
    description: "The initiator changed credentials of several applications in a short time.",
    // A spree is a reason only where it is unusual for the initiator: not known automation, and more
    // applications within the hour than such changes in its whole 14-day baseline (a rotation admin
    // who rotates a few secrets a week does not touch five applications in ten minutes).
    apply: (f) =>
      once(
        f.spree.applications >= 3 && f.knownAutomation === undefined && f.spree.applications > f.operationRepeats,
        2,
        `the initiator added credentials to ${f.spree.applications} applications in ${Math.max(1, Math.round(f.spree.minutes))} min${f.operationRepeats > 0 ? `, against ${f.operationRepeats} such changes in the 14 days before` : ""}`,
      ),
  },
  {
    id: "rotation-completed",
    description: "The initiator removed the application's old credential soon after adding the new one: a rotation.",
    // An attacker adds a key and leaves the old one working (removing it breaks the application
    // and alerts its owner), so a completed rotation is strong evidence of the expected job.
    apply: (f) =>
      f.rotationCompleted === undefined
        ? []
        : [
            {
              weight: -3,
              text: `the initiator removed the old credential (key ${f.rotationCompleted.keyId}) ${Math.round(f.rotationCompleted.minutesAfter)} min after adding the new one: a completed rotation`,
            },
          ],
  },
  {
    id: "first-credential",
    description: "The change gave an application its first credential: not a rotation, which replaces one.",
    // Weak alone (a new integration gets its first secret too); it matters when the change is
    // presented as a rotation, or the application holds privileges nobody could use before.
    apply: (f) => once(f.firstCredential !== undefined, 1, `${f.firstCredential ?? "the application"} had no credential before: this is its first, not a rotation`),
  },
  {
    id: "sp-initiator",
    description: "A service principal, not a person, added a credential to an application.",
    // Not where the service principal made the same change to the same target before: its routine.
    apply: (f) =>
      once(
        f.family === "credential" && f.initiator?.kind === "servicePrincipal" && f.knownAutomation === undefined && f.routineRepeats < 2,
        1,
        "a service principal, not a person, added the credential",
      ),
  },
  {
    id: "privileged-grant",
    description: "The target was given high-privilege roles or Graph permissions in the window.",
    apply: (f) => once(f.privilegedGrants.length > 0, 2, `the target was given ${f.privilegedGrants.slice(0, 3).join(", ")}`),
  },
  {
    id: "identity-protection",
    description: "Identity Protection rated the service principal at risk or confirmed it compromised.",
    apply: (f) =>
      f.riskState === undefined
        ? []
        : [{ weight: /confirmed/i.test(f.riskState) ? 4 : 3, text: `Identity Protection set the service principal's risk state to ${f.riskState}` }],
  },
];

/** New-address sign-ins that may have used the added key (it, or a key the logs do not name). */
function linkedSignIns(f: VerdictFacts): VerdictFacts["newSignIns"] {
  return f.newSignIns.filter((s) => s.withAddedKey !== false);
}

export function verdictLabel(score: number): VerdictLabel {
  return score <= BENIGN_AT_MOST ? "benign" : score >= MALICIOUS_AT_LEAST ? "malicious" : "suspicious";
}

export function suggestVerdict(f: VerdictFacts): Verdict {
  const reasons: Reason[] = VERDICT_RULES.flatMap((r) => r.apply(f).map((x) => ({ id: r.id, ...x })));
  const score = reasons.reduce((s, r) => s + r.weight, 0);
  return { label: verdictLabel(score), score, reasons };
}
