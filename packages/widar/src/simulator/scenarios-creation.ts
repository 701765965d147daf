/**
 * Scenarios about creating and using service principals: creation bursts (by a human and by an
 * SP, with immediate arming), an SP created and never used, one created and used the same day
 * from a high-risk country, and an existing SP signing in from a new country right after a
 * credential change.
 */
import { DIRECTORY_ROLES } from "./directory-catalog.js";
import { addSpCredentials, updateAppCredentials } from "./entra-operations.js";
import type { RuleId } from "./labels.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  activeCredentials,
  asApp,
  asUser,
  attackerEgress,
  audits,
  createApp,
  intParam,
  lastTime,
  newSecret,
  newWorkload,
  pim,
  spLabel,
  spSignIns,
  userLabel,
} from "./scenario-kit.js";
import { ATTACKER_APP_NAMES } from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

export const spBurstUser: ScenarioDefinition = {
  name: "sp-burst-user",
  summary: "A compromised Application Administrator activates PIM and creates several app registrations and SPs in minutes, then arms two of them with secrets",
  technique: "T1136.003",
  tactic: "Persistence",
  params: { count: intParam("service principals created", 5, 1, 15) },
  leadMs: 5 * MINUTE,
  build({ env, rng, at, params }) {
    const admin = env.tenant.admins[1]!;
    const egress = attackerEgress(rng, "hosting");
    const who = asUser(admin, egress, USER_AGENTS.graphPowerShell);
    const count = Number(params.count);
    const emits: Emit[] = pim(env, at - 4 * MINUTE, admin, egress, DIRECTORY_ROLES.appAdmin, USER_AGENTS.edgeWindows);
    const names = rng.sample(ATTACKER_APP_NAMES, count);
    const created = names.map((name, k) => {
      const t = at + k * 80_000 + rng.int(0, 20_000);
      const w = newWorkload(rng, name, t);
      emits.push(...createApp(env, t, who, w));
      return w;
    });
    const armAt = at + count * 80_000 + MINUTE;
    created.slice(0, 2).forEach((w, k) => {
      emits.push(...audits([addSpCredentials(env, { t: armAt + k * 30_000, who, sp: w.sp, before: [], added: newSecret(rng, armAt, "") })]));
    });
    return {
      emits,
      identities: [userLabel("initiator", admin), ...created.map((w) => spLabel("created", w.sp))],
      expectedRules: count > 3 ? ["RULE-18"] : [],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes:
        "Arming is by 'Add service principal credentials', whose TargetResources[0] is the new SP, so seed RULE-18's join on TargetResources[0].id counts it.",
    };
  },
};

export const spBurstApp: ScenarioDefinition = {
  name: "sp-burst-app",
  summary: "An automation SP holding Application.ReadWrite.All, signed in with its stolen certificate from a VPS, creates SPs in a burst and adds a secret to each",
  technique: "T1136.003",
  tactic: "Persistence",
  params: { count: intParam("service principals created", 5, 1, 15) },
  leadMs: 3 * MINUTE,
  build({ env, rng, at, params }) {
    const bot = env.tenant.named.provisioningBot;
    const egress = attackerEgress(rng, "hosting");
    const cert = bot.app!.credentials[0]!;
    const who = asApp(bot, USER_AGENTS.pythonRequests);
    const emits: Emit[] = spSignIns(env, bot, egress, [at - 2 * MINUTE], cert, USER_AGENTS.pythonRequests);
    const names = rng.sample(ATTACKER_APP_NAMES, Number(params.count));
    const created = names.map((name, k) => {
      const t = at + k * MINUTE + rng.int(0, 10_000);
      const w = newWorkload(rng, name, t);
      emits.push(...createApp(env, t, who, w));
      emits.push(...audits([addSpCredentials(env, { t: t + 20_000, who, sp: w.sp, before: [], added: newSecret(rng, t, "") })]));
      return w;
    });
    const rules: RuleId[] = created.length > 3 ? ["RULE-18", "CRED-05"] : ["CRED-05"];
    return {
      emits,
      identities: [spLabel("initiator", bot), ...created.map((w) => spLabel("created", w.sp))],
      expectedRules: rules,
      evaluateAt: lastTime(emits) + 5 * MINUTE,
    };
  },
};

