/**
 * The bulk of the volume: workload-identity sign-ins with daily rhythms (business-hours apps,
 * flat SaaS traffic, cron jobs on their minute, nightly batch), and users' interactive sign-ins.
 *
 * Workload sign-ins are generated hour by hour and never held for more than an hour, which is
 * what keeps memory bounded at 10 million events. Each (identity, hour) has a weight — its rate,
 * the pattern's factor at that local hour, and stateless noise — and counts are allotted by
 * cumulative rounding of `target × weight / totalWeight`, so the total is exactly the target.
 */
import type { RecordEnv } from "./audit-records.js";
import { FIRST_PARTY_APPS } from "./directory-catalog.js";
import { Rng, hashUnit } from "./prng.js";
import type { Emit } from "./scenario-kit.js";
import { miSignIn, spSignIn, userSignIn } from "./signin-records.js";
import type { Credential, ServicePrincipal, Tenant, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Workload patterns follow the HQ's clock (Seattle, UTC-8). */
const TENANT_TZ = -8;

export interface Draft {
  readonly t: number;
  make(): Emit;
}

/** A pattern's relative activity in the hour starting at `utcHourStart` (1 at its peak). */
export function patternFactor(pattern: string, utcHourStart: number): number {
  const local = utcHourStart + TENANT_TZ * HOUR;
  const hour = Math.floor(local / HOUR) % 24;
  const weekday = new Date(local).getUTCDay() % 6 !== 0;
  switch (pattern) {
    case "business":
      if (!weekday) return 0.05;
      return hour >= 8 && hour < 18 ? 1 : hour === 7 || hour === 18 ? 0.4 : 0.05;
    case "nightly":
      return hour < 5 ? 1 : 0.1;
    default:
      return 1;
  }
}

const INVALID_SECRET = {
  code: "7000215",
  description: "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
};
const EXPIRED_SECRET = { code: "7000222", description: "The provided client secret keys for app are expired." };

export class WorkloadSignIns {
  private readonly streams: ServicePrincipal[];
  private readonly env: RecordEnv;
  private scale = 1;
  private cumulative = 0;
  private allotted = 0;
  private hourIndex = 0;
  /** The number of sign-ins this generator will produce over the period. */
  readonly total: number;

  constructor(
    private readonly seed: number,
    tenant: Tenant,
    private readonly start: number,
    private readonly end: number,
    target: number | null,
  ) {
    this.env = { tenant, rng: Rng.of(seed, "workload-signins") };
    this.streams = tenant.servicePrincipals.filter((sp) => sp.signIn !== null && sp.signIn.resources.length > 0);
    let weight = 0;
    for (let h = start, i = 0; h < end; h += HOUR, i++) for (let s = 0; s < this.streams.length; s++) weight += this.weight(s, h, i);
    this.scale = target === null ? 1 : weight > 0 ? target / weight : 0;
    this.total = Math.round(weight * this.scale);
  }

  private weight(s: number, hourStart: number, hourIndex: number): number {
    const p = this.streams[s]!.signIn!;
    return p.ratePerHour * patternFactor(p.pattern, hourStart) * (0.75 + 0.5 * hashUnit(this.seed, "w", s, hourIndex));
  }

  /** Appends the drafts of the hour starting at `hourStart` (hours must be asked in order). */
  draftsForHour(hourStart: number, out: Draft[]): void {
    if (hourStart < this.start || hourStart >= this.end) return;
    const { rng } = this.env;
    const i = this.hourIndex++;
    for (let s = 0; s < this.streams.length; s++) {
      this.cumulative += this.weight(s, hourStart, i) * this.scale;
      const n = Math.round(this.cumulative) - this.allotted;
      this.allotted += n;
      const sp = this.streams[s]!;
      const p = sp.signIn!;
      for (let k = 0; k < n; k++) {
        const t =
          p.pattern === "cron"
            ? hourStart + ((p.cronMinute * 60_000 + Math.floor((k * HOUR) / n)) % HOUR) + rng.int(0, 20_000)
            : hourStart + rng.int(0, HOUR - 1);
        out.push({ t, make: () => this.materialize(sp, t) });
      }
    }
  }

  private materialize(sp: ServicePrincipal, t: number): Emit {
    const { rng } = this.env;
    const p = sp.signIn!;
    const resource = p.resources.length === 1 ? p.resources[0]! : rng.pick(p.resources);
    if (sp.servicePrincipalType === "ManagedIdentity")
      return { t, table: "AADManagedIdentitySignInLogs", row: miSignIn(this.env, { t, sp, resource }) };
    const cred = currentCredential(sp, p.credentialType, t);
    let failure: { code: string; description: string } | undefined;
    if (cred !== undefined && cred.end !== null && cred.end <= t) failure = EXPIRED_SECRET;
    else if (p.credentialType === "clientSecret" && rng.chance(0.004)) failure = INVALID_SECRET;
    const row = spSignIn(this.env, {
      t,
      sp,
      egress: p.egress.length === 1 ? p.egress[0]! : rng.pick(p.egress),
      resource,
      keyId: cred?.type === "Federated" ? "" : (cred?.keyId ?? sp.foreignKeyId ?? ""),
      thumbprint: cred?.thumbprint ?? "",
      federatedCredentialId: cred?.type === "Federated" ? cred.keyId : "",
      credentialType: p.credentialType,
      userAgent: p.userAgent,
      ...(failure === undefined ? {} : { failure }),
    });
    return { t, table: "AADServicePrincipalSignInLogs", row };
  }
}

/** The credential a workload presents at `t`: its federated credential, certificate, or newest secret. */
function currentCredential(sp: ServicePrincipal, type: string, t: number): Credential | undefined {
  const creds = sp.app?.credentials;
  if (creds === undefined) return undefined;
  const wanted = type === "federatedIdentityCredential" ? "Federated" : type === "clientAssertion" ? "AsymmetricX509Cert" : "Password";
  let best: Credential | undefined;
  for (const c of creds) if (c.type === wanted && c.start <= t && (best === undefined || c.start >= best.start)) best = c;
  return best;
}

interface PlannedUserSignIn {
  readonly t: number;
  readonly user: User;
}

/** Interactive sign-ins: a handful per user on working days (their local 08:00-19:00), few on weekends. */
export function planUserSignIns(seed: number, tenant: Tenant, start: number, end: number): PlannedUserSignIn[] {
  const rng = Rng.of(seed, "user-signin-plan");
  const plan: PlannedUserSignIn[] = [];
  for (let day = start; day < end; day += DAY) {
    const weekday = new Date(day).getUTCDay() % 6 !== 0;
    for (const user of tenant.users) {
      const n = weekday ? rng.int(user.role === "staff" ? 1 : 2, user.role === "staff" ? 5 : 8) : rng.chance(0.15) ? 1 : 0;
      for (let k = 0; k < n; k++) {
        const t = day + (rng.int(8 * 60, 19 * 60) - user.tzOffsetHours * 60) * 60_000 + rng.int(0, 59_999);
        if (t >= start && t < end) plan.push({ t, user });
      }
    }
  }
  return plan.sort((a, b) => a.t - b.t);
}

type ClientKey = "azurePortal" | "graphPowerShell" | "azureCli" | "office" | "teams" | "outlookMobile";
const CLIENT_MIX: Record<User["role"], readonly [ClientKey[], number[]]> = {
  admin: [["azurePortal", "graphPowerShell", "office", "teams"], [4, 2, 2, 2]],
  engineer: [["azurePortal", "azureCli", "office", "teams"], [2, 3, 2, 3]],
  staff: [["office", "teams", "outlookMobile"], [5, 4, 2]],
};
const RESOURCE_OF: Record<ClientKey, "arm" | "graph" | "sharepoint" | "exchange"> = {
  azurePortal: "arm",
  graphPowerShell: "graph",
  azureCli: "arm",
  office: "sharepoint",
  teams: "graph",
  outlookMobile: "exchange",
};

export class UserSignIns {
  private readonly env: RecordEnv;

  constructor(seed: number, tenant: Tenant) {
    this.env = { tenant, rng: Rng.of(seed, "user-signins") };
  }

  make(t: number, user: User): Emit {
    const { rng, tenant } = this.env;
    const [clients, weights] = CLIENT_MIX[user.role];
    const client = rng.weighted(clients, weights);
    const resourceSp = tenant.firstParty[RESOURCE_OF[client]]!;
    const atOffice = user.office !== null && rng.chance(0.65);
    const egress = rng.chance(0.08) ? tenant.vpnGateway : atOffice ? rng.pick([...user.office!.egress, ...user.office!.egress6]) : user.home;
    const userAgent =
      client === "azurePortal" || client === "office"
        ? user.device.userAgent
        : client === "teams"
          ? USER_AGENTS.teamsDesktop
          : client === "outlookMobile"
            ? USER_AGENTS.iosOutlook
            : client === "azureCli"
              ? USER_AGENTS.azureCli
              : USER_AGENTS.graphPowerShell;
    const roll = rng.float();
    const failure =
      roll < 0.03
        ? { code: "50126", description: "Error validating credentials due to invalid username or password." }
        : roll < 0.05
          ? { code: "50074", description: "Strong Authentication is required." }
          : undefined;
    const row = userSignIn(this.env, {
      t,
      user,
      client: FIRST_PARTY_APPS[client],
      resource: { appId: resourceSp.appId, displayName: resourceSp.displayName, servicePrincipalId: resourceSp.id },
      egress,
      userAgent,
      clientAppUsed: client === "azurePortal" || client === "office" ? "Browser" : "Mobile Apps and Desktop clients",
      mfa: true,
      ...(failure === undefined ? {} : { failure }),
    });
    return { t, table: "SigninLogs", row };
  }
}
