/**
 * The ground-truth vocabulary: the detection ids a scenario is expected to fire (with what each
 * means, so the rule pack and the labels agree on the condition), and the shape of one labelled
 * scenario in ground-truth.json.
 */
import type { TableName } from "./tables.js";

export const RULE_DESCRIPTIONS = {
  "RULE-01": "Service principal signs in successfully from a high-risk country",
  "RULE-02": "Service principal credential brute force: ten or more guessed-credential failures in an hour, more than its successes",
  "RULE-03": "One service principal token (UniqueTokenIdentifier) seen from several networks or countries while alive",
  "RULE-04": "Sign-in blocked by Conditional Access, then a success without it in the same hour (with cloud-app activity: High)",
  "RULE-05": "Managed identity with a business-hours baseline requests tokens outside business hours",
  "RULE-06": "Managed identity requests tokens for five or more resources in an hour, three or more new for it",
  "RULE-07": "Service principal's first access to a critical resource in its 14-day baseline (after a change to the app: High)",
  "RULE-08": "Service principal created and signing in the same day from a high-risk country",
  "RULE-09": "Service principal created and never used (no sign-in within 24 hours of creation)",
  "RULE-10": "Mass privilege escalation: one initiator grants three or more privileged Graph app roles within 15 minutes",
  "RULE-11": "Managed identity takes Key Vault or Storage tokens and performs control-plane operations new for it (AzureActivity)",
  "RULE-12": "Service principal hourly sign-in volume three standard deviations above its baseline mean",
  "RULE-13": "Service principal credential used after 30 or more days without use (or none in 90 days)",
  "RULE-17": "Sensitive API permission granted (sensitive Graph app role, or high-risk delegated scope)",
  "RULE-18": "Service principal creation burst: more than 3 successful 'Add service principal' by one initiator within 30 minutes",
  "RULE-19": "Identity Protection escalates a service principal to atRisk or confirmedCompromised at medium or high risk",
  "RULE-20": "Several concurrent Identity Protection risk detections stacking up on one service principal",
  "RULE-21": "Low-and-slow credential spraying: ten or more guessed-credential failures over three or more hours, from three or more addresses of one network (IPv6 /64, IPv4 /24) or ASN",
  "RULE-25": "Service principal signs in at a surge rate or from new IPs after its owner's user risk was raised",
  "CRED-01": "New password or certificate credential added to an application or SP that already had one",
  "CRED-02": "Credential (secret, certificate or federated) added to a first-party Microsoft SP or an SP holding a privileged Graph app role",
  "CRED-03": "Federated identity credential added to an application",
  "CRED-04": "Owner added to an application, then that owner adds a credential to it",
  "CRED-05": "Credential added by a service principal to another application or SP",
  "CRED-06": "Client secret valid for more than two years added to an application",
  "CRED-07": "Reply (redirect) URI added to an application (risky hosts: High)",
  "CRED-08": "Privileged Microsoft Graph app role (directory-control permission) granted to a service principal",
  "CRED-09": "Admin consent to high-risk delegated permissions",
  "CRED-10": "Application's sign-in audience changed to multi-tenant",
  "CRED-11": "Privileged directory role assigned to a service principal",
  "CRED-12": "Conditional Access policy changed to exclude (or stop including) workload identities",
  "CRED-13": "First password or certificate added to an application that holds, or was just given, high-privilege permissions",
  "CRED-14": "High-privilege permissions added to an application's requested permissions (RequiredResourceAccess)",
  "CRED-15": "One initiator adds credentials to several applications within a short time",
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
  /** Benign history the scenario wrote so the detection has a baseline (not attack records). */
  readonly contextRecords?: Readonly<Partial<Record<TableName, readonly string[]>>>;
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
