/**
 * The ground-truth vocabulary: the detection ids a scenario is expected to fire (with what each
 * means, so the rule pack and the labels agree on the condition), and the shape of one labelled
 * scenario in ground-truth.json.
 */
import type { TableName } from "./tables.js";

export const RULE_DESCRIPTIONS = {
  "RULE-01": "Service principal signs in successfully from a high-risk country",
  "RULE-08": "Service principal created and signing in the same day from a high-risk country",
  "RULE-09": "Service principal created and never used (no sign-in within 24 hours of creation)",
  "RULE-10": "Mass privilege escalation: one initiator grants three or more privileged Graph app roles within 15 minutes",
  "RULE-17": "Sensitive API permission granted (sensitive Graph app role, or high-risk delegated scope)",
  "RULE-18": "Service principal creation burst: more than 3 successful 'Add service principal' by one initiator within 30 minutes",
  "RULE-19": "Identity Protection escalates a service principal to atRisk or confirmedCompromised at medium or high risk",
  "CRED-01": "New password or certificate credential added to an application or SP that already had one",
  "CRED-02": "Credential (secret, certificate or federated) added to a first-party Microsoft SP or an SP holding a privileged Graph app role",
  "CRED-03": "Federated identity credential added to an application",
  "CRED-04": "Owner added to an application, then that owner adds a credential to it",
  "CRED-05": "Credential added by a service principal to another application or SP",
  "CRED-08": "Privileged Microsoft Graph app role (directory-control permission) granted to a service principal",
  "CRED-09": "Admin consent to high-risk delegated permissions",
} as const;

export type RuleId = keyof typeof RULE_DESCRIPTIONS;

export interface LabelledIdentity {
  /** What part the identity plays: initiator, target, created, new-owner, resource, … */
  readonly role: string;
  readonly kind: "user" | "servicePrincipal" | "application" | "managedIdentity";
  readonly id: string;
  readonly displayName: string;
  readonly userPrincipalName?: string;
  readonly appId?: string;
}

export interface ScenarioLabel {
  /** Unique in the run: `S<nn>-<name>`. */
  readonly id: string;
  readonly name: string;
  readonly summary: string;
  /** MITRE ATT&CK technique id. */
  readonly technique: string;
  readonly tactic: string;
  readonly attack: true;
  readonly params: Readonly<Record<string, string>>;
  readonly at: string;
  /** First and last record times. */
  readonly window: { readonly start: string; readonly end: string };
  /** Query "now" at which the expected rules, with their ago() lookbacks, see the records. */
  readonly evaluateAt: string;
  readonly expectedRules: readonly RuleId[];
  readonly identities: readonly LabelledIdentity[];
  readonly ips: readonly string[];
  /** Record keys per table (see ground-truth.json `recordKeys` for which fields form a key). */
  readonly records: Readonly<Partial<Record<TableName, readonly string[]>>>;
  readonly notes?: string;
}

/** Benign activity that a detection may well fire on (a known false positive), labelled not-an-attack. */
export interface BenignLabel {
  readonly name: string;
  readonly summary: string;
  readonly attack: false;
  readonly at: string;
  readonly evaluateAt: string;
  readonly rulesLikelyToFire: readonly RuleId[];
  readonly identities: readonly LabelledIdentity[];
  readonly records: Readonly<Partial<Record<TableName, readonly string[]>>>;
}
