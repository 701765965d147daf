/**
 * Deviations from an identity's own history: first access to a critical resource, a stale credential reactivated, a sign-in surge after the owner became risky.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";

export const BASELINE_SCENARIOS: readonly ScenarioDefinition[] = [];
