/**
 * Attacker moves a pack written around "a credential next to an existing one" used to miss,
 * written from published attack chains and Entra's audit-activity reference rather than from the
 * rules:
 *
 * - mail-access-app-first-credential: the "Golden SAML AD FS mail access" chain (OTRF
 *   Security-Datasets / SimuLand lab 01): an application gets Mail.ReadWrite (requested, then
 *   granted as an app role), then its first password, then reads mail as itself.
 * - requested-permission-added: directory-control permissions added to an app registration's
 *   requested permissions (`Update application`, RequiredResourceAccess), staged before any consent.
 * - credential-spread: one admin adds a secret to five applications within minutes, each add
 *   unremarkable on its own (familiar address, after a PIM activation).
 * - low-and-slow-spray: a few guesses an hour at a workload's secret for half a day, each from
 *   another address of one IPv6 /64 at a hosting provider.
 * - create-for-rbac-burst: `az ad sp create-for-rbac` four times in minutes; each service
 *   principal's secret is logged inside its `Add service principal` record.
 */
import { requiredResourceAccessProp } from "./app-permission-operations.js";
import { DIRECTORY_ROLES, FIRST_PARTY_APPS, graphRole } from "./directory-catalog.js";
import { addAppRoleAssignment, addApplication, addServicePrincipal, updateAppCredentials, updateApplication } from "./entra-operations.js";
import { graphRequest, tokenOf } from "./graph-activity-records.js";
import { prefixesOf } from "../enrich/network-data.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  appLabel,
  asUser,
  attackerEgress,
  audits,
  emit,
  intParam,
  lastTime,
  newSecret,
  newWorkload,
  pim,
  spLabel,
  userLabel,
} from "./scenario-kit.js";
import { AADSTS, clientCredentialSignIn, currentCredential, pickWorkload, resourceOf } from "./signin-attack-kit.js";
import type { Egress, ServicePrincipal } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

const GRAPH = FIRST_PARTY_APPS.graph.appId;
const role = (value: string) => ({ resourceAppId: GRAPH, id: graphRole(value).id, application: true });
const USER_READ = { resourceAppId: GRAPH, id: "e1fe6dd8-ba31-4d61-89e7-88639da4683d", application: false };

