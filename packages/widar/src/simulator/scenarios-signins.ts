/**
 * Attacks seen in service principal sign-ins: brute force, token replay, Conditional Access bypass, volume spike.
 * This file holds the two that are sign-ins only (brute force and volume spike); the two that
 * follow a token into Microsoft Graph and Microsoft 365 are in scenarios-signin-tokens.ts.
 */
import type { RecordEnv } from "./audit-records.js";
import {
  type Emit,
  HOUR,
  MINUTE,
  type ScenarioDefinition,
  attackerEgress,
  emit,
  enumParam,
  intParam,
  lastTime,
  spLabel,
} from "./scenario-kit.js";
import { spCaBypass, spTokenReplay } from "./scenarios-signin-tokens.js";
import { AADSTS, clientCredentialSignIn, currentCredential, pickWorkload, resourceOf, startInOneHour, vpsAwayFrom } from "./signin-attack-kit.js";
import type { Credential, Egress, ServicePrincipal } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

const DAY = 24 * HOUR;

export const spBruteForce: ScenarioDefinition = {
  name: "sp-brute-force",
  summary:
    "An attacker replays client secrets (or certificates) harvested from a leaked repository against an in-house app's SP from three VPSs until one works, then signs in with it from one of them",
  technique: "T1110.004",
  tactic: "CredentialAccess",
  params: {
    failures: intParam("failed sign-ins before the working credential", 24, 10, 200),
    credential: enumParam("what the attacker replays: client secrets (AADSTS7000215) or certificate-signed assertions (AADSTS700027)", [
      "secret",
      "certificate",
    ]),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const failures = Number(params.failures);
    const cert = params.credential === "certificate";
    const type = cert ? "AsymmetricX509Cert" : "Password";
    const fallback = cert ? env.tenant.named.provisioningBot : env.tenant.named.privilegedApp;
    const sp = pickWorkload(env.tenant, at, { credential: type }, fallback);
    const stolen = currentCredential(sp, type, at)!;
    const graph = resourceOf(env.tenant.firstParty.graph!);
    const ips: Egress[] = [attackerEgress(rng, "hosting"), attackerEgress(rng, "hosting"), attackerEgress(rng, "hosting")];
    // The candidates are tried at a steady pace, spread over the attacker's boxes, for at most half an hour.
    const span = Math.min(30 * MINUTE, failures * 40_000);
    const start = startInOneHour(rng, at, span + 8 * MINUTE);
    const emits: Emit[] = [];
    for (let k = 0; k < failures; k++) {
      const t = start + Math.floor((k * span) / failures) + rng.int(0, 15_000);
      const row = clientCredentialSignIn(env, {
        t,
        sp,
        egress: ips[k % ips.length]!,
        resource: graph,
        credential: null,
        unmatched: cert ? "clientAssertion" : "clientSecret",
        userAgent: USER_AGENTS.pythonRequests,
        failure: cert ? AADSTS.invalidAssertion : AADSTS.invalidSecret,
      });
      emits.push(emit("AADServicePrincipalSignInLogs", row));
    }
    // The working credential, from the box that happened to hold it, then a second token an hour's script needs.
    const winner = ips[failures % ips.length]!;
    const won = start + span + rng.int(1, 3) * MINUTE;
    for (const t of [won, won + rng.int(3, 5) * MINUTE]) {
      const row = clientCredentialSignIn(env, { t, sp, egress: winner, resource: graph, credential: stolen, userAgent: USER_AGENTS.pythonRequests });
      emits.push(emit("AADServicePrincipalSignInLogs", row));
    }
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-02"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `${failures} credential failures (AADSTS${cert ? AADSTS.invalidAssertion.code : AADSTS.invalidSecret.code}) from three VPS IPs, then two successes with the app's real ${cert ? "certificate" : "secret"} from ${winner.ip}, one of the failing IPs: RULE-02 High. All within one clock hour.`,
    };
  },
};

/** The workload's usual client-credential sign-ins, hour by hour, before `until` (its steady rhythm). */
function baseline(env: RecordEnv, sp: ServicePrincipal, cred: Credential, from: number, until: number): Emit[] {
  const { rng } = env;
  const p = sp.signIn!;
  const out: Emit[] = [];
  for (let h = from; h < until; h += HOUR) {
    const n = Math.round(p.ratePerHour * (0.75 + 0.5 * rng.float()));
    for (let k = 0; k < n; k++) {
      const t =
        p.pattern === "cron"
          ? h + ((p.cronMinute * MINUTE + Math.floor((k * HOUR) / n)) % HOUR) + rng.int(0, 20_000)
          : h + rng.int(0, HOUR - 1);
      if (t >= until) continue;
      const row = clientCredentialSignIn(env, {
        t,
        sp,
        egress: rng.pick(p.egress),
        resource: rng.pick(p.resources),
        credential: cred,
        userAgent: p.userAgent,
      });
      out.push(emit("AADServicePrincipalSignInLogs", row));
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

export const spSigninSpike: ScenarioDefinition = {
  name: "sp-signin-spike",
  summary:
    "An attacker's enumeration script, run from a VPS with an in-house app's stolen client secret, requests a fresh token for every Graph call: hundreds of sign-ins in an hour against a steady few",
  technique: "T1087.004",
  tactic: "Discovery",
  params: {
    signins: intParam("sign-ins in the attack hour", 240, 30, 2000),
    days: intParam("days of the workload's usual sign-ins before the attack (its baseline)", 6, 4, 13),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const sp = pickWorkload(env.tenant, at, { credential: "Password", patterns: ["flat", "cron"], nth: 1 }, env.tenant.named.privilegedApp);
    const secret = currentCredential(sp, "Password", at)!;
    const start = startInOneHour(rng, at, 50 * MINUTE);
    const hour = Math.floor(start / HOUR) * HOUR;
    const context = baseline(env, sp, secret, hour - Number(params.days) * DAY, hour);
    const egress = vpsAwayFrom(rng, sp.signIn!.egress);
    const graph = resourceOf(env.tenant.firstParty.graph!);
    const n = Number(params.signins);
    const emits: Emit[] = [];
    for (let k = 0; k < n; k++) {
      const t = start + Math.floor((k * 50 * MINUTE) / n) + rng.int(0, 5_000);
      emits.push(
        emit(
          "AADServicePrincipalSignInLogs",
          clientCredentialSignIn(env, { t, sp, egress, resource: graph, credential: secret, userAgent: USER_AGENTS.pythonRequests }),
        ),
      );
    }
    return {
      emits,
      context,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-12", "RULE-01"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Context: ${params.days} days of the workload's own ${sp.signIn!.pattern} sign-ins (about ${sp.signIn!.ratePerHour} an hour) up to the attack hour. Attack: ${n} sign-ins in 50 minutes from ${egress.ip} (${egress.prefix.country}), far above six standard deviations: RULE-12 High; the VPS's country is new for a workload with an established baseline: RULE-01 Low.`,
    };
  },
};

export const SIGNIN_SCENARIOS: readonly ScenarioDefinition[] = [spBruteForce, spTokenReplay, spCaBypass, spSigninSpike];
