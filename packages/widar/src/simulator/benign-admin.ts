/**
 * Benign change management: admins elevate through PIM during their working day and then make
 * routine app changes (the seed investigation's sequence: owner added, SP and app updated, a
 * secret added next to an existing one), register new apps, grant ordinary Graph permissions; and
 * the rotation automation replaces secrets of the apps it owns on schedule.
 *
 * Several of these look like attacks to a naive rule (a second secret on an app is CRED-01's
 * condition): that is the point — the rule pack has to tell them apart.
 */
import { type Initiator, type RecordEnv, prop } from "./audit-records.js";
import { DIRECTORY_ROLES, type DirectoryRole, graphRole } from "./directory-catalog.js";
import {
  addAppRoleAssignment,
  addOwnerToApplication,
  updateAppCredentials,
  updateApplication,
  updateServicePrincipal,
} from "./entra-operations.js";
import { appAddressProp } from "./app-change-operations.js";
import { requiredResourceAccessProp } from "./app-permission-operations.js";
import { recordKeysOf } from "./ground-truth.js";
import type { BenignLabel, RuleId } from "./labels.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  activeCredentials,
  appLabel,
  audits,
  createApp,
  lastTime,
  newSecret,
  newWorkload,
  pim,
  spLabel,
  userLabel,
} from "./scenario-kit.js";
import type { Row } from "./tables.js";
import type { Application, Egress, ServicePrincipal, User } from "./tenant-model.js";
import { IN_HOUSE_APPS } from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

const JUSTIFICATIONS = [
  "Rotate client secret before expiry",
  "App registration change requested in CHG",
  "Update redirect URIs for release",
  "Add owner for team handover",
  "Grant API permission approved by security review",
];

/** Where an admin works from today: the office on most days (over IPv6 or IPv4: the offices are dual-stack), else home. */
function adminEgress(env: RecordEnv, user: User): Egress {
  const office = user.office;
  return office !== null && env.rng.chance(0.7) ? env.rng.pick([...office.egress, ...office.egress6]) : user.home;
}

function ownedApps(env: RecordEnv): ServicePrincipal[] {
  return env.tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && sp.app !== null);
}

function pickRole(user: User, prefer: readonly DirectoryRole[]): DirectoryRole | undefined {
  return prefer.find((r) => user.eligibleRoles.includes(r)) ?? (user.eligibleRoles.includes(DIRECTORY_ROLES.globalAdmin) ? DIRECTORY_ROLES.globalAdmin : undefined);
}

/** The seed investigation's routine: owner handover, updates, a new secret next to the old one. */
function maintenance(env: RecordEnv, t: number, who: Initiator, sp: ServicePrincipal): { emits: Emit[]; likely: RuleId[] } {
  const { rng, tenant } = env;
  const app = sp.app!;
  const engineer = rng.pick(tenant.users.filter((u) => u.role === "engineer"));
  const before = activeCredentials(app.credentials, t);
  const secret = newSecret(rng, t, `${new Date(t).getUTCFullYear()}-renewal`, 365);
  const steps: ((at: number) => Row)[] = [
    (at) => addOwnerToApplication(env, { t: at, who, owner: engineer, app }),
    (at) => updateServicePrincipal(env, { t: at, who, sp, props: [prop("Tags", [[]], [["WindowsAzureActiveDirectoryIntegratedApp"]])] }),
    (at) => updateApplication(env, { t: at, who, app, props: [appAddressProp([], [`https://${app.displayName.toLowerCase()}.${tenant.domain}/signin-oidc`])] }),
    (at) => updateAppCredentials(env, { t: at, who, app, before, after: [...before, secret] }),
    (at) => updateApplication(env, { t: at, who, app, props: [prop("KeyCredentials", [], [])] }),
    (at) => updateServicePrincipal(env, { t: at, who, sp, props: [prop("AppRoleAssignmentRequired", [false], [true])] }),
  ];
  const count = rng.int(2, steps.length);
  const first = steps.length - count;
  const rows = steps.slice(first).map((step, k) => step(t + k * rng.int(20_000, 120_000)));
  // A second secret on the app is CRED-01's condition; a reply URL on a host new to the app, CRED-07's.
  const likely: RuleId[] = [...(first <= 2 ? (["CRED-07"] as const) : []), ...(first <= 3 ? (["CRED-01"] as const) : [])];
  return { emits: audits(rows), likely };
}

