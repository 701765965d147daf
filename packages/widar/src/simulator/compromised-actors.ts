/**
 * Who makes the app, role and policy changes in the app-change scenarios: a compromised admin
 * working from a rented VPS after activating the role through PIM (as in the seed
 * investigation), or the Provisioning-Bot automation (Application.ReadWrite.All) signed in with
 * its stolen certificate from the same kind of host.
 */
import type { Initiator, RecordEnv } from "./audit-records.js";
import type { DirectoryRole } from "./directory-catalog.js";
import type { LabelledIdentity, RuleId } from "./labels.js";
import type { Rng } from "./prng.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioParam,
  activeCredentials,
  asApp,
  asUser,
  attackerEgress,
  enumParam,
  pim,
  spLabel,
  spSignIns,
  userLabel,
} from "./scenario-kit.js";
import type { Credential, Egress, ServicePrincipal, SignInPattern, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

export interface Actor {
  readonly who: Initiator;
  /** The actor's own lead-in (PIM activation, or the SP's token request), before `at`. */
  readonly emits: Emit[];
  /** The actor's usual activity before the attack (what a quiet tenant lacks). */
  readonly context: Emit[];
  readonly identities: LabelledIdentity[];
  readonly egress: Egress;
  /** Rules besides the scenario's own that the actor's lead-in legitimately trips. */
  readonly alsoDetectedBy: RuleId[];
}

/** How far before `at` an actor's lead-in may start. */
export const ACTOR_LEAD_MS = 6 * MINUTE;

export const initiatorParam: ScenarioParam = enumParam(
  "who makes the change: a compromised admin after PIM activation, or the Provisioning-Bot SP with its stolen certificate",
  ["admin", "app"],
);

export function compromisedAdmin(env: RecordEnv, rng: Rng, at: number, admin: User, role: DirectoryRole, userAgent: string): Actor {
  const egress = attackerEgress(rng, "hosting");
  return {
    who: asUser(admin, egress, userAgent),
    emits: pim(env, at - ACTOR_LEAD_MS + rng.int(0, MINUTE), admin, egress, role),
    context: [],
    identities: [userLabel("initiator", admin)],
    egress,
    alsoDetectedBy: [],
  };
}

export function compromisedAutomation(env: RecordEnv, rng: Rng, at: number): Actor {
  const bot = env.tenant.named.provisioningBot;
  const egress = attackerEgress(rng, "hosting");
  const cert = activeCredentials(bot.app!.credentials, at)[0] ?? bot.app!.credentials[0]!;
  // Without its routine a quiet tenant would make the stolen certificate look dormant (RULE-13).
  const context = routineSignIns(env, rng, bot, at, cert);
  return {
    who: asApp(bot, USER_AGENTS.pythonRequests),
    emits: spSignIns(env, bot, egress, [at - 2 * MINUTE - rng.int(0, 30_000)], cert, USER_AGENTS.pythonRequests),
    context,
    identities: [spLabel("initiator", bot)],
    egress,
    alsoDetectedBy: isNewCountry(bot, egress, context.length) ? ["RULE-01"] : [],
  };
}

/** Workload rhythms follow the HQ's clock (Seattle), as the benign sign-in generator's do. */
const HQ_TZ_HOURS = -8;

function activity(pattern: SignInPattern, hourStart: number): number {
  const local = new Date(hourStart + HQ_TZ_HOURS * HOUR);
  const hour = local.getUTCHours();
  if (pattern === "business") return local.getUTCDay() % 6 !== 0 && hour >= 8 && hour < 18 ? 1 : 0.05;
  if (pattern === "nightly") return hour < 5 ? 1 : 0.1;
  return 1;
}

/**
 * A workload's usual sign-ins over the day before `before` (its rate and rhythm, from its own
 * egress, with its own credential and client): the history a quiet tenant lacks and the full
 * tenant has anyway.
 */
export function routineSignIns(env: RecordEnv, rng: Rng, sp: ServicePrincipal, before: number, cred: Credential): Emit[] {
  const usual = sp.signIn!;
  const times: number[] = [];
  for (let h = 30; h > 6; h--) {
    const hourStart = Math.floor((before - h * HOUR) / HOUR) * HOUR;
    const expected = usual.ratePerHour * activity(usual.pattern, hourStart);
    const n = Math.floor(expected) + (rng.chance(expected % 1) ? 1 : 0);
    for (let k = 0; k < n; k++)
      times.push(usual.pattern === "cron" ? hourStart + usual.cronMinute * MINUTE + k * 1_000 + rng.int(0, 20_000) : hourStart + rng.int(0, HOUR - 1));
  }
  return times.sort((a, b) => a - b).flatMap((t) => spSignIns(env, sp, rng.pick(usual.egress), [t], cred, usual.userAgent));
}

/**
 * The attacker's host is in a country the workload does not sign in from, and its history is
 * long enough (RULE-01's 20 sign-ins) for a new country to count: RULE-01's Low.
 */
export const isNewCountry = (sp: ServicePrincipal, egress: Egress, history: number): boolean =>
  history >= 20 && !(sp.signIn?.egress ?? []).some((e) => e.prefix.country === egress.prefix.country);
