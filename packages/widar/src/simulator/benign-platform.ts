/**
 * The benign month's routine automation, written independently of any rule: each generator is
 * what the identity does in a real tenant, and each occurrence in the period is labelled
 * not-an-attack with the rules a naive pack fires on (`rulesLikelyToFire`: the goal is that they
 * do not).
 *
 * - Terraform deployments: on every working day the Terraform identity creates three apps with a
 *   secret each (Add application, Add service principal, the secret), which sign in soon after.
 * - Certificate renewal: every week the renewal service adds a new certificate next to the
 *   current one on each app it owns, and removes the superseded one two days later.
 * - Managed-identity certificate rollover: Azure's "Managed Service Identity" service adds a new
 *   certificate to a managed identity's service principal and removes the old one a day later.
 * - An expired secret retried in a loop (AADSTS7000222), from the job's usual cloud address.
 * - Delegated-only apps: an in-house web app used only through users' sign-ins (SigninLogs),
 *   and a new one an admin registers (no credential) that users start using the same day.
 *
 * Terraform and the renewal service also act in the HISTORY_DAYS before the period, as they did
 * in the workspace before the simulated week: a rule's baseline of an initiator's own history
 * has something to find. Those records are written, but not labelled.
 */
import type { Initiator, RecordEnv } from "./audit-records.js";
import { msiCertificateAdded, msiCertificateRemoved, requiredResourceAccessProp } from "./app-permission-operations.js";
import { DIRECTORY_ROLES, FIRST_PARTY_APPS } from "./directory-catalog.js";
import { addOwnerToApplication, updateAppCredentials, updateApplication } from "./entra-operations.js";
import { recordKeysOf } from "./ground-truth.js";
import type { BenignLabel, RuleId } from "./labels.js";
import { HISTORY_DAYS, appsRenewedBy } from "./platform-identities.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  appLabel,
  audits,
  createApp,
  emit,
  lastTime,
  newCertificate,
  newSecret,
  newWorkload,
  pim,
  spLabel,
  spSignIns,
  userLabel,
} from "./scenario-kit.js";
import { userSignIn } from "./signin-records.js";
import type { Credential, Egress, ServicePrincipal, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

const DAY = 86_400_000;
const USER_READ = { resourceAppId: FIRST_PARTY_APPS.graph.appId, id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", application: false };

export interface BenignBatch {
  readonly emits: Emit[];
  readonly labels: BenignLabel[];
}

const label = (name: string, summary: string, emits: readonly Emit[], likely: RuleId[], identities: BenignLabel["identities"]): BenignLabel => ({
  name,
  summary,
  attack: false,
  at: new Date(Math.min(...emits.map((e) => e.t))).toISOString(),
  evaluateAt: new Date(lastTime(emits) + 10 * MINUTE).toISOString(),
  rulesLikelyToFire: likely,
  identities,
  records: recordKeysOf(emits),
});

/** Working-day deployments of the Terraform identity, from the history window to the end. */
export function terraformDeployments(env: RecordEnv, start: number, end: number): BenignBatch {
  const { rng, tenant } = env;
  const tf = tenant.platform.terraform;
  const who: Initiator = { kind: "app", sp: tf, userAgent: USER_AGENTS.terraform };
  const emits: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (let day = start - HISTORY_DAYS * DAY; day < end; day += DAY) {
    if (new Date(day).getUTCDay() % 6 === 0) continue;
    const t0 = day + rng.int(17 * 60, 23 * 60) * MINUTE; // 09:00-15:00 Seattle
    const run: Emit[] = [];
    let t = t0;
    const created = Array.from({ length: 3 }, (_, k) => {
      const w = newWorkload(rng, `svc-${rng.pick(["billing", "orders", "search", "notify", "ledger", "catalog"])}-${rng.alnum(5).toLowerCase()}`, t);
      const secret = newSecret(rng, t + 20_000, "terraform-managed", 180);
      run.push(...createApp(env, t, who, w));
      run.push(...audits([updateAppCredentials(env, { t: t + 20_000, who, app: w.app, before: [], after: [secret] })]));
      const egress = rng.pick(tf.signIn!.egress);
      const uses = Array.from({ length: rng.int(2, 4) }, () => t + rng.int(15, 240) * MINUTE).sort((a, b) => a - b);
      run.push(...spSignIns(env, w.sp, egress, uses, secret, USER_AGENTS.msalDotnet));
      t += rng.int(30, 70) * 1000 + k;
      return w;
    });
    emits.push(...run);
    if (t0 >= start)
      labels.push(
        label("terraform-deployment", `${tf.displayName} deploys three services, each an app with a secret, as on every working day`, run, ["CRED-05"], [
          spLabel("initiator", tf),
          ...created.map((w) => spLabel("created", w.sp)),
        ]),
      );
  }
  return { emits, labels };
}

/** The renewal service's weekly certificates (built into the apps' credentials by platform-identities.ts). */
export function certificateRenewals(env: RecordEnv, start: number, end: number): BenignBatch {
  const { tenant } = env;
  const service = tenant.platform.certRenewal;
  const who: Initiator = { kind: "app", sp: service, userAgent: USER_AGENTS.azureIdentityJs };
  const emits: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (const sp of appsRenewedBy(tenant)) {
    const app = sp.app!;
    const renewed = app.credentials.filter((c) => c.displayName.endsWith(".renewed"));
    renewed.forEach((cert, i) => {
      if (cert.start < start - HISTORY_DAYS * DAY || cert.start >= end) return;
      const current = currentCerts(app.credentials, cert, renewed[i - 1]);
      const work = audits([updateAppCredentials(env, { t: cert.start, who, app, before: current, after: [...current, cert] })]);
      const previous = renewed[i - 1];
      if (previous !== undefined)
        work.push(...audits([updateAppCredentials(env, { t: cert.start + 2 * DAY, who, app, before: [...current, cert], after: current.filter((c) => c !== previous).concat(cert) })]));
      emits.push(...work);
      if (cert.start >= start)
        labels.push(label("certificate-renewal", `${service.displayName} adds this week's certificate to ${app.displayName}`, work.slice(0, 1), ["CRED-01", "CRED-05"], [
          spLabel("initiator", service),
          spLabel("target", sp),
          appLabel("target", app),
        ]));
    });
  }
  return { emits, labels };
}

/** The certificates on an app when `next` is added: the original one(s) and the last renewed one. */
function currentCerts(all: readonly Credential[], next: Credential, previous: Credential | undefined): Credential[] {
  const base = all.filter((c) => c.type === "AsymmetricX509Cert" && !c.displayName.endsWith(".renewed") && c.start < next.start);
  return previous === undefined ? base : [...base, previous];
}

/** Azure rolling managed identities' certificates: a few identities a week, each on its own day. */
export function managedIdentityRollovers(env: RecordEnv, start: number, end: number): BenignBatch {
  const { rng, tenant } = env;
  const msi = tenant.platform.msiService;
  const who: Initiator = { kind: "app", sp: msi, userAgent: "" };
  const identities = tenant.servicePrincipals.filter((sp) => sp.servicePrincipalType === "ManagedIdentity");
  const emits: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (let week = start; week < end; week += 7 * DAY) {
    for (const mi of rng.sample(identities, Math.min(identities.length, rng.int(2, 3)))) {
      const t = week + rng.int(0, 6) * DAY + rng.int(0, 23 * 60) * MINUTE;
      if (t >= end) continue;
      const current = newCertificate(rng, t - 46 * DAY, `${mi.appId}`);
      const added = newCertificate(rng, t, `${mi.appId}`);
      const work = audits([msiCertificateAdded(env, { t, who, mi, current, added }), msiCertificateRemoved(env, { t: t + DAY, who, mi, removed: current, kept: added })]);
      emits.push(...work);
      labels.push(label("managed-identity-certificate-rollover", `Azure's Managed Service Identity service rolls the certificate of ${mi.displayName}`, work.slice(0, 1), ["CRED-01", "CRED-05"], [
        spLabel("initiator", msi),
        spLabel("target", mi),
      ]));
    }
  }
  return { emits, labels };
}

/** The label of the expiring job's retries once its secret has expired (the sign-ins come from WorkloadSignIns). */
export function expiredSecretLoop(env: RecordEnv, start: number, end: number): BenignLabel[] {
  const job = env.tenant.platform.expiringJob;
  const expiry = job.app!.credentials.map((c) => c.end ?? Number.POSITIVE_INFINITY).reduce((a, b) => Math.max(a, b), 0);
  if (expiry < start || expiry >= end) return [];
  return [
    {
      name: "expired-secret-loop",
      summary: `${job.displayName}'s only secret expired; the job keeps retrying it (AADSTS7000222) until someone renews it`,
      attack: false,
      at: new Date(expiry).toISOString(),
      evaluateAt: new Date(Math.min(end, expiry + 6 * HOUR)).toISOString(),
      rulesLikelyToFire: ["RULE-02"],
      identities: [spLabel("workload", job)],
      records: {},
    },
  ];
}

/** Users' sign-ins to an app that has no credential: it is used, only not by itself. */
function delegatedSignIns(env: RecordEnv, app: ServicePrincipal, users: readonly User[], times: readonly number[]): Emit[] {
  const { rng, tenant } = env;
  const graph = tenant.firstParty.graph!;
  return times.map((t) => {
    const user = rng.pick(users);
    const egress: Egress = user.office !== null && rng.chance(0.6) ? rng.pick([...user.office.egress, ...user.office.egress6]) : user.home;
    return emit(
      "SigninLogs",
      userSignIn(env, {
        t,
        user,
        client: { appId: app.appId, displayName: app.displayName },
        resource: { appId: graph.appId, displayName: graph.displayName, servicePrincipalId: graph.id },
        egress,
        userAgent: user.device.userAgent,
        clientAppUsed: "Browser",
        mfa: true,
      }),
    );
  });
}

/** The delegated-only app's daily use, and one new delegated-only app an admin registers. */
export function delegatedApps(env: RecordEnv, start: number, end: number): BenignBatch {
  const { rng, tenant } = env;
  const staff = tenant.users.filter((u) => u.role === "staff");
  const emits: Emit[] = [];
  for (let day = start; day < end; day += DAY) {
    const n = new Date(day).getUTCDay() % 6 === 0 ? rng.int(0, 1) : rng.int(3, 8);
    const times = Array.from({ length: n }, () => day + rng.int(16 * 60, 26 * 60) * MINUTE).filter((t) => t < end);
    emits.push(...delegatedSignIns(env, tenant.platform.delegatedApp, staff, times.sort((a, b) => a - b)));
  }
  const admin = tenant.admins.find((a) => a.eligibleRoles.includes(DIRECTORY_ROLES.appAdmin)) ?? tenant.admins[0]!;
  const t = start + Math.floor((end - start) / DAY / 3) * DAY + (17 * 60 + rng.int(0, 120)) * MINUTE;
  if (t + 12 * HOUR > end) return { emits, labels: [] };
  const egress = admin.office !== null ? rng.pick(admin.office.egress) : admin.home;
  const w = newWorkload(rng, `${rng.pick(["Travel", "Room", "Visitor", "Parking"])}-Booking-Portal`, t);
  const who: Initiator = { kind: "user", user: admin, ip: egress.ip, userAgent: USER_AGENTS.edgeWindows };
  const owner = rng.pick(tenant.users.filter((u) => u.role === "engineer"));
  const registration = [
    ...pim(env, t - 5 * MINUTE, admin, egress, DIRECTORY_ROLES.appAdmin, USER_AGENTS.edgeWindows, "Register internal web app"),
    ...createApp(env, t, who, w),
    ...audits([
      addOwnerToApplication(env, { t: t + MINUTE, who, owner, app: w.app }),
      updateApplication(env, { t: t + 2 * MINUTE, who, app: w.app, props: [requiredResourceAccessProp([], [USER_READ])] }),
    ]),
  ];
  const uses = Array.from({ length: rng.int(4, 9) }, () => t + rng.int(40, 600) * MINUTE).sort((a, b) => a - b);
  const all = [...registration, ...delegatedSignIns(env, w.sp, staff, uses)];
  emits.push(...all);
  const labels = [
    label("delegated-app-registration", `${admin.displayName} registers ${w.app.displayName}, a web app without credentials that staff sign in to`, all, ["RULE-09"], [
      userLabel("initiator", admin),
      spLabel("created", w.sp),
      appLabel("created", w.app),
    ]),
  ];
  return { emits, labels };
}
