/**
 * The tenant simulator: a deterministic, seeded Entra ID tenant whose logs look like a real
 * one's, with labelled attack scenarios. `simulate()` writes one file per table plus
 * NetworkAllowlist.csv, tenant.json, ground-truth.json and manifest.json.
 */
export { simulate, type SimulationResult } from "./simulate.js";
export {
  DEFAULT_DAYS,
  DEFAULT_END,
  DEFAULT_IDENTITIES,
  DEFAULT_SEED,
  type Progress,
  type SimulateOptions,
  SimulationOptionError,
} from "./options.js";
export { SCENARIOS, SCENARIO_NAMES, type ScenarioRequest, parseScenarioSpec, scenarioByName } from "./scenarios.js";
export type { ScenarioDefinition } from "./scenario-kit.js";
export type { GroundTruth, Manifest, TableEntry } from "./ground-truth.js";
export { RULE_DESCRIPTIONS, type BenignLabel, type LabelledIdentity, type RuleId, type ScenarioLabel } from "./labels.js";
export { TABLES, TABLE_NAMES, type ColumnSpec, type ColumnType, type TableName, type TableSpec, recordKey, deriveSeedRow } from "./tables.js";
export { OUTPUT_FORMATS, type OutputFormat, fileNameFor } from "./table-writer.js";
export {
  HIGH_RISK_COUNTRIES,
  NETWORK_PREFIXES,
  type NetworkKind,
  type NetworkPrefix,
  ipToInt,
  intToIp,
  isHighRisk,
  lookupNetwork,
  parseCidr,
} from "../enrich/network-data.js";
export { USER_AGENTS } from "./user-agents.js";
export { buildTenant } from "./build-tenant.js";
export type { Tenant } from "./tenant-model.js";
