/**
 * Benign automation and background noise: the CI/CD pipeline creating short-lived
 * pull-request apps in bursts (a true positive for a naive burst rule, labelled not-an-attack),
 * HR provisioning updating users, users consenting to everyday SaaS scopes (some blocked), and
 * Identity Protection's low-risk detections that admins dismiss.
 */
import type { Initiator, RecordEnv } from "./audit-records.js";
import { LOW_RISK_DELEGATED_SCOPES } from "./directory-catalog.js";
import {
  addDelegatedGrant,
  addMemberToGroup,
  consentToApplication,
  deleteApplication,
  removeServicePrincipal,
  updateAppCredentials,
  updateUser,
} from "./entra-operations.js";
import { recordKeysOf } from "./ground-truth.js";
import type { BenignLabel } from "./labels.js";
import { riskyServicePrincipal, spRiskEvent } from "./risk-records.js";
import { type Emit, HOUR, MINUTE, audits, createApp, emit, newSecret, newWorkload, spLabel, spSignIns } from "./scenario-kit.js";
import type { ServicePrincipal, Tenant } from "./tenant-model.js";
import { PIPELINE_APP_PREFIXES } from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

const DAY = 86_400_000;

/**
 * Pipeline bursts: every third day (and on a one-day period) the known CI identity creates 4-7
 * preview apps within minutes, gives each a secret, the previews sign in, and the pipeline
 * tears them down a few hours later.
 */
export function pipelineBursts(env: RecordEnv, start: number, end: number): { emits: Emit[]; labels: BenignLabel[] } {
  const { rng, tenant } = env;
  const pipeline = tenant.named.pipeline;
  const who: Initiator = { kind: "app", sp: pipeline, userAgent: USER_AGENTS.terraform };
  const days = Math.round((end - start) / DAY);
  const emits: Emit[] = [];
  const labels: BenignLabel[] = [];
  for (let d = 0; d < days; d++) {
    if (d % 3 !== 1 && days !== 1) continue;
    const t0 = start + d * DAY + rng.int(18 * 60, 22 * 60) * MINUTE; // 10:00-14:00 Seattle
    const count = rng.int(4, 7);
    const prefix = rng.pick(PIPELINE_APP_PREFIXES);
    const burst: Emit[] = [];
    let t = t0;
    const created = Array.from({ length: count }, () => {
      const w = newWorkload(rng, `${prefix}-pr${rng.int(1000, 9999)}`, t);
      const secret = newSecret(rng, t + 15_000, "pipeline", 7);
      burst.push(...createApp(env, t, who, w));
      burst.push(...audits([updateAppCredentials(env, { t: t + 15_000, who, app: w.app, before: [], after: [secret] })]));
      const egress = rng.pick(pipeline.signIn!.egress);
      const times = Array.from({ length: rng.int(2, 4) }, () => t + rng.int(10, 50) * MINUTE);
      burst.push(...spSignIns(env, w.sp, egress, times.sort((a, b) => a - b), secret, USER_AGENTS.msalDotnet));
      t += rng.int(40, 90) * 1000;
      return w;
    });
    const teardown = t0 + rng.int(60, 180) * MINUTE;
    created.forEach((w, k) => {
      burst.push(...audits([removeServicePrincipal(env, { t: teardown + k * 5_000, who, sp: w.sp }), deleteApplication(env, { t: teardown + k * 5_000 + 1_000, who, app: w.app })]));
    });
    const lastCreation = Math.max(...burst.filter((e) => e.row.OperationName === "Add service principal").map((e) => e.t));
    emits.push(...burst);
    labels.push({
      name: "cicd-sp-burst",
      summary: `The known CI/CD identity ${pipeline.displayName} creates ${count} preview apps in a burst, adds their secrets, and deletes them later`,
      attack: false,
      at: new Date(t0).toISOString(),
      evaluateAt: new Date(lastCreation + 5 * MINUTE).toISOString(),
      rulesLikelyToFire: ["RULE-18", "CRED-05"],
      identities: [spLabel("initiator", pipeline), ...created.map((w) => spLabel("created", w.sp))],
      records: recordKeysOf(burst),
    });
  }
  return { emits, labels };
}

