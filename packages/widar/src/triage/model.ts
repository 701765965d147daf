/**
 * An alert's investigation, as widar gathers it (investigate.ts) and every output renders it: the
 * report (Markdown, HTML), `widar investigate`, the workbench. Facts only come from the loaded
 * logs, the IP datasets and the store; the verdict is a sum of named, weighted reasons, each
 * shown; the analyst decides.
 */
import type { Json } from "@widar/kql";
import type { Alert, Entity } from "../store/model.js";

/** One row of the seed's event table. */
export interface EventRow {
  readonly timeMs: number;
  readonly operationName: string;
  readonly initiatingUserOrApp: string;
  readonly initiatingIpAddress: string;
  readonly userAgent: string;
  readonly targetDisplayName: string;
  readonly targetId: string;
  readonly category: string;
  readonly result: string;
  readonly correlationId: string;
}

/** A change an audit record made, decoded from its modifiedProperties. */
export interface Change {
  /** `credential added`, `owner added`, `permission requested`, `reply URL added`, … */
  readonly what: string;
  /** Human-readable details: key id, type, display name, validity; permission names; URLs. */
  readonly details: Readonly<Record<string, string>>;
}

/** One operation of the activity list (by the initiator, or on the targets, around the alert). */
export interface Activity {
  readonly timeMs: number;
  readonly operationName: string;
  readonly initiator: string;
  readonly initiatorId: string;
  readonly ipAddress: string;
  readonly target: string;
  readonly targetId: string;
  readonly category: string;
  readonly result: string;
  readonly changes: readonly Change[];
  /** The record is one of the alert's own (in the event table). */
  readonly inAlert: boolean;
}

export interface PimActivation {
  readonly timeMs: number;
  readonly role: string;
  readonly justification?: string;
  /** Minutes between the activation and the alert's first record. */
  readonly minutesBefore: number;
}

export interface RoleGrant {
  readonly timeMs: number;
  /** `directory role` or `app role`. */
  readonly kind: string;
  readonly role: string;
  readonly resource: string;
  /** Given in the investigated window (true) or held before it (false). */
  readonly given: boolean;
  readonly grantedBy: string;
}

export interface IpFacts {
  readonly address: string;
  readonly asn?: number;
  readonly organisation?: string;
  readonly country?: string;
  /** `hosting`, `cloud`, `vpn`, `isp` or undefined when the organisation is not known. */
  readonly networkKind?: string;
  readonly allowlisted: boolean;
  readonly indicator?: string;
  /** When this identity, and anyone in the tenant, was first seen from it in the loaded history. */
  readonly firstSeenByIdentityMs?: number;
  readonly firstSeenInTenantMs?: number;
  /** An online reputation, when one was configured (AbuseIPDB); cached in the store. */
  readonly reputation?: { readonly source: string; readonly score: number; readonly reports: number; readonly checkedMs: number };
  /** Where the address appears: `initiator`, `sign-in after the change`, … */
  readonly roles: readonly string[];
}

export interface SignInAfter {
  readonly timeMs: number;
  readonly ipAddress: string;
  readonly resource: string;
  readonly resultType: string;
  readonly credentialKeyId: string;
  /** The address had not signed in for this application before the change. */
  readonly newAddress: boolean;
}

export interface Reason {
  /** The rule of verdict-rules.ts that produced it. */
  readonly id: string;
  /** Positive: towards malicious; negative: towards benign. */
  readonly weight: number;
  readonly text: string;
}

export type VerdictLabel = "benign" | "suspicious" | "malicious";

export interface Verdict {
  readonly label: VerdictLabel;
  readonly score: number;
  readonly reasons: readonly Reason[];
}

export interface RecommendedAction {
  readonly title: string;
  readonly why: string;
  /** Commands a responder would run (printed, never executed), each with its tool. */
  readonly commands: readonly { readonly tool: "Microsoft Graph PowerShell" | "Azure CLI" | "KQL"; readonly text: string }[];
}

export interface Investigation {
  readonly alert: Alert;
  readonly ruleDescription: string;
  /** The rule family (credential, creation, permission, sign-in, managed identity, risk, policy). */
  readonly family: string;
  readonly initiator?: { readonly name: string; readonly id: string; readonly kind: "user" | "servicePrincipal" | "unknown" };
  readonly targets: readonly { readonly name: string; readonly id: string; readonly kind: string }[];
  readonly events: readonly EventRow[];
  readonly activities: readonly Activity[];
  readonly pim: readonly PimActivation[];
  readonly roles: readonly RoleGrant[];
  readonly ips: readonly IpFacts[];
  readonly signInsAfter: readonly SignInAfter[];
  /** Credentials (or other changes) the initiator made to other applications around the alert. */
  readonly initiatorSpree: { readonly applications: number; readonly minutes: number };
  readonly verdict: Verdict;
  readonly actions: readonly RecommendedAction[];
  /** The queries run, by name, with their parameters (the report's "Query Details"). */
  readonly queries: readonly { readonly name: string; readonly file: string; readonly parameters: Readonly<Record<string, Json>>; readonly rows: number }[];
  /** Query problems (a table absent, …): the investigation goes on without that part. */
  readonly problems: readonly string[];
  readonly generatedMs: number;
}

/** Entities of a given Sentinel type. */
export function entitiesOf(alert: Alert, type: string): Entity[] {
  return alert.entities.filter((e) => e.Type === type);
}
