/**
 * What the sign-in scenarios share: the AADSTS failures Entra writes for client credentials,
 * the choice of a target workload whose benign traffic leaves the attack visible, timing that
 * keeps an attack inside one run of an hourly rule, and one client-credential sign-in as an
 * attacker (or the workload) makes it.
 */
import type { RecordEnv } from "./audit-records.js";
import { HIGH_RISK_COUNTRIES, NETWORK_PREFIXES, hostInPrefix } from "../enrich/network-data.js";
import type { Rng } from "./prng.js";
import { HOUR, MINUTE, activeCredentials } from "./scenario-kit.js";
import { type ConditionalAccessOutcome, type SignInFailure, spSignIn } from "./signin-records.js";
import type { Row } from "./tables.js";
import type { Credential, CredentialType, Egress, ResourceRef, ServicePrincipal, SignInPattern, Tenant } from "./tenant-model.js";
import { isPlatformIdentity } from "./platform-identities.js";

/** ResultType and ResultDescription as the service principal sign-in log writes them. */
export const AADSTS = {
  invalidSecret: {
    code: "7000215",
    description: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
  },
  invalidAssertion: { code: "700027", description: "Client assertion failed signature validation." },
  blockedByCa: {
    code: "53003",
    description: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  },
} as const satisfies Record<string, SignInFailure>;

/** The office and VPN egress IPs: the tenant's trusted networks (and the NetworkAllowlist). */
export function trustedIps(tenant: Tenant): Set<string> {
  return new Set([...tenant.offices.flatMap((o) => [...o.egress, ...o.egress6].map((e) => e.ip)), tenant.vpnGateway.ip]);
}

export interface WorkloadWanted {
  readonly credential: Exclude<CredentialType, "Federated">;
  /** Sign-in rhythms acceptable for the attack to stand out (default: any). */
  readonly patterns?: readonly SignInPattern[];
  /** Take the n-th suitable workload (so that two scenarios pick different ones where they can). */
  readonly nth?: number;
}

/**
 * An in-house workload that signs in with the wanted kind of credential, never from a
 * trusted network (so its own traffic is judged like the attacker's), and is not rotated (its
 * credential is the same all period); else `fallback`. The named objects are left to the
 * scenarios written around them. Several suitable: the `nth` (or the last).
 */
export function pickWorkload(tenant: Tenant, at: number, wanted: WorkloadWanted, fallback: ServicePrincipal): ServicePrincipal {
  const named = new Set<ServicePrincipal>(Object.values(tenant.named));
  const trusted = trustedIps(tenant);
  const candidates = tenant.servicePrincipals.filter(
    (sp) =>
      sp.kind === "inHouse" &&
      !named.has(sp) &&
      !isPlatformIdentity(tenant, sp) &&
      sp.app !== null &&
      sp.app.rotation === null &&
      sp.signIn !== null &&
      sp.signIn.resources.length > 0 &&
      sp.signIn.egress.length > 0 &&
      sp.signIn.egress.every((e) => !trusted.has(e.ip)) &&
      (wanted.patterns === undefined || wanted.patterns.includes(sp.signIn.pattern)) &&
      currentCredential(sp, wanted.credential, at) !== undefined,
  );
  return candidates[Math.min(wanted.nth ?? 0, candidates.length - 1)] ?? fallback;
}

/** The workload's newest credential of a type in force at `t` (what its deployment presents). */
export function currentCredential(sp: ServicePrincipal, type: CredentialType, t: number): Credential | undefined {
  return activeCredentials(sp.app?.credentials ?? [], t)
    .filter((c) => c.type === type)
    .at(-1);
}

/**
 * Where a sequence of `durationMs` that should start at `at` goes so that it lies within one clock
 * hour (one run of an hourly rule with a one-hour lookback): seconds after `at` if it fits (never
 * on the hour itself, which belongs to the previous run), else a few minutes into the next hour.
 */
export function startInOneHour(rng: Rng, at: number, durationMs: number): number {
  const t = at + rng.int(5, 50) * 1000;
  if (Math.floor(t / HOUR) === Math.floor((t + durationMs) / HOUR)) return t;
  return Math.ceil(t / HOUR) * HOUR + rng.int(1, 4) * MINUTE + rng.int(5, 50) * 1000;
}

/** A VPS in a country none of `usual` is in (the attacker's box is somewhere the workload never was). */
export function vpsAwayFrom(rng: Rng, usual: readonly Egress[]): Egress {
  const countries = new Set(usual.map((e) => e.prefix.country));
  const pool = NETWORK_PREFIXES.filter((p) => p.kind === "hosting" && !HIGH_RISK_COUNTRIES.has(p.country) && !countries.has(p.country));
  const prefix = rng.pick(pool);
  return { ip: hostInPrefix(prefix, rng.int(0, 1_000_000)), prefix };
}

export const resourceOf = (sp: ServicePrincipal): ResourceRef => ({ appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id });

export interface ClientCredentialSignIn {
  readonly t: number;
  readonly sp: ServicePrincipal;
  readonly egress: Egress;
  readonly resource: ResourceRef;
  /** The credential presented; null when it matched none of the app's (a wrong secret or key)… */
  readonly credential: Credential | null;
  /** …and then what kind of credential it was. */
  readonly unmatched?: "clientSecret" | "clientAssertion";
  readonly userAgent: string;
  readonly failure?: SignInFailure;
  readonly conditionalAccess?: ConditionalAccessOutcome;
}

/** One client-credentials token request (secret, certificate assertion or federated credential). */
export function clientCredentialSignIn(env: RecordEnv, p: ClientCredentialSignIn): Row {
  const c = p.credential;
  const credentialType =
    c === null
      ? (p.unmatched ?? "clientSecret")
      : c.type === "Federated"
        ? "federatedIdentityCredential"
        : c.type === "AsymmetricX509Cert"
          ? "clientAssertion"
          : "clientSecret";
  return spSignIn(env, {
    t: p.t,
    sp: p.sp,
    egress: p.egress,
    resource: p.resource,
    keyId: c === null || c.type === "Federated" ? "" : c.keyId,
    thumbprint: c?.thumbprint ?? "",
    federatedCredentialId: c?.type === "Federated" ? c.keyId : "",
    credentialType,
    userAgent: p.userAgent,
    ...(p.failure === undefined ? {} : { failure: p.failure }),
    ...(p.conditionalAccess === undefined ? {} : { conditionalAccess: p.conditionalAccess }),
  });
}
