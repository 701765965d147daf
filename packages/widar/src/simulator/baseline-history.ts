/**
 * An identity's own history, for scenarios whose detection compares the attack with it: the
 * client-credential sign-ins a workload makes by its usual profile (rate, daily rhythm, egress,
 * user agent, the credential it presents at the time), and sign-ins to any resource.
 *
 * The rhythm follows benign-signins.ts (Seattle clock, business / nightly / cron / flat), so in
 * the noisy tenant this history reads as more of the same workload, not as a second one.
 */
import type { RecordEnv } from "./audit-records.js";
import type { FirstPartyKey } from "./directory-catalog.js";
import { NETWORK_PREFIXES, hostInPrefix } from "../enrich/network-data.js";
import type { Rng } from "./prng.js";
import { type Emit, HOUR, MINUTE, attackerEgress, emit } from "./scenario-kit.js";
import { spSignIn } from "./signin-records.js";
import type { Credential, Egress, ResourceRef, ServicePrincipal, SignInPattern, Tenant } from "./tenant-model.js";

export const DAY = 86_400_000;
/** Workload rhythms follow the HQ's clock (Seattle, UTC-8), as benign sign-ins do. */
const TENANT_TZ_HOURS = -8;

export function resourceRef(tenant: Tenant, key: FirstPartyKey): ResourceRef {
  const sp = tenant.firstParty[key]!;
  return { appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id };
}

/**
 * A rented server in the country the workload usually runs from: attackers who hold a
 * workload's secret pick a VPS next to it, so no country-based rule sees them and only the
 * workload's own baseline does.
 */
export function hostingNear(rng: Rng, sp: ServicePrincipal): Egress {
  const country = sp.signIn?.egress[0]?.prefix.country;
  const pool = NETWORK_PREFIXES.filter((p) => p.kind === "hosting" && p.country === country);
  if (pool.length === 0) return attackerEgress(rng, "hosting");
  const prefix = rng.pick(pool);
  return { ip: hostInPrefix(prefix, rng.int(0, 1_000_000)), prefix };
}

/** Share of its peak rate a workload runs at in the hour starting at `utcHourStart`. */
function rhythm(pattern: SignInPattern, utcHourStart: number): number {
  const local = utcHourStart + TENANT_TZ_HOURS * HOUR;
  const hour = Math.floor(local / HOUR) % 24;
  const weekday = new Date(local).getUTCDay() % 6 !== 0;
  if (pattern === "business") return !weekday ? 0.05 : hour >= 8 && hour < 18 ? 1 : hour === 7 || hour === 18 ? 0.4 : 0.05;
  if (pattern === "nightly") return hour < 5 ? 1 : 0.1;
  return 1;
}

/** The credential a workload presents at `t`: its newest certificate or secret (or federated credential) by then. */
export function credentialInUse(sp: ServicePrincipal, t: number): Credential | undefined {
  const type = sp.signIn?.credentialType;
  const wanted = type === "federatedIdentityCredential" ? "Federated" : type === "clientAssertion" ? "AsymmetricX509Cert" : "Password";
  let best: Credential | undefined;
  for (const c of sp.app?.credentials ?? []) if (c.type === wanted && c.start <= t && (best === undefined || c.start >= best.start)) best = c;
  return best;
}

export interface SignInSpec {
  readonly egress: Egress;
  readonly resource: ResourceRef;
  readonly cred: Credential | undefined;
  readonly userAgent: string;
}

/** Successful client-credential sign-ins of `sp` at the given times. */
export function signInsAt(env: RecordEnv, sp: ServicePrincipal, times: readonly number[], spec: (t: number) => SignInSpec): Emit[] {
  return times.map((t) => {
    const s = spec(t);
    const federated = s.cred?.type === "Federated";
    return emit(
      "AADServicePrincipalSignInLogs",
      spSignIn(env, {
        t,
        sp,
        egress: s.egress,
        resource: s.resource,
        keyId: federated ? "" : (s.cred?.keyId ?? ""),
        thumbprint: s.cred?.thumbprint ?? "",
        federatedCredentialId: federated ? s.cred!.keyId : "",
        credentialType: s.cred?.type === "AsymmetricX509Cert" ? "clientAssertion" : federated ? "federatedIdentityCredential" : "clientSecret",
        userAgent: s.userAgent,
      }),
    );
  });
}

/**
 * The workload's usual sign-ins in [from, to): hour by hour at its profile's rate and rhythm
 * (cron jobs on their minute), from its usual egress, to its usual resources, with the
 * credential it held at the time.
 */
export function usualSignIns(env: RecordEnv, sp: ServicePrincipal, from: number, to: number): Emit[] {
  const { rng } = env;
  const p = sp.signIn;
  if (p === null || p.resources.length === 0 || p.egress.length === 0) return [];
  const times: number[] = [];
  for (let h = Math.floor(from / HOUR) * HOUR; h < to; h += HOUR) {
    const mean = p.ratePerHour * rhythm(p.pattern, h);
    const n = Math.floor(mean) + (rng.chance(mean - Math.floor(mean)) ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const t =
        p.pattern === "cron" ? h + ((p.cronMinute * MINUTE + Math.floor((k * HOUR) / n)) % HOUR) + rng.int(0, 20_000) : h + rng.int(0, HOUR - 1);
      if (t >= from && t < to) times.push(t);
    }
  }
  times.sort((a, b) => a - b);
  return signInsAt(env, sp, times, (t) => ({
    egress: rng.pick(p.egress),
    resource: rng.pick(p.resources),
    cred: credentialInUse(sp, t),
    userAgent: p.userAgent,
  }));
}
