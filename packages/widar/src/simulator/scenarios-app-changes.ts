/**
 * Changes to applications, roles and policies: long-lived secret, redirect URI, multi-tenant, directory role to an SP, Conditional Access excluding workload identities.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";

export const APP_CHANGE_SCENARIOS: readonly ScenarioDefinition[] = [];
