/**
 * Permission abuse: admin consent to high-risk delegated Graph scopes for a newly arrived
 * multi-tenant app, a directory-control Graph app role granted to an SP, and an automation SP
 * holding AppRoleAssignment.ReadWrite.All granting itself and others privileged roles in a burst.
 */
import { DIRECTORY_ROLES, GRAPH_APP_ROLES, HIGH_RISK_DELEGATED_SCOPES, graphRole } from "./directory-catalog.js";
import { addAppRoleAssignment, addDelegatedGrant, addServicePrincipal, consentToApplication } from "./entra-operations.js";
import type { RuleId } from "./labels.js";
import {
  type Emit,
  MINUTE,
  type ScenarioDefinition,
  lastTime,
  asApp,
  asUser,
  attackerEgress,
  audits,
  intParam,
  newWorkload,
  pim,
  spLabel,
  spSignIns,
  userLabel,
} from "./scenario-kit.js";
import type { ServicePrincipal, Tenant } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";
import { isPlatformIdentity } from "./platform-identities.js";

/** In-house SPs that are not one of the named objects (ordinary apps, fair game as grantees). */
function ordinaryApps(tenant: Tenant): ServicePrincipal[] {
  const named = new Set(Object.values(tenant.named).map((sp) => sp.id));
  return tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && !named.has(sp.id) && !isPlatformIdentity(tenant, sp));
}

const CONSENT_SCOPES = ["Mail.ReadWrite", "Files.ReadWrite.All", "offline_access", "User.Read"];

export const consentHighPrivilege: ScenarioDefinition = {
  name: "consent-high-privilege",
  summary: "A phished Global Administrator grants tenant-wide admin consent to a new multi-tenant app for Mail.ReadWrite and Files.ReadWrite.All",
  technique: "T1528",
  tactic: "CredentialAccess",
  params: {},
  leadMs: 10 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[0]!;
    // Consent phishing happens on the victim's own device and network.
    const egress = admin.home;
    const who = asUser(admin, egress, USER_AGENTS.edgeWindows);
    const { sp } = newWorkload(rng, rng.pick(["Secure Mail Viewer", "DocuPro Sign", "Inbox Organizer Pro", "Team File Share"]), at, true);
    const graph = env.tenant.firstParty.graph!;
    const scope = CONSENT_SCOPES.join(" ");
    const correlationId = rng.guid();
    const grantId = rng.base64url(43);
    const emits = [
      ...pim(env, at - 9 * MINUTE, admin, egress, DIRECTORY_ROLES.globalAdmin),
      ...audits([
        addServicePrincipal(env, { t: at, who, sp, correlationId }),
        addDelegatedGrant(env, { t: at + 1_000, who, client: sp, resource: graph, scope, correlationId }),
        consentToApplication(env, { t: at + 1_200, who, client: sp, resource: graph, scope, adminConsent: true, grantId, correlationId }),
      ]),
    ];
    const risky = CONSENT_SCOPES.some((s) => HIGH_RISK_DELEGATED_SCOPES.has(s));
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("consented-app", sp), spLabel("resource", graph)],
      expectedRules: risky ? ["CRED-09", "RULE-17"] : [],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const privilegedAppRoleGrant: ScenarioDefinition = {
  name: "privileged-app-role-grant",
  summary: "A compromised Privileged Role Administrator activates PIM and grants Microsoft Graph RoleManagement.ReadWrite.Directory to an ordinary in-house SP",
  technique: "T1098.003",
  tactic: "PrivilegeEscalation",
  params: {},
  leadMs: 7 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[3]!;
    const egress = attackerEgress(rng, "hosting");
    const client = ordinaryApps(env.tenant)[0] ?? env.tenant.named.reportingApp;
    const graph = env.tenant.firstParty.graph!;
    const emits = [
      ...pim(env, at - 7 * MINUTE, admin, egress, DIRECTORY_ROLES.privRoleAdmin),
      ...audits([
        addAppRoleAssignment(env, {
          t: at,
          who: asUser(admin, egress, USER_AGENTS.graphPowerShell),
          client,
          resource: graph,
          role: graphRole("RoleManagement.ReadWrite.Directory"),
        }),
      ]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("grantee", client), spLabel("resource", graph)],
      expectedRules: ["CRED-08", "RULE-17"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

const ESCALATION_ROLES = [
  "RoleManagement.ReadWrite.Directory",
  "Application.ReadWrite.All",
  "Directory.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "Mail.ReadWrite",
  "Files.ReadWrite.All",
];

export const massPrivilegeEscalation: ScenarioDefinition = {
  name: "mass-privilege-escalation",
  summary: "The governance automation SP, signed in with its stolen certificate, grants privileged Graph app roles to itself and other SPs within minutes",
  technique: "T1098.003",
  tactic: "PrivilegeEscalation",
  params: { count: intParam("app roles granted", 6, 1, ESCALATION_ROLES.length) },
  leadMs: 3 * MINUTE,
  build({ env, rng, at, params }) {
    const bot = env.tenant.named.governanceAutomation;
    const egress = attackerEgress(rng, "hosting");
    const who = asApp(bot, USER_AGENTS.pythonRequests);
    const graph = env.tenant.firstParty.graph!;
    const others = ordinaryApps(env.tenant).slice(1, 3);
    const grantees = [bot, bot, ...others, bot, ...others];
    const roles = ESCALATION_ROLES.slice(0, Number(params.count)).map((v) => GRAPH_APP_ROLES[v]!);
    const emits: Emit[] = spSignIns(env, bot, egress, [at - 2 * MINUTE], bot.app!.credentials[0]!, USER_AGENTS.pythonRequests);
    const clients: ServicePrincipal[] = [];
    roles.forEach((role, k) => {
      const client = grantees[k % grantees.length]!;
      if (!clients.includes(client)) clients.push(client);
      emits.push(...audits([addAppRoleAssignment(env, { t: at + k * 45_000 + rng.int(0, 10_000), who, client, resource: graph, role })]));
    });
    const privileged = roles.filter((r) => r.privileged).length;
    const rules: RuleId[] = [];
    if (privileged >= 3) rules.push("RULE-10");
    if (privileged > 0) rules.push("CRED-08");
    if (roles.some((r) => r.sensitive)) rules.push("RULE-17");
    return {
      emits,
      identities: [spLabel("initiator", bot), ...clients.filter((c) => c !== bot).map((c) => spLabel("grantee", c)), spLabel("resource", graph)],
      expectedRules: rules,
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};
