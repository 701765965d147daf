/**
 * Managed identities abused: off-hours use, lateral movement across resources, Key Vault / Storage access with new control-plane writes.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";

export const MANAGED_IDENTITY_SCENARIOS: readonly ScenarioDefinition[] = [];
