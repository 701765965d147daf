/**
 * High-volume benign AuditLogs: the directory churn of a real tenant (HR provisioning updating
 * users, group joins and leaves, Intune and device registration, password resets and session
 * revocations, enterprise-app assignments, admins tidying app tags and notes). Written only when
 * volume is asked for (`--events`, `--audit-events`): the default output has none of it.
 *
 * Streamed like the workload sign-ins (benign-signins.ts): each hour has a weight — a business-
 * hours rhythm on the tenant's clock over a round-the-clock floor of automation, times stateless
 * noise — and records are allotted by cumulative rounding of `target × weight / totalWeight`, so
 * the total is exactly the target and only one hour of drafts is ever held. In working hours most
 * activity is people's; at night and at weekends it is automation's (the two mixes below).
 */
import { type Draft, patternFactor } from "./benign-signins.js";
import { ACTIVITIES, type ChurnContext, type ChurnKind } from "./directory-churn-activities.js";
import { buildChurnCatalog } from "./directory-churn-catalog.js";
import { Rng, hashUnit } from "./prng.js";
import type { Tenant } from "./tenant-model.js";

const HOUR = 3_600_000;

/** With `--events` alone, this share of the records is directory churn (real tenants log roughly one audit record per ten SP sign-ins). */
export const CHURN_SHARE = 0.09;

/** The automation floor, relative to the working-hours peak of 1. */
const BACKGROUND = 0.15;

/**
 * Relative frequencies of activities (not records: a device registration writes four, a
 * successful password reset or change two). People's work in working hours...
 */
const WORKING: Readonly<Record<ChurnKind, number>> = {
  hrUpdateUser: 14,
  adminUpdateUser: 4,
  addMember: 10,
  removeMember: 5,
  updateGroup: 3,
  deviceCompliance: 8,
  deviceOsUpdate: 4,
  registerDevice: 3,
  revokeSessions: 3,
  resetPassword: 4,
  changePassword: 7,
  grantAppRole: 7,
  removeAppRole: 3,
  updateServicePrincipal: 3,
  updateApplication: 3,
};

/** ...and what automation keeps doing around the clock. */
const BACKGROUND_MIX: Readonly<Record<ChurnKind, number>> = {
  hrUpdateUser: 25,
  adminUpdateUser: 0,
  addMember: 10,
  removeMember: 6,
  updateGroup: 2,
  deviceCompliance: 30,
  deviceOsUpdate: 20,
  registerDevice: 1,
  revokeSessions: 0,
  resetPassword: 0,
  changePassword: 1,
  grantAppRole: 3,
  removeAppRole: 2,
  updateServicePrincipal: 0,
  updateApplication: 0,
};

interface Mix {
  readonly kinds: ChurnKind[];
  readonly weights: number[];
}

/** A mix without the kinds this tenant has nothing for (no enterprise apps, no app registrations). */
function mixFor(weights: Readonly<Record<ChurnKind, number>>, ctx: ChurnContext): Mix {
  const possible = (k: ChurnKind) =>
    k === "grantAppRole" || k === "removeAppRole"
      ? ctx.cat.enterpriseApps.length > 0
      : k === "updateApplication"
        ? ctx.cat.applications.length > 0
        : k === "updateServicePrincipal"
          ? ctx.cat.servicePrincipals.length > 0
          : true;
  const kinds = (Object.keys(weights) as ChurnKind[]).filter((k) => weights[k] > 0 && possible(k));
  return { kinds, weights: kinds.map((k) => weights[k]) };
}

export class DirectoryChurn {
  private readonly ctx: ChurnContext;
  private readonly working: Mix;
  private readonly background: Mix;
  private readonly scale: number;
  private cumulative = 0;
  private allotted = 0;
  private hourIndex = 0;
  /** The number of records this generator writes over the period (exactly the target). */
  readonly total: number;

  constructor(
    private readonly seed: number,
    tenant: Tenant,
    private readonly start: number,
    private readonly end: number,
    target: number,
  ) {
    this.ctx = {
      rng: Rng.of(seed, "directory-churn", "plan"),
      env: { tenant, rng: Rng.of(seed, "directory-churn", "records") },
      tenant,
      cat: buildChurnCatalog(Rng.of(seed, "directory-churn", "catalog"), tenant),
    };
    this.working = mixFor(WORKING, this.ctx);
    this.background = mixFor(BACKGROUND_MIX, this.ctx);
    let weight = 0;
    for (let h = start, i = 0; h < end; h += HOUR, i++) weight += this.weight(h, i);
    this.scale = weight > 0 ? target / weight : 0;
    this.total = weight > 0 ? target : 0;
  }

  private weight(hourStart: number, hourIndex: number): number {
    return (BACKGROUND + patternFactor("business", hourStart)) * (0.8 + 0.4 * hashUnit(this.seed, "churn", hourIndex, 0));
  }

  /** Appends the drafts of the hour starting at `hourStart` (hours must be asked in order). */
  draftsForHour(hourStart: number, out: Draft[]): void {
    if (hourStart < this.start || hourStart >= this.end) return;
    const i = this.hourIndex++;
    this.cumulative += this.weight(hourStart, i) * this.scale;
    // The last hour takes whatever rounding left, so the total is exact whatever the float error.
    const n = hourStart + HOUR >= this.end ? this.total - this.allotted : Math.round(this.cumulative) - this.allotted;
    this.allotted += n;
    const { rng } = this.ctx;
    const business = patternFactor("business", hourStart);
    const pWorking = business / (BACKGROUND + business);
    for (let left = n; left > 0; ) {
      const mix = rng.chance(pWorking) ? this.working : this.background;
      const steps = ACTIVITIES[rng.weighted(mix.kinds, mix.weights)](this.ctx);
      // Start early enough that the whole activity falls inside the hour; the hour's quota may
      // cut its last records (a registration without its "Register device").
      const t0 = hourStart + rng.int(0, HOUR - 1 - steps[steps.length - 1]!.dt);
      const take = Math.min(left, steps.length);
      for (let k = 0; k < take; k++) {
        const step = steps[k]!;
        const t = t0 + step.dt;
        out.push({ t, make: () => ({ t, table: "AuditLogs", row: step.build(t) }) });
      }
      left -= take;
    }
  }
}
