/**
 * An alert's investigation, as an analyst makes it by hand (the seed investigation), gathered by
 * the triage queries over the loaded logs (triage-queries.ts) with the alert's subjects as
 * parameters: the alert's own records, the initiator's and the targets' activity around it with
 * what each changed, the PIM elevation before it, the roles the targets hold and were given, the
 * addresses involved and what is known of them, the targets' sign-ins after the change; then a
 * suggested verdict with its reasons, and the recommended actions.
 *
 * @example
 * const inv = await investigate(alert, catalog, { queriesDir, ip: offlineIpSources(catalog) });
 * inv.verdict.label; // "benign" | "suspicious" | "malicious"
 */
import type { Catalog, Json } from "@widar/kql";
import type { Alert } from "../store/model.js";
import { familyOf, recommendedActions } from "./actions.js";
import { recordChanges } from "./changes.js";
import type { Activity, EventRow, Investigation, IpFacts, PimActivation, RoleGrant, SignInAfter } from "./model.js";
import type { IpSources } from "./ip-sources.js";
import { type Subjects, subjectsOf } from "./subjects.js";
import { type QueryRun, runTriageQuery, type TriageQuery } from "./triage-queries.js";
import { type IpVerdictFacts, suggestVerdict, type VerdictFacts } from "./verdict-rules.js";

export const DEFAULT_WINDOW_MS = 24 * 3_600_000;
const PIM_LOOKBACK_MS = 8 * 3_600_000;
const BASELINE_MS = 14 * 86_400_000;
const SPREE_MS = 30 * 60_000;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Graph application permissions and directory roles that hand over a tenant or its mail and files. */
const PRIVILEGED = /ReadWrite\.All|RoleManagement\.ReadWrite|AppRoleAssignment\.ReadWrite|Application\.ReadWrite|Directory\.ReadWrite|Mail\.ReadWrite|full_access_as_app|Global Administrator|Privileged Role Administrator|Application Administrator|Cloud Application Administrator/i;

export interface InvestigateOptions {
  readonly queriesDir: string;
  readonly ip: IpSources;
  /** How far around the alert the activity list reaches (default 24 hours each way). */
  readonly windowMs?: number;
  /** The wall clock for generatedMs (tests pin it). */
  readonly now?: () => number;
  /** The rule's own description (what the alert means); default: the alert's description. */
  readonly ruleDescription?: string;
}

const str = (v: Json | undefined): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));
const time = (v: Json | undefined): number => Date.parse(str(v));

/** Known automation from the AutomationIdentities watchlist: IdentityId, Operations (`;`-separated; empty: all). */
function knownAutomation(catalog: Catalog, id: string | undefined, operations: readonly string[]): string | undefined {
  const t = catalog.watchlist("AutomationIdentities");
  if (t === undefined || id === undefined || id === "") return undefined;
  const ids = t.column("IdentityId") ?? t.column("SearchKey");
  const ops = t.column("Operations");
  const label = t.column("Description") ?? t.column("Label") ?? t.column("DisplayName");
  for (let i = 0; i < t.rowCount; i++) {
    if (str(ids?.get(i) as Json).trim().toLowerCase() !== id.toLowerCase()) continue;
    const allowed = str(ops?.get(i) as Json)
      .split(";")
      .map((o) => o.trim().toLowerCase())
      .filter((o) => o !== "");
    if (allowed.length === 0 || operations.every((o) => allowed.includes(o.trim().toLowerCase()))) return str(label?.get(i) as Json) || "AutomationIdentities watchlist";
  }
  return undefined;
}