export const spCreatedNeverUsed: ScenarioDefinition = {
  name: "sp-created-never-used",
  summary: "A user registers an app, creates its SP and adds a secret; the SP never signs in (a dormant backdoor)",
  technique: "T1136.003",
  tactic: "Persistence",
  params: {},
  leadMs: 0,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[2]!;
    const egress = attackerEgress(rng, "hosting");
    const who = asUser(admin, egress, USER_AGENTS.azureCli);
    const w = newWorkload(rng, rng.pick(ATTACKER_APP_NAMES), at);
    const secret = newSecret(rng, at + 40_000, "");
    const emits = [
      ...createApp(env, at, who, w),
      ...audits([updateAppCredentials(env, { t: at + 40_000, who, app: w.app, before: [], after: [secret] })]),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("created", w.sp)],
      expectedRules: ["RULE-09"],
      evaluateAt: at + 24 * HOUR + 10 * MINUTE,
      notes: "Dormancy is the signal: evaluate a day after creation.",
    };
  },
};

export const spCreatedUsedSameDay: ScenarioDefinition = {
  name: "sp-created-used-same-day",
  summary: "A user creates an app and SP with a secret; within two hours the SP signs in from a high-risk country",
  technique: "T1136.003",
  tactic: "Persistence",
  params: {},
  leadMs: 0,
  build({ env, rng, at }) {
    const admin = env.tenant.admins[2]!;
    const who = asUser(admin, attackerEgress(rng, "hosting"), USER_AGENTS.azureCli);
    const w = newWorkload(rng, rng.pick(ATTACKER_APP_NAMES), at);
    const secret = newSecret(rng, at + MINUTE, "");
    const foreign = attackerEgress(rng, "highRisk");
    const times = Array.from({ length: 5 }, (_, k) => at + 90 * MINUTE + k * 7 * MINUTE + rng.int(0, 60_000));
    const emits = [
      ...createApp(env, at, who, w),
      ...audits([updateAppCredentials(env, { t: at + MINUTE, who, app: w.app, before: [], after: [secret] })]),
      ...spSignIns(env, w.sp, foreign, times, secret, USER_AGENTS.pythonRequests),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("created", w.sp)],
      expectedRules: ["RULE-08", "RULE-01"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
    };
  },
};

export const spSigninNewCountry: ScenarioDefinition = {
  name: "sp-signin-new-country",
  summary: "A secret is added to an existing app that already had one; 35 minutes later its SP signs in with the new secret from a high-risk country",
  technique: "T1078.004",
  tactic: "InitialAccess",
  params: {},
  leadMs: 0,
  build({ env, rng, at }) {
    const target = env.tenant.named.reportingApp;
    const admin = env.tenant.admins[1]!;
    const who = asUser(admin, attackerEgress(rng, "hosting"), USER_AGENTS.edgeWindows);
    const before = activeCredentials(target.app!.credentials, at);
    const secret = newSecret(rng, at, "temp");
    const foreign = attackerEgress(rng, "highRisk");
    const times = Array.from({ length: 6 }, (_, k) => at + 35 * MINUTE + k * 4 * MINUTE + rng.int(0, 30_000));
    const emits = [
      ...audits([updateAppCredentials(env, { t: at, who, app: target.app!, before, after: [...before, secret] })]),
      ...spSignIns(env, target, foreign, times, secret, USER_AGENTS.pythonRequests),
    ];
    return {
      emits,
      identities: [userLabel("initiator", admin), spLabel("target", target)],
      expectedRules: ["RULE-01", "CRED-01"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
    };
  },
};