export const mailAccessAppFirstCredential: ScenarioDefinition = {
  name: "mail-access-app-first-credential",
  summary:
    "A compromised Global Administrator adds Mail.ReadWrite to a credential-less app's permissions, grants it, gives the app its first password and reads mail as the app (the Golden SAML mail-access chain)",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {},
  leadMs: 5 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[0]!;
    const target = env.tenant.platform.delegatedApp;
    const app = target.app!;
    const egress = attackerEgress(rng, "hosting");
    const who = asUser(admin, egress, USER_AGENTS.graphPowerShell);
    const secret = newSecret(rng, at + 8 * MINUTE, "MyAppSecret", 90);
    const emits: Emit[] = [
      ...pim(env, at - 5 * MINUTE, admin, egress, DIRECTORY_ROLES.globalAdmin),
      ...audits([
        updateApplication(env, { t: at, who, app, props: [requiredResourceAccessProp([USER_READ], [USER_READ, role("Mail.ReadWrite")])] }),
        addAppRoleAssignment(env, { t: at + 4 * MINUTE, who, client: target, resource: env.tenant.firstParty.graph!, role: graphRole("Mail.ReadWrite") }),
        updateAppCredentials(env, { t: at + 8 * MINUTE, who, app, before: [], after: [secret] }),
      ]),
    ];
    const graph = resourceOf(env.tenant.firstParty.graph!);
    const victims = env.tenant.users.filter((u) => u.role !== "staff").slice(0, 3);
    for (const [k, t] of [at + 12 * MINUTE, at + 31 * MINUTE].entries()) {
      const row = clientCredentialSignIn(env, { t, sp: target, egress, resource: graph, credential: secret, userAgent: USER_AGENTS.pythonRequests });
      emits.push(emit("AADServicePrincipalSignInLogs", row));
      const token = tokenOf(target, row);
      for (const [j, v] of victims.entries())
        emits.push(
          emit(
            "MicrosoftGraphActivityLogs",
            graphRequest(env, {
              t: t + (j + 1) * 20_000 + k,
              token,
              egress,
              method: "GET",
              path: `/v1.0/users/${v.id}/messages?$top=1000`,
              status: 200,
              responseBytes: rng.int(200_000, 2_000_000),
              durationMs: rng.int(300, 2500),
              userAgent: USER_AGENTS.pythonRequests,
              sendsClientRequestId: false,
            }),
          ),
        );
    }
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("target", target), appLabel("target", app)],
      expectedRules: ["CRED-13", "CRED-14", "RULE-17"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const requestedPermissionAdded: ScenarioDefinition = {
  name: "requested-permission-added",
  summary:
    "A compromised developer adds RoleManagement.ReadWrite.Directory and Application.ReadWrite.All to the requested permissions of an app they own, ready for a consent to be phished",
  technique: "T1098.003",
  tactic: "PrivilegeEscalation",
  params: {},
  leadMs: 0,
  build({ env, rng, at }) {
    const apps = env.tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && sp.app !== null && sp.app.owners.some((o) => o.kind === "user" && o.user.role === "engineer"));
    const target = apps[apps.length - 1] ?? env.tenant.named.sharepointApp;
    const owner = target.app!.owners.flatMap((o) => (o.kind === "user" ? [o.user] : []))[0]!;
    const egress = attackerEgress(rng, "hosting");
    const before = target.appRoles.map((g) => role(g.role.value));
    const after = [...before, role("RoleManagement.ReadWrite.Directory"), role("Application.ReadWrite.All")];
    const emits = audits([updateApplication(env, { t: at, who: asUser(owner, egress, USER_AGENTS.edgeWindows), app: target.app!, props: [requiredResourceAccessProp(before, after)] })]);
    return {
      emits,
      identities: [userLabel("initiator", owner), spLabel("target", target), appLabel("target", target.app!)],
      expectedRules: ["CRED-14"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const credentialSpread: ScenarioDefinition = {
  name: "credential-spread",
  summary: "A compromised Cloud Application Administrator activates PIM from their usual address and adds a secret to five applications within a quarter of an hour",
  technique: "T1098.001",
  tactic: "Persistence",
  params: { apps: intParam("applications given a secret", 5, 3, 20) },
  leadMs: 6 * MINUTE,
  build({ env, rng, at, params }) {
    const admin = env.tenant.admins.find((a) => a.eligibleRoles.includes(DIRECTORY_ROLES.cloudAppAdmin)) ?? env.tenant.admins[2]!;
    const egress = admin.home;
    const who = asUser(admin, egress, USER_AGENTS.graphPowerShell);
    const pool = env.tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && sp.app !== null && sp.signIn !== null && sp.app.rotation === null);
    const targets = rng.sample(pool, Math.min(pool.length, Number(params.apps)));
    const emits: Emit[] = [...pim(env, at - 6 * MINUTE, admin, egress, DIRECTORY_ROLES.cloudAppAdmin, USER_AGENTS.edgeWindows, "Rotate client secrets before expiry")];
    targets.forEach((sp, k) => {
      const t = at + k * rng.int(90, 200) * 1000;
      const before = activeCredentials(sp.app!.credentials, t);
      emits.push(...audits([updateAppCredentials(env, { t, who, app: sp.app!, before, after: [...before, newSecret(rng, t, "rotation", 365)] })]));
    });
    return {
      emits,
      identities: [userLabel("initiator", admin), ...targets.flatMap((sp) => [spLabel("target", sp), appLabel("target", sp.app!)])],
      expectedRules: ["CRED-15"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: "Each add alone looks like the seed investigation's routine (familiar address, PIM activation); together they are a spread of backdoors.",
    };
  },
};

/** The attacker's rented IPv6 /64 (a hosting provider's), one address per attempt. */
function ipv6Host(prefix64: string, n: number, rngPart: number): string {
  return `${prefix64}:${(0x1000 + n).toString(16)}:${(rngPart & 0xffff).toString(16)}:${((rngPart >> 16) & 0xffff).toString(16)}:${((n * 7919) % 65536 || 1).toString(16)}`;
}

export const lowAndSlowSpray: ScenarioDefinition = {
  name: "low-and-slow-spray",
  summary: "A few guessed secrets an hour against a workload for half a day, each from another address of one IPv6 /64 at a hosting provider, never ten in an hour",
  technique: "T1110.003",
  tactic: "CredentialAccess",
  params: { hours: intParam("hours the spray lasts", 12, 4, 48) },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const sp = pickWorkload(env.tenant, at, { credential: "Password", nth: 1 }, env.tenant.named.reportingApp);
    const hetzner = prefixesOf(24940)[0]!;
    const prefix = { ...hetzner, cidr: "2a01:4f8::/32" };
    const net = `2a01:4f8:${rng.int(0x100, 0xfff).toString(16)}:${rng.int(0x1000, 0xffff).toString(16)}`;
    const graph = resourceOf(env.tenant.firstParty.graph!);
    const emits: Emit[] = [];
    let n = 0;
    for (let h = 0; h < Number(params.hours); h++) {
      const tries = rng.int(2, 4);
      for (let k = 0; k < tries; k++) {
        const t = at + h * HOUR + rng.int(0, HOUR - 60_000);
        const egress: Egress = { ip: ipv6Host(net, n++, rng.int(0, 0x7fffffff)), prefix };
        const row = clientCredentialSignIn(env, {
          t,
          sp,
          egress,
          resource: graph,
          credential: null,
          unmatched: "clientSecret",
          userAgent: USER_AGENTS.pythonRequests,
          failure: AADSTS.invalidSecret,
        });
        emits.push(emit("AADServicePrincipalSignInLogs", row));
      }
    }
    emits.sort((a, b) => a.t - b.t);
    const known = currentCredential(sp, "Password", at);
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-21"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Target's own secret ${known?.keyId ?? "(none)"} is never guessed; every attempt fails with AADSTS7000215.`,
    };
  },
};

export const createForRbacBurst: ScenarioDefinition = {
  name: "create-for-rbac-burst",
  summary: "A compromised engineer runs `az ad sp create-for-rbac` four times in five minutes from a VPS: four service principals, each with a secret logged in its creation record, none used yet",
  technique: "T1136.003",
  tactic: "Persistence",
  params: {},
  leadMs: 0,
  build({ env, rng, at }) {
    const user = env.tenant.users.filter((u) => u.role === "engineer")[1] ?? env.tenant.users[0]!;
    const egress = attackerEgress(rng, "hosting");
    const who = asUser(user, egress, "python/3.8.9 (Windows-10-10.0.19041-SP0) msrest/0.6.21 azure-graphrbac/0.60.0 Azure-SDK-For-Python AZURECLI/2.34.1 (MSI)");
    const created: ServicePrincipal[] = [];
    const emits: Emit[] = [];
    for (let k = 0; k < 4; k++) {
      const t = at + k * rng.int(50, 80) * 1000;
      const w = newWorkload(rng, `azure-cli-${new Date(t).toISOString().slice(0, 19).replace(/[-T:]/g, "-")}`, t);
      const correlationId = env.rng.guid();
      emits.push(
        ...audits([addApplication(env, { t, who, app: w.app, correlationId }), addServicePrincipal(env, { t: t + rng.int(900, 2500), who, sp: w.sp, correlationId, credential: true })]),
      );
      created.push(w.sp);
    }
    return {
      emits,
      identities: [userLabel("initiator", user), ...created.map((sp) => spLabel("created", sp))],
      expectedRules: ["RULE-18"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
      notes:
        "RULE-18W rates the burst armed (each creation record carries its secret); RULE-09 reports the four as armed and unused once a day has passed, when the period leaves room for its daily run.",
    };
  },
};

export const CREDENTIAL_ABUSE_SCENARIOS: readonly ScenarioDefinition[] = [
  mailAccessAppFirstCredential,
  requestedPermissionAdded,
  credentialSpread,
  lowAndSlowSpray,
  createForRbacBurst,
];
