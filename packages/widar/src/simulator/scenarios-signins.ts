/**
 * Attacks seen in service principal sign-ins: brute force, token replay, Conditional Access bypass, volume spike.
 */
import type { ScenarioDefinition } from "./scenario-kit.js";

export const SIGNIN_SCENARIOS: readonly ScenarioDefinition[] = [];
