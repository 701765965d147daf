/**
 * The scenario catalog and the `NAME[:at=ISO][,key=value…]` syntax the CLI accepts. ISO times
 * contain colons, so only the first colon separates the name from its parameters.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";
import { spBurstApp, spBurstUser, spCreatedNeverUsed, spCreatedUsedSameDay, spSigninNewCountry } from "./scenarios-creation.js";
import {
  credentialBackdoorCertificate,
  credentialBackdoorFederated,
  credentialBackdoorPassword,
  ownerThenCredential,
} from "./scenarios-credentials.js";
import { consentHighPrivilege, massPrivilegeEscalation, privilegedAppRoleGrant } from "./scenarios-permissions.js";
import { riskConfirmedCompromised, riskEscalation } from "./scenarios-risk.js";
import { APP_CHANGE_SCENARIOS } from "./scenarios-app-changes.js";
import { BASELINE_SCENARIOS } from "./scenarios-baseline.js";
import { MANAGED_IDENTITY_SCENARIOS } from "./scenarios-managed-identity.js";
import { SIGNIN_SCENARIOS } from "./scenarios-signins.js";
import { CREDENTIAL_ABUSE_SCENARIOS } from "./scenarios-credential-abuse.js";

export const SCENARIOS: readonly ScenarioDefinition[] = [
  spBurstUser,
  spBurstApp,
  credentialBackdoorPassword,
  credentialBackdoorCertificate,
  credentialBackdoorFederated,
  ownerThenCredential,
  consentHighPrivilege,
  privilegedAppRoleGrant,
  massPrivilegeEscalation,
  spSigninNewCountry,
  spCreatedUsedSameDay,
  spCreatedNeverUsed,
  riskEscalation,
  riskConfirmedCompromised,
  ...SIGNIN_SCENARIOS,
  ...MANAGED_IDENTITY_SCENARIOS,
  ...BASELINE_SCENARIOS,
  ...APP_CHANGE_SCENARIOS,
  ...CREDENTIAL_ABUSE_SCENARIOS,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

export function scenarioByName(name: string): ScenarioDefinition | undefined {
  return SCENARIOS.find((s) => s.name === name);
}

export interface ScenarioRequest {
  readonly name: string;
  /** ISO 8601; default: a slot spread over the period. */
  readonly at?: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** Parses `NAME[:at=ISO][,key=value…]`; throws with a one-line message on a bad spec. */
export function parseScenarioSpec(spec: string): ScenarioRequest {
  const colon = spec.indexOf(":");
  const name = colon < 0 ? spec : spec.slice(0, colon);
  const def = scenarioByName(name);
  if (def === undefined) throw new Error(`--scenario ${spec}: unknown scenario '${name}' (one of: ${SCENARIO_NAMES.join(", ")})`);
  const params: Record<string, string> = {};
  let at: string | undefined;
  if (colon >= 0)
    for (const part of spec.slice(colon + 1).split(",")) {
      const eq = part.indexOf("=");
      if (eq <= 0) throw new Error(`--scenario ${spec}: expected key=value, got '${part}'`);
      const key = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (key === "at") at = value;
      else params[key] = value;
    }
  return { name, ...(at === undefined ? {} : { at }), params };
}

/** The parameters with defaults filled in; throws on an unknown key or a bad value. */
export function resolveParams(def: ScenarioDefinition, given: Readonly<Record<string, string>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    const p = def.params[key];
    if (p === undefined) {
      const known = Object.keys(def.params);
      throw new Error(`scenario ${def.name}: unknown parameter '${key}'${known.length > 0 ? ` (has: at, ${known.join(", ")})` : " (has: at)"}`);
    }
    const problem = p.check(value);
    if (problem !== null) throw new Error(`scenario ${def.name}: ${key}=${value}: ${problem}`);
    out[key] = value;
  }
  for (const [key, p] of Object.entries(def.params)) if (!(key in out)) out[key] = p.default;
  return out;
}
