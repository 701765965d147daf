/**
 * Managed identities abused: off-hours use, lateral movement across resources, Key Vault / Storage access with new control-plane writes.
 *
 * A managed identity has no secret to steal: whoever runs code on the resource it belongs to (a
 * function app, a VM) asks the local token endpoint for tokens, and Entra logs each issuance in
 * AADManagedIdentitySignInLogs. What betrays the attacker is when and for what the identity asks.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";
import { type Emit, HOUR, MINUTE, enumParam, intParam, lastTime, spLabel } from "./scenario-kit.js";
import {
  DATA_APIS,
  dataApiRef,
  firstPartyRef,
  isWeekday,
  miToken,
  newManagedIdentity,
  startOfUtcDay,
  tenantManagedIdentity,
  withinOneHour,
} from "./managed-identity-kit.js";
import { miKeyVaultStorageWrites } from "./scenario-mi-keyvault-storage.js";
import type { ResourceRef } from "./tenant-model.js";

const DAY = 24 * HOUR;
const SECOND = 1000;

export const miOffHours: ScenarioDefinition = {
  name: "mi-off-hours",
  summary:
    "Someone holding the publishing credentials of the Berlin finance team's invoice-intake function app runs code in it late at night, and its managed identity, which for two weeks signed in only during office hours, requests tokens, for the first time also for Azure Resource Manager and Microsoft Graph",
  technique: "T1078.004",
  tactic: "PrivilegeEscalation",
  params: {
    variant: enumParam("what the night's tokens are for: new-resource adds ARM and Graph (RULE-05 High), usual-resource only Key Vault and Storage (Medium)", [
      "new-resource",
      "usual-resource",
    ]),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    // A consumption-plan function app: it cold-starts when staff upload invoices, and each cold
    // start fetches a Key Vault token (its configuration secrets) and a Storage token (the invoices).
    // It is not in the tenant model, so no benign generator gives it sign-ins at other hours.
    const mi = newManagedIdentity(rng, tenant, "func-eu-invoice-intake", "rg-finance-eu", "Microsoft.Web/sites");
    const keyVault = firstPartyRef(tenant, "keyVault");
    const storage = firstPartyRef(tenant, "storage");
    // 22:00-24:00 in Berlin (21:00-23:00 UTC): after RULE-05's business day ends at 19:00 UTC.
    let night = startOfUtcDay(at) + 21 * HOUR;
    if (at > night + 30 * MINUTE) night += DAY;
    const start = withinOneHour(Math.max(at, night) + rng.int(3, 25) * MINUTE, 10 * MINUTE);

    const context: Emit[] = [];
    for (let d = 10; d >= 1; d--) {
      const day = startOfUtcDay(start) - d * DAY;
      if (!isWeekday(day)) continue;
      // The Berlin office's working day, 08:00-18:00 local (07:00-17:00 UTC).
      const coldStarts = Array.from({ length: rng.int(3, 5) }, () => day + 7 * HOUR + rng.int(5, 590) * MINUTE + rng.int(0, 59) * SECOND).sort((a, b) => a - b);
      for (const t of coldStarts) context.push(miToken(env, mi, keyVault, t), miToken(env, mi, storage, t + rng.int(1, 4) * SECOND));
    }

    const resources: ResourceRef[] =
      params.variant === "usual-resource" ? [keyVault, storage, storage] : [keyVault, storage, firstPartyRef(tenant, "arm"), firstPartyRef(tenant, "graph")];
    const emits: Emit[] = [];
    let t = start;
    for (const r of resources) {
      emits.push(miToken(env, mi, r, t));
      t += rng.int(20, 150) * SECOND;
    }
    return {
      emits,
      context,
      identities: [spLabel("compromised", mi)],
      expectedRules: ["RULE-05"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
      notes:
        "The identity's baseline is the context: weekday token requests between 07:00 and 17:00 UTC over the ten days before the attack (the Berlin office's day, inside RULE-05's 07:00-19:00 UTC business hours). The identity is not in the tenant model, so the demo's benign sign-ins never put it off-hours.",
    };
  },
};

export const miLateralMovement: ScenarioDefinition = {
  name: "mi-lateral-movement",
  summary:
    "An attacker with code execution in the func-orders-prod function app uses its managed identity to request tokens within minutes for Azure Resource Manager, Microsoft Graph, Key Vault, Storage and the data APIs it can reach, most of which it never used before",
  technique: "T1526",
  tactic: "Discovery",
  params: {
    count: intParam("resources the sweep requests tokens for", 7, 5, 8),
    reach: enumParam("sensitive: ARM, Graph, Key Vault and Storage first (RULE-06 High); data-only: its usual resources and data APIs (Medium)", [
      "sensitive",
      "data-only",
    ]),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const mi = tenantManagedIdentity(tenant, ["func-orders-prod"], ["vm-build-agent-01"]);
    const usual = mi.signIn?.resources.length ? mi.signIn.resources : [firstPartyRef(tenant, "storage")];
    const count = Number(params.count);
    const sweep: ResourceRef[] =
      params.reach === "data-only"
        ? [...usual, ...DATA_APIS.slice(0, Math.min(DATA_APIS.length, Math.max(3, count - usual.length))).map((k) => dataApiRef(rng, k))]
        : [
            ...(["arm", "graph", "keyVault", "storage"] as const).map((k) => firstPartyRef(tenant, k)),
            ...DATA_APIS.map((k) => dataApiRef(rng, k)),
          ].slice(0, count);
    // A script looping over resource URIs: seconds apart, well inside one scheduled run.
    const start = withinOneHour(at + rng.int(1, 4) * MINUTE, 5 * MINUTE);
    const emits: Emit[] = [];
    let t = start;
    for (const r of sweep) {
      emits.push(miToken(env, mi, r, t));
      t += rng.int(3, 25) * SECOND;
    }
    // Its usual round-the-clock requests over the previous week (the demo's benign traffic has the same rhythm).
    const context: Emit[] = [];
    for (let c = start - 7 * DAY + rng.int(0, 90) * MINUTE; c < start - 30 * MINUTE; c += rng.int(60, 180) * MINUTE)
      context.push(miToken(env, mi, rng.pick(usual), c));
    return {
      emits,
      context,
      identities: [spLabel("compromised", mi)],
      expectedRules: ["RULE-06"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
      notes: `Baseline resources: ${usual.map((r) => r.displayName).join(", ")} (its benign profile, repeated in the context for a quiet tenant).`,
    };
  },
};

export const MANAGED_IDENTITY_SCENARIOS: readonly ScenarioDefinition[] = [miOffHours, miLateralMovement, miKeyVaultStorageWrites];