function registerApp(env: RecordEnv, t: number, who: Initiator): { emits: Emit[]; sp: ServicePrincipal } {
  const { rng, tenant } = env;
  const name = `${rng.pick(IN_HOUSE_APPS)}-${rng.pick(["dev", "test", "staging", "v2"])}`;
  const w = newWorkload(rng, name, t);
  const owner = rng.pick(tenant.users.filter((u) => u.role === "engineer"));
  const secret = newSecret(rng, t + 3 * MINUTE, "initial", 180);
  const emits = [
    ...createApp(env, t, who, w),
    ...audits([
      addOwnerToApplication(env, { t: t + MINUTE, who, owner, app: w.app }),
      updateApplication(env, {
        t: t + 2 * MINUTE,
        who,
        app: w.app,
        props: [requiredResourceAccessProp([], [{ resourceAppId: "00000003-0000-0000-c000-000000000000", id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", application: false }])],
      }),
      updateAppCredentials(env, { t: t + 3 * MINUTE, who, app: w.app, before: [], after: [secret] }),
    ]),
  ];
  return { emits, sp: w.sp };
}

function grantEverydayRole(env: RecordEnv, t: number, who: Initiator): Emit[] {
  const { rng, tenant } = env;
  const client = rng.pick(ownedApps(env));
  const role = graphRole(rng.pick(["Group.Read.All", "Sites.Read.All", "Calendars.Read", "User.Read.All"]));
  return audits([addAppRoleAssignment(env, { t, who, client, resource: tenant.firstParty.graph!, role })]);
}

/**
 * Working-day admin sessions: PIM activation, then one routine change a few minutes later. The
 * sessions a rule of the pack is likely to fire on are labelled (benign, with those rules).
 */
export function adminSessions(env: RecordEnv, dayStart: number): { emits: Emit[]; labels: BenignLabel[] } {
  const { rng, tenant } = env;
  const weekday = new Date(dayStart).getUTCDay() % 6 !== 0;
  const sessions = weekday ? rng.int(1, 3) : rng.chance(0.1) ? 1 : 0;
  const out: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (let s = 0; s < sessions; s++) {
    const admin = rng.pick(tenant.admins);
    const kind = rng.weighted(["maintenance", "register", "grant"] as const, [6, 2, 1]);
    const role =
      kind === "grant"
        ? pickRole(admin, [DIRECTORY_ROLES.privRoleAdmin])
        : pickRole(admin, [DIRECTORY_ROLES.appAdmin, DIRECTORY_ROLES.cloudAppAdmin]);
    if (role === undefined) continue;
    const local = rng.int(9 * 60, 17 * 60) * MINUTE;
    const t = dayStart + local - admin.tzOffsetHours * HOUR;
    const egress = adminEgress(env, admin);
    const ua = rng.weighted([USER_AGENTS.edgeWindows, USER_AGENTS.graphPowerShell, USER_AGENTS.azureCli], [6, 3, 1]);
    const who: Initiator = { kind: "user", user: admin, ip: egress.ip, userAgent: ua };
    const session = pim(env, t, admin, egress, role, USER_AGENTS.edgeWindows, rng.pick(JUSTIFICATIONS));
    const work = t + rng.int(3, 15) * MINUTE;
    let likely: RuleId[] = [];
    let target: ServicePrincipal | null = null;
    if (kind === "maintenance") {
      target = rng.pick(ownedApps(env));
      const m = maintenance(env, work, who, target);
      session.push(...m.emits);
      likely = m.likely;
    } else if (kind === "register") {
      const r = registerApp(env, work, who);
      session.push(...r.emits);
      target = r.sp;
      // A dev/test registration often never signs in: RULE-09's condition.
      likely = ["RULE-09"];
    } else session.push(...grantEverydayRole(env, work, who));
    out.push(...session);
    if (likely.length > 0 && target !== null)
      labels.push({
        name: `${egress.ip.includes(":") ? "ipv6-office-" : ""}${kind === "maintenance" ? "admin-app-maintenance" : "admin-app-registration"}`,
        summary: `${admin.displayName} elevates through PIM and ${kind === "maintenance" ? "makes routine changes to" : "registers"} ${target.displayName}`,
        attack: false,
        at: new Date(t).toISOString(),
        evaluateAt: new Date(lastTime(session) + 5 * MINUTE).toISOString(),
        rulesLikelyToFire: likely,
        identities: [userLabel("initiator", admin), spLabel("target", target), ...(target.app === null ? [] : [appLabel("target", target.app)])],
        records: recordKeysOf(session),
      });
  }
  return { emits: out, labels };
}

/**
 * The rotation automation's work over the period: at each scheduled rotation it adds the new
 * secret (the previous one still present), then removes the previous one ten minutes later.
 * Each rotation is labelled: a service principal adding a second secret to another app is what
 * CRED-01 and CRED-05 look for, and known automation is what triage must recognise.
 */
export function rotations(env: RecordEnv, start: number, end: number): { emits: Emit[]; labels: BenignLabel[] } {
  const rotator = env.tenant.named.rotator;
  const who: Initiator = { kind: "app", sp: rotator, userAgent: USER_AGENTS.azureIdentityJs };
  const out: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (const sp of env.tenant.servicePrincipals) {
    const app: Application | null = sp.app;
    if (app?.rotation == null) continue;
    app.credentials.forEach((cred, i) => {
      const prev = app.credentials[i - 1];
      if (prev === undefined || cred.start < start || cred.start >= end) return;
      const rotation = audits([
        updateAppCredentials(env, { t: cred.start, who, app, before: [prev], after: [prev, cred] }),
        updateAppCredentials(env, { t: cred.start + 10 * MINUTE, who, app, before: [prev, cred], after: [cred] }),
      ]);
      out.push(...rotation);
      labels.push({
        name: "secret-rotation",
        summary: `${rotator.displayName} rotates the client secret of ${app.displayName} on schedule`,
        attack: false,
        at: new Date(cred.start).toISOString(),
        evaluateAt: new Date(cred.start + 15 * MINUTE).toISOString(),
        rulesLikelyToFire: ["CRED-01", "CRED-05"],
        identities: [spLabel("initiator", rotator), spLabel("target", sp), appLabel("target", app)],
        records: recordKeysOf(rotation),
      });
    });
  }
  return { emits: out, labels };
}