export async function investigate(alert: Alert, catalog: Catalog, o: InvestigateOptions): Promise<Investigation> {
  const windowMs = o.windowMs ?? DEFAULT_WINDOW_MS;
  const subjects: { -readonly [K in keyof Subjects]: Subjects[K] } = subjectsOf(alert);
  const family = familyOf(alert);
  const problems: string[] = [];
  const runs: QueryRun[] = [];
  const run = (name: TriageQuery, parameters: Record<string, Json>): Record<string, Json>[] => {
    const r = runTriageQuery(catalog, o.queriesDir, name, parameters);
    runs.push(r);
    for (const d of r.diagnostics) problems.push(`${name}.kql: ${d.code} ${d.message}`);
    return r.rows;
  };
  const iso = (ms: number) => new Date(ms).toISOString();
  const initiatorIds: string[] = subjects.initiator?.id ? [subjects.initiator.id] : [];
  const targetIds = [...new Set(subjects.targets.flatMap((t) => [t.id, t.appId]).filter((x) => x !== ""))];

  const eventRows = run("event-table", {
    CorrelationIds: subjects.correlationIds,
    InitiatorIds: initiatorIds,
    InitiatorNames: subjects.initiator?.name ? [subjects.initiator.name] : [],
    TargetIds: targetIds,
    From: iso(subjects.fromMs - MINUTE),
    To: iso(subjects.toMs + MINUTE),
  });
  const events: EventRow[] = eventRows.map((r) => ({
    timeMs: time(r.TimeGenerated),
    operationName: str(r.OperationName),
    initiatingUserOrApp: str(r.InitiatingUserOrApp),
    initiatingIpAddress: str(r.InitiatingIpAddress),
    userAgent: str(r.UserAgent),
    targetDisplayName: str(r.targetDisplayName),
    targetId: str(r.targetId),
    category: str(r.Category),
    result: str(r.Result),
    correlationId: str(r.CorrelationId),
  }));
  // A rule that projects the initiator's name but not its id (Sentinel's own rules do): the
  // alert's records carry it.
  if (subjects.initiator !== undefined && subjects.initiator.id === "") {
    const id = eventRows.map((r) => str(r.InitiatorId)).find((x) => x !== "");
    if (id !== undefined) {
      subjects.initiator = { ...subjects.initiator, id };
      initiatorIds.push(id);
    }
  }
  // A rule that projects the target's object id but not its AppId (Sentinel's own rules do): the
  // directory records of application changes name it, and the app's sign-ins are keyed by it.
  subjects.targets = subjects.targets.map((t) => {
    if (t.appId !== "") return t;
    const row = eventRows.find((r) => str(r.TargetAppId) !== "" && (str(r.targetId) === t.id || str(r.targetDisplayName) === t.name));
    return row === undefined ? t : { ...t, appId: str(row.TargetAppId) };
  });
  const changeMs = events[0]?.timeMs ?? subjects.fromMs;
  const endMs = events[events.length - 1]?.timeMs ?? subjects.toMs;

  const eventIds = new Set(events.map((e) => e.correlationId));
  const activities: Activity[] = run("activity", { InitiatorIds: initiatorIds, TargetIds: targetIds, From: iso(changeMs - windowMs), To: iso(endMs + windowMs) }).map((r) => {
    const targets = Array.isArray(r.TargetResources) ? (r.TargetResources as Record<string, Json>[]) : [];
    const main = targets.find((t) => /application|serviceprincipal|policy/i.test(str(t.type))) ?? targets[0];
    return {
      timeMs: time(r.TimeGenerated),
      operationName: str(r.OperationName),
      initiator: str(r.Initiator),
      initiatorId: str(r.InitiatorId),
      ipAddress: str(r.IPAddress),
      target: str(main?.displayName ?? main?.userPrincipalName),
      targetId: str(main?.id),
      category: str(r.Category),
      result: str(r.Result),
      changes: recordChanges(str(r.OperationName), r.TargetResources ?? []),
      inAlert: eventIds.has(str(r.CorrelationId)),
    };
  });

  const pim: PimActivation[] =
    initiatorIds.length === 0
      ? []
      : run("pim-activations", { InitiatorIds: initiatorIds, From: iso(changeMs - PIM_LOOKBACK_MS), To: iso(changeMs) }).map((r) => ({
          timeMs: time(r.TimeGenerated),
          role: str(r.Role),
          ...(str(r.Justification) === "" ? {} : { justification: str(r.Justification) }),
          minutesBefore: (changeMs - time(r.TimeGenerated)) / MINUTE,
        }));

  const roles: RoleGrant[] = run("role-grants", { TargetIds: targetIds, From: iso(changeMs - 30 * DAY), To: iso(endMs + windowMs) }).map((r) => ({
    timeMs: time(r.TimeGenerated),
    kind: str(r.Kind),
    role: str(r.Role),
    resource: str(r.Resource),
    given: time(r.TimeGenerated) >= changeMs - windowMs,
    grantedBy: str(r.GrantedBy),
  }));

  const appIds = [...new Set(subjects.targets.map((t) => t.appId).filter((x) => x !== ""))];
  const spIds = [...new Set(subjects.targets.filter((t) => t.kind === "service principal").map((t) => t.id).filter((x) => x !== ""))];
  const after =
    appIds.length + spIds.length === 0 ? [] : run("app-signins", { AppIds: appIds, ServicePrincipalIds: spIds, From: iso(changeMs), To: iso(endMs + windowMs) });

  // The initiator's addresses: those of its records; without records (a rule over sign-ins), the
  // alert's own addresses are the initiator's only for a change the rule saw an initiator make.
  const changeFamily = family === "credential" || family === "permission" || family === "creation" || family === "policy";
  const eventIps = events.map((e) => e.initiatingIpAddress).filter((x) => x !== "");
  const initiatorIps = [...new Set(eventIps.length > 0 ? eventIps : subjects.initiator !== undefined && changeFamily ? subjects.ips : [])];
  const signInIps = [...new Set(after.map((r) => str(r.IPAddress)).filter((x) => x !== ""))];
  const otherIps = subjects.ips.filter((ip) => !initiatorIps.includes(ip) && !signInIps.includes(ip));
  const allIps = [...new Set([...initiatorIps, ...signInIps, ...otherIps])];
  // History before the investigated window: an address first used during the activity itself
  // (an attacker's, minutes before the change) is new, not familiar.
  const history = allIps.length === 0 ? [] : run("ip-history", { Addresses: allIps, To: iso(changeMs - windowMs) });
  const firstSeen = (ip: string, identity?: string): number | undefined => {
    const xs = history.filter((h) => str(h.IPAddress) === ip && (identity === undefined || str(h.IdentityId).toLowerCase() === identity.toLowerCase())).map((h) => time(h.FirstSeen));
    return xs.length === 0 ? undefined : Math.min(...xs);
  };

  const reputation = async (ip: string) => (o.ip.reputation === undefined ? undefined : await o.ip.reputation(ip).catch(() => undefined));
  const ips: IpFacts[] = [];
  for (const ip of allIps) {
    const info = o.ip.info(ip);
    const allow = o.ip.allowlisted(ip);
    const rep = await reputation(ip);
    const byIdentity = subjects.initiator?.id ? firstSeen(ip, subjects.initiator.id) : undefined;
    const inTenant = firstSeen(ip);
    ips.push({
      address: ip,
      ...(info.asn === undefined ? {} : { asn: info.asn }),
      ...(info.organisation === undefined ? {} : { organisation: info.organisation }),
      ...(info.countryName ?? info.country ? { country: info.countryName ?? info.country } : {}),
      ...(info.networkKind === undefined ? {} : { networkKind: info.networkKind }),
      allowlisted: allow !== undefined,
      ...(o.ip.indicator(ip) === undefined ? {} : { indicator: o.ip.indicator(ip) }),
      ...(byIdentity === undefined ? {} : { firstSeenByIdentityMs: byIdentity }),
      ...(inTenant === undefined ? {} : { firstSeenInTenantMs: inTenant }),
      ...(rep === undefined ? {} : { reputation: { source: "AbuseIPDB", ...rep } }),
      roles: [
        ...(initiatorIps.includes(ip) ? ["initiator"] : []),
        ...(signInIps.includes(ip) ? ["sign-in after the change"] : []),
        ...(otherIps.includes(ip) ? ["in the alert"] : []),
      ],
    });
  }

  // What the targets signed in from before the change; a target with no sign-in before is new,
  // and every address of a new application's is "new": its first use is judged on its own.
  const before =
    appIds.length + spIds.length === 0 ? [] : run("app-signins", { AppIds: appIds, ServicePrincipalIds: spIds, From: iso(changeMs - BASELINE_MS), To: iso(changeMs - 1) });
  const priorAddresses = new Set(before.map((r) => str(r.IPAddress)));
  const signInsAfter: SignInAfter[] = after.map((r) => ({
    timeMs: time(r.TimeGenerated),
    ipAddress: str(r.IPAddress),
    resource: str(r.ResourceDisplayName),
    resultType: str(r.ResultType),
    credentialKeyId: str(r.ServicePrincipalCredentialKeyId),
    newAddress: !priorAddresses.has(str(r.IPAddress)),
  }));

  // The initiator's credential changes to applications within half an hour of the alert.
  const credentialAdds = activities.filter(
    (a) => a.initiatorId !== "" && a.initiatorId === subjects.initiator?.id && Math.abs(a.timeMs - changeMs) <= SPREE_MS && a.changes.some((c) => c.what === "credential added" || c.what === "federated credential added"),
  );
  const spreeTargets = new Set(credentialAdds.map((a) => a.targetId));
  const spreeTimes = credentialAdds.map((a) => a.timeMs);
  const spree = { applications: spreeTargets.size, minutes: spreeTimes.length < 2 ? 0 : (Math.max(...spreeTimes) - Math.min(...spreeTimes)) / MINUTE };

  const baseline =
    initiatorIds.length === 0 ? [] : run("initiator-history", { InitiatorIds: initiatorIds, From: iso(changeMs - BASELINE_MS), To: iso(changeMs - windowMs) });
  const alertOps = new Set(events.map((e) => e.operationName));
  const alertTargets = new Set([...events.map((e) => e.targetId), ...targetIds]);
  const repeats = baseline.filter((b) => alertOps.has(str(b.OperationName)) && alertTargets.has(str(b.TargetId)));
  const routine = repeats.sort((a, b) => Number(b.Times) - Number(a.Times))[0];
  // The same operation on any target: counted once per record (a record names several targets).
  const operationRepeats = Math.max(
    0,
    ...[...alertOps].map((op) => Math.max(0, ...baseline.filter((b) => str(b.OperationName) === op).map((b) => Number(b.Records ?? b.Times)))),
  );

  const platformIdentity =
    /^managed service identity$/i.test(subjects.initiator?.name ?? "") ||
    (subjects.targets.length > 0 && subjects.targets.every((t) => /^https:\/\/identity\.azure\.net\//i.test(t.name)));
  const riskRow = alert.rows.find((r) => str(r.RiskState) !== "");
  const verdictIp = (f: IpFacts): IpVerdictFacts => {
    const info = o.ip.info(f.address);
    const allow = o.ip.allowlisted(f.address);
    return {
      address: f.address,
      ...(f.asn === undefined ? {} : { asn: f.asn }),
      ...(f.organisation === undefined ? {} : { organisation: f.organisation }),
      ...(f.country === undefined ? {} : { country: f.country }),
      ...(f.networkKind === undefined ? {} : { networkKind: f.networkKind }),
      allowlisted: f.allowlisted,
      ...(allow?.note ? { allowlistNote: allow.note } : {}),
      ...(f.indicator === undefined ? {} : { indicator: f.indicator }),
      highRiskCountry: o.ip.highRiskCountry(info.country),
      ...(f.firstSeenByIdentityMs === undefined ? {} : { knownForDays: (changeMs - f.firstSeenByIdentityMs) / DAY }),
      newToTenant: f.firstSeenInTenantMs === undefined,
      ...(f.reputation === undefined ? {} : { abuseScore: f.reputation.score }),
    };
  };
  // The keys the alert's change added: a sign-in with another key says nothing about this change.
  const addedKeys = new Set(
    activities.filter((a) => a.inAlert).flatMap((a) => a.changes.filter((c) => c.what === "credential added" && c.details.keyId).map((c) => c.details.keyId!.toLowerCase())),
  );
  const linkedAfter = signInsAfter.filter((x) => withAddedKey(x, addedKeys).withAddedKey !== false);
  const facts: VerdictFacts = {
    family,
    severity: alert.severity,
    ...(subjects.initiator === undefined ? {} : { initiator: { name: subjects.initiator.name, kind: subjects.initiator.kind } }),
    platformIdentity,
    ...(knownAutomation(catalog, subjects.initiator?.id, [...alertOps]) === undefined ? {} : { knownAutomation: knownAutomation(catalog, subjects.initiator?.id, [...alertOps])! }),
    pim: pim.map((p) => ({ role: p.role, minutesBefore: p.minutesBefore })),
    routineRepeats: routine === undefined ? 0 : Number(routine.Times),
    ...(routine === undefined ? (alertOps.size > 0 ? { routineOperation: [...alertOps][0]!.trim() } : {}) : { routineOperation: str(routine.OperationName).trim() }),
    operationRepeats,
    initiatorIps: ips.filter((i) => i.roles.includes("initiator")).map(verdictIp),
    newSignIns: signInsAfter
      .filter((s) => s.newAddress && before.length > 0)
      .map((s) => ({
        ...verdictIp(ips.find((i) => i.address === s.ipAddress) ?? { address: s.ipAddress, allowlisted: false, roles: [] }),
        minutesAfter: (s.timeMs - changeMs) / MINUTE,
        failures: signInsAfter.filter((x) => x.ipAddress === s.ipAddress && x.resultType !== "0" && x.resultType !== "").length,
        ...withAddedKey(s, addedKeys),
      })),
    ...(before.length > 0 && linkedAfter.length > 0 && linkedAfter.every((x) => !x.newAddress)
      ? { signInsAfterUsual: { count: linkedAfter.length, addresses: [...new Set(linkedAfter.map((x) => x.ipAddress))] } }
      : {}),
    ...(before.length === 0 && signInsAfter.length > 0
      ? {
          firstUse: {
            ...verdictIp(ips.find((i) => i.address === signInsAfter[0]!.ipAddress) ?? { address: signInsAfter[0]!.ipAddress, allowlisted: false, roles: [] }),
            minutesAfter: (signInsAfter[0]!.timeMs - changeMs) / MINUTE,
          },
        }
      : {}),
    ...firstCredentialOf(activities),
    ...rotationOf(activities, addedKeys),
    spree,
    privilegedGrants: [
      ...roles.filter((r) => r.given && PRIVILEGED.test(r.role)).map((r) => r.role),
      ...activities.flatMap((a) => a.changes.filter((c) => c.what === "consent granted" && PRIVILEGED.test(c.details.scopes ?? "")).map((c) => `consent to ${c.details.scopes}`)),
    ],
    ...(riskRow === undefined ? {} : { riskState: str(riskRow.RiskState) }),
    ...(events[0]?.userAgent ? { userAgent: events[0].userAgent } : {}),
  };
  const verdict = suggestVerdict(facts);
  return {
    alert,
    ruleDescription: (o.ruleDescription ?? alert.description).trim(),
    family,
    ...(subjects.initiator === undefined ? {} : { initiator: subjects.initiator }),
    targets: subjects.targets.map((t) => ({ name: t.name, id: t.id || t.appId, kind: t.kind })),
    events,
    activities,
    pim,
    roles,
    ips,
    signInsAfter,
    initiatorSpree: spree,
    verdict,
    actions: recommendedActions(family, verdict.label, {
      ...(subjects.initiator === undefined ? {} : { initiator: subjects.initiator }),
      targets: subjects.targets,
      // Addresses worth hunting: not the organisation's own networks.
      ips: ips.filter((i) => !i.allowlisted).map((i) => i.address),
      activities: activities.filter((a) => a.inAlert || a.timeMs >= changeMs),
    }),
    queries: runs.map((r) => ({ name: r.name, file: r.file, parameters: r.parameters, rows: r.rows.length })),
    problems,
    generatedMs: (o.now ?? Date.now)(),
  };
}

/** The target of the alert's own change when it added an application's first credential. */
function firstCredentialOf(activities: readonly Activity[]): { firstCredential?: string } {
  const first = activities.find((a) => a.inAlert && a.changes.some((c) => c.what === "credential added" && c.details.existingCredentials === "0"));
  return first === undefined ? {} : { firstCredential: first.target };
}

/** Whether a sign-in used a key the change added (undefined: the log or the change names no key). */
function withAddedKey(s: SignInAfter, addedKeys: ReadonlySet<string>): { withAddedKey?: boolean } {
  if (addedKeys.size === 0 || s.credentialKeyId === "") return {};
  return { withAddedKey: addedKeys.has(s.credentialKeyId.toLowerCase()) };
}

const ROTATION_MS = 60 * MINUTE;

/**
 * A rotation completed: within the hour after the alert's change, its initiator removed another
 * credential of the same application (the old key). An attacker adds a key and leaves the old one
 * working: removing it would break the application and tell its owner.
 */
function rotationOf(activities: readonly Activity[], addedKeys: ReadonlySet<string>): { rotationCompleted?: { minutesAfter: number; keyId: string } } {
  const change = activities.find((a) => a.inAlert && a.changes.some((c) => c.what === "credential added"));
  if (change === undefined || change.initiatorId === "") return {};
  for (const a of activities) {
    if (a.initiatorId !== change.initiatorId || a.targetId !== change.targetId || a.timeMs < change.timeMs || a.timeMs - change.timeMs > ROTATION_MS) continue;
    const removed = a.changes.find((c) => c.what === "credential removed" && !addedKeys.has((c.details.keyId ?? "").toLowerCase()));
    if (removed !== undefined) return { rotationCompleted: { minutesAfter: (a.timeMs - change.timeMs) / MINUTE, keyId: removed.details.keyId ?? "" } };
  }
  return {};
}
