/**
 * Credential backdoors on existing identities: a password on a privileged app that already had
 * one, a certificate on a first-party Microsoft SP, a federated credential trusting an outside
 * repository, and an owner added who then adds a secret.
 */
import { DIRECTORY_ROLES, FIC_ISSUERS } from "./directory-catalog.js";
import {
  addOwnerToApplication,
  addSpCredentials,
  federatedCredentialProp,
  updateAppCredentials,
  updateApplication,
} from "./entra-operations.js";
import {
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  appLabel,
  asUser,
  attackerEgress,
  audits,
  lastTime,
  newCertificate,
  newSecret,
  pim,
  spLabel,
  userLabel,
} from "./scenario-kit.js";
import type { Credential } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

export const credentialBackdoorPassword: ScenarioDefinition = {
  name: "credential-backdoor-password",
  summary: "A compromised Application Administrator activates PIM and adds a client secret to the privileged Directory-Sync-Service app, which already had one",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {},
  leadMs: 6 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[1]!;
    const target = env.tenant.named.privilegedApp;
    const egress = attackerEgress(rng, "hosting");
    const before = activeCredentials(target.app!.credentials, at);
    const secret = newSecret(rng, at, "backup");
    const emits = [
      ...pim(env, at - 6 * MINUTE, admin, egress, DIRECTORY_ROLES.appAdmin),
      ...audits([
        updateAppCredentials(env, { t: at, who: asUser(admin, egress, USER_AGENTS.edgeWindows), app: target.app!, before, after: [...before, secret] }),
      ]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("target", target), appLabel("target", target.app!)],
      expectedRules: ["CRED-01", "CRED-02"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const credentialBackdoorCertificate: ScenarioDefinition = {
  name: "credential-backdoor-certificate",
  summary: "A compromised Global Administrator adds a certificate to the tenant's Office 365 Exchange Online service principal (a first-party Microsoft SP)",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {},
  leadMs: 5 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[0]!;
    const target = env.tenant.firstParty.exchange!;
    const egress = attackerEgress(rng, "hosting");
    const cert = newCertificate(rng, at, "mail-sync");
    const emits = [
      ...pim(env, at - 5 * MINUTE, admin, egress, DIRECTORY_ROLES.globalAdmin),
      ...audits([addSpCredentials(env, { t: at, who: asUser(admin, egress, USER_AGENTS.graphPowerShell), sp: target, before: [], added: cert })]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("target", target)],
      expectedRules: ["CRED-02"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const credentialBackdoorFederated: ScenarioDefinition = {
  name: "credential-backdoor-federated",
  summary: "A compromised Application Administrator adds a federated identity credential to the privileged app trusting an outside GitHub repository",
  technique: "T1098.001",
  tactic: "Persistence",
  params: {},
  leadMs: 6 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[1]!;
    const target = env.tenant.named.privilegedApp;
    const egress = attackerEgress(rng, "hosting");
    const fic: Credential = {
      keyId: rng.guid(),
      type: "Federated",
      displayName: "github-deploy",
      start: at,
      end: null,
      issuer: FIC_ISSUERS.github,
      subject: `repo:${rng.pick(["dev-tools-ci", "build-infra", "cloud-sync"])}-${rng.alnum(4).toLowerCase()}/deploy:ref:refs/heads/main`,
    };
    const emits = [
      ...pim(env, at - 6 * MINUTE, admin, egress, DIRECTORY_ROLES.appAdmin),
      ...audits([
        updateApplication(env, {
          t: at,
          who: asUser(admin, egress, USER_AGENTS.azureCli),
          app: target.app!,
          props: [federatedCredentialProp(target.app!.credentials, fic)],
        }),
      ]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("target", target), appLabel("target", target.app!)],
      expectedRules: ["CRED-03", "CRED-02"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const ownerThenCredential: ScenarioDefinition = {
  name: "owner-then-credential",
  summary: "A compromised Cloud Application Administrator makes an ordinary user owner of SharepointAPI-Test; 25 minutes later that user adds a secret to it",
  technique: "T1098",
  tactic: "Persistence",
  params: {},
  leadMs: 5 * MINUTE,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[2]!;
    const owner = env.tenant.users.find((u) => u.role === "staff")!;
    const target = env.tenant.named.sharepointApp;
    const egress = attackerEgress(rng, "hosting");
    const before = activeCredentials(target.app!.credentials, at);
    const secret = newSecret(rng, at + 25 * MINUTE, "");
    const emits = [
      ...pim(env, at - 5 * MINUTE, admin, egress, DIRECTORY_ROLES.cloudAppAdmin),
      ...audits([
        addOwnerToApplication(env, { t: at, who: asUser(admin, egress, USER_AGENTS.edgeWindows), owner, app: target.app! }),
        updateAppCredentials(env, {
          t: at + 25 * MINUTE,
          who: asUser(owner, egress, USER_AGENTS.edgeWindows),
          app: target.app!,
          before,
          after: [...before, secret],
        }),
      ]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), userLabel("new-owner", owner), spLabel("target", target), appLabel("target", target.app!)],
      expectedRules: ["CRED-04", "CRED-01"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};
