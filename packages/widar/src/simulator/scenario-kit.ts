/**
 * What a scenario is (a named, parameterised builder of attack records with their label) and the
 * helpers scenarios share: the attacker's infrastructure, newly created apps and credentials,
 * PIM activations and SP sign-ins.
 */
import type { Initiator, RecordEnv } from "./audit-records.js";
import { type DirectoryRole, MICROSOFT_TENANT_ID } from "./directory-catalog.js";
import { addApplication, addServicePrincipal, pimActivation } from "./entra-operations.js";
import type { LabelledIdentity, RuleId } from "./labels.js";
import { HIGH_RISK_COUNTRIES, NETWORK_PREFIXES, hostInPrefix } from "../enrich/network-data.js";
import type { Rng } from "./prng.js";
import { spSignIn } from "./signin-records.js";
import type { Row, TableName } from "./tables.js";
import type { Application, Credential, Egress, ServicePrincipal, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

export const MINUTE = 60_000;
export const HOUR = 3_600_000;

export interface Emit {
  readonly t: number;
  readonly table: TableName;
  readonly row: Row;
}

export interface ScenarioContext {
  readonly env: RecordEnv;
  readonly rng: Rng;
  readonly at: number;
  readonly params: Readonly<Record<string, string>>;
}

export interface ScenarioResult {
  /** The attack's own records (the label's `records`; its window spans exactly these). */
  readonly emits: Emit[];
  /**
   * History the detection needs and a quiet tenant would not have: the benign baseline of the
   * identity the attack then abuses (its usual sign-ins, the credential's last use weeks ago).
   * Written like any record, listed apart in the label (`contextRecords`), never an attack record.
   */
  readonly context?: Emit[];
  readonly identities: LabelledIdentity[];
  readonly expectedRules: RuleId[];
  readonly evaluateAt: number;
  readonly notes?: string;
}

export interface ScenarioParam {
  readonly description: string;
  readonly default: string;
  /** An error message for a bad value, or null. */
  readonly check: (value: string) => string | null;
}

export interface ScenarioDefinition {
  readonly name: string;
  readonly summary: string;
  readonly technique: string;
  readonly tactic: string;
  readonly params: Readonly<Record<string, ScenarioParam>>;
  /** How long before `at` the scenario's first record may be (PIM activation, risk detections). */
  readonly leadMs: number;
  build(ctx: ScenarioContext): ScenarioResult;
}

export const intParam = (description: string, def: number, lo: number, hi: number): ScenarioParam => ({
  description: `${description} (${lo}-${hi}, default ${def})`,
  default: String(def),
  check: (v) => (/^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? null : `expected an integer from ${lo} to ${hi}`),
});

export const enumParam = (description: string, values: readonly string[]): ScenarioParam => ({
  description: `${description} (${values.join(" | ")}, default ${values[0]})`,
  default: values[0]!,
  check: (v) => (values.includes(v) ? null : `expected one of ${values.join(", ")}`),
});

/** Time of a scenario's last record. */
export const lastTime = (emits: readonly Emit[]): number => Math.max(...emits.map((e) => e.t));

export const emit = (table: TableName, row: Row): Emit => ({ t: Date.parse(row.TimeGenerated as string), table, row });
export const audits = (rows: readonly Row[]): Emit[] => rows.map((r) => emit("AuditLogs", r));

/** An IP on attacker infrastructure: a rented VPS, or a network in a high-risk country. */
export function attackerEgress(rng: Rng, where: "hosting" | "highRisk"): Egress {
  const pool = NETWORK_PREFIXES.filter((p) => (where === "hosting" ? p.kind === "hosting" && !HIGH_RISK_COUNTRIES.has(p.country) : HIGH_RISK_COUNTRIES.has(p.country)));
  const prefix = rng.pick(pool);
  return { ip: hostInPrefix(prefix, rng.int(0, 1_000_000)), prefix };
}

export const asUser = (user: User, egress: Egress, userAgent: string = USER_AGENTS.graphPowerShell): Initiator => ({
  kind: "user",
  user,
  ip: egress.ip,
  userAgent,
});

export const asApp = (sp: ServicePrincipal, userAgent: string = USER_AGENTS.pythonRequests): Initiator => ({ kind: "app", sp, userAgent });

/** A new single-tenant app registration and its service principal (not part of the tenant model). */
export function newWorkload(rng: Rng, displayName: string, createdAt: number, multiTenant = false): { app: Application; sp: ServicePrincipal } {
  const appId = rng.guid();
  const app: Application = {
    objectId: rng.guid(),
    appId,
    displayName,
    signInAudience: multiTenant ? "AzureADMultipleOrgs" : "AzureADMyOrg",
    createdAt,
    owners: [],
    credentials: [],
    rotation: null,
  };
  const sp: ServicePrincipal = {
    id: rng.guid(),
    appId,
    displayName,
    kind: multiTenant ? "saas" : "inHouse",
    servicePrincipalType: "Application",
    appOwnerTenantId: multiTenant ? rng.guid() : "",
    app: multiTenant ? null : app,
    appRoles: [],
    delegatedGrants: [],
    signIn: null,
  };
  return { app, sp };
}

export function newSecret(rng: Rng, t: number, displayName: string, days = 730): Credential {
  return { keyId: rng.guid(), type: "Password", displayName, start: t, end: t + days * 86_400_000 };
}

export function newCertificate(rng: Rng, t: number, subject: string): Credential {
  return {
    keyId: rng.guid(),
    type: "AsymmetricX509Cert",
    displayName: `CN=${subject}`,
    start: t,
    end: t + 365 * 86_400_000,
    thumbprint: rng.hex(20).toUpperCase(),
  };
}

/** Creating an app the way the portal and Graph do: the application, then its service principal. */
export function createApp(env: RecordEnv, t: number, who: Initiator, w: { app: Application; sp: ServicePrincipal }): Emit[] {
  const correlationId = env.rng.guid();
  return audits([
    addApplication(env, { t, who, app: w.app, correlationId }),
    addServicePrincipal(env, { t: t + env.rng.int(800, 2500), who, sp: w.sp, correlationId }),
  ]);
}

export function pim(
  env: RecordEnv,
  t: number,
  user: User,
  egress: Egress,
  role: DirectoryRole,
  userAgent: string = USER_AGENTS.edgeWindows,
  justification = "Operational task",
): Emit[] {
  return audits(pimActivation(env, { t, user, ip: egress.ip, userAgent, role, hours: 4, justification }));
}

/** Client-credential sign-ins of `sp` to Microsoft Graph with `cred`, at the given times. */
export function spSignIns(env: RecordEnv, sp: ServicePrincipal, egress: Egress, times: readonly number[], cred: Credential | null, userAgent: string): Emit[] {
  const graph = env.tenant.firstParty.graph!;
  return times.map((t) =>
    emit(
      "AADServicePrincipalSignInLogs",
      spSignIn(env, {
        t,
        sp,
        egress,
        resource: { appId: graph.appId, displayName: graph.displayName, servicePrincipalId: graph.id },
        keyId: cred?.keyId ?? "",
        thumbprint: cred?.thumbprint ?? "",
        federatedCredentialId: "",
        credentialType: cred?.type === "AsymmetricX509Cert" ? "clientAssertion" : "clientSecret",
        userAgent,
      }),
    ),
  );
}

export const userLabel = (role: string, u: User): LabelledIdentity => ({
  role,
  kind: "user",
  id: u.id,
  displayName: u.displayName,
  userPrincipalName: u.userPrincipalName,
});

export const spLabel = (role: string, sp: ServicePrincipal): LabelledIdentity => ({
  role,
  kind: sp.servicePrincipalType === "ManagedIdentity" ? "managedIdentity" : "servicePrincipal",
  id: sp.id,
  displayName: sp.displayName,
  appId: sp.appId,
});

export const appLabel = (role: string, app: Application): LabelledIdentity => ({
  role,
  kind: "application",
  id: app.objectId,
  displayName: app.displayName,
  appId: app.appId,
});

/** The SP holds a directory-control Graph permission, or is one of Microsoft's own. */
export const isPrivilegedSp = (sp: ServicePrincipal): boolean =>
  (sp.kind === "firstParty" && sp.appOwnerTenantId === MICROSOFT_TENANT_ID) || sp.appRoles.some((g) => g.role.privileged);

/** Credentials of an app in force at `t` (started, not yet replaced by rotation). */
export function activeCredentials(creds: readonly Credential[], t: number): Credential[] {
  const live = creds.filter((c) => c.type !== "Federated" && c.start <= t && (c.end === null || c.end > t));
  const rotated = live.filter((c) => c.displayName.startsWith("rotated-"));
  // A rotated app keeps only its newest rotated secret once the rotator has removed the previous one.
  return rotated.length > 1 ? [...live.filter((c) => !rotated.includes(c)), rotated[rotated.length - 1]!] : live;
}