/** The in-house app that provisions users from the HR system (the directory sync app in a tenant without one). */
export function hrSyncApp(tenant: Tenant): ServicePrincipal {
  return tenant.servicePrincipals.find((sp) => sp.displayName === "HR-Sync") ?? tenant.named.privilegedApp;
}

/** Nightly HR provisioning: a few attribute updates and group joins, by an in-house sync app. */
export function hrSync(env: RecordEnv, dayStart: number): Emit[] {
  const { rng, tenant } = env;
  const syncApp = hrSyncApp(tenant);
  const who: Initiator = { kind: "app", sp: syncApp, userAgent: USER_AGENTS.msalDotnet };
  const out: Emit[] = [];
  const n = rng.int(0, 4);
  for (let i = 0; i < n; i++) {
    const user = rng.pick(tenant.users);
    const t = dayStart + 10 * HOUR + rng.int(0, 50) * MINUTE; // 02:00 Seattle
    out.push(
      ...audits([
        rng.chance(0.6)
          ? updateUser(env, { t, who, user, property: "JobTitle", oldValue: user.jobTitle, newValue: `Senior ${user.jobTitle}` })
          : addMemberToGroup(env, { t, who, user, groupId: rng.guid(), groupName: `grp-${user.department.toLowerCase().replace(/\s+/g, "-")}` }),
      ]),
    );
  }
  return out;
}

/** Users consenting to a SaaS app's everyday scopes; the risky-app consent policy blocks some. */
export function userConsents(env: RecordEnv, dayStart: number): Emit[] {
  const { rng, tenant } = env;
  if (!rng.chance(0.5)) return [];
  const user = rng.pick(tenant.users.filter((u) => u.role === "staff"));
  const saas = tenant.servicePrincipals.filter((sp) => sp.kind === "saas");
  if (saas.length === 0) return [];
  const client = rng.pick(saas);
  const t = dayStart + (rng.int(9 * 60, 17 * 60) - user.tzOffsetHours * 60) * MINUTE;
  const who: Initiator = { kind: "user", user, ip: user.home.ip, userAgent: user.device.userAgent };
  const scope = LOW_RISK_DELEGATED_SCOPES.join(" ");
  const graph = tenant.firstParty.graph!;
  const correlationId = rng.guid();
  if (rng.chance(0.2))
    return audits([
      consentToApplication(env, {
        t,
        who,
        client,
        resource: graph,
        scope,
        adminConsent: false,
        grantId: rng.base64url(43),
        correlationId,
        result: "failure",
        resultReason: "Microsoft.Online.Security.UserConsentBlockedForRiskyAppsException",
      }),
    ]);
  return audits([
    addDelegatedGrant(env, { t, who, client, resource: graph, scope, correlationId }),
    consentToApplication(env, { t: t + 300, who, client, resource: graph, scope, adminConsent: false, grantId: rng.base64url(43), correlationId }),
  ]);
}

/** Identity Protection noise: a low-risk detection on some SP, dismissed by an admin hours later. */
export function riskNoise(env: RecordEnv, dayStart: number): Emit[] {
  const { rng, tenant } = env;
  if (!rng.chance(0.5)) return [];
  const sp = rng.pick(tenant.servicePrincipals.filter((s) => s.kind !== "firstParty" && s.kind !== "managedIdentity"));
  const detected = dayStart + rng.int(0, 20 * 60) * MINUTE;
  const type = rng.pick(["suspiciousSignins", "anomalousServicePrincipalActivity", "suspiciousApplication"] as const);
  const dismissed = detected + rng.int(60, 360) * MINUTE;
  return [
    emit("AADServicePrincipalRiskEvents", spRiskEvent(env, { t: detected + 4 * MINUTE, detected, sp, type, level: "low", state: "atRisk", detail: "none", timing: "offline" })),
    emit("AADRiskyServicePrincipals", riskyServicePrincipal(env, { t: detected + 5 * MINUTE, sp, level: "low", state: "atRisk", detail: "none" })),
    emit("AADRiskyServicePrincipals", riskyServicePrincipal(env, { t: dismissed, sp, level: "none", state: "dismissed", detail: "adminDismissedAllRiskForServicePrincipal" })),
  ];
}
