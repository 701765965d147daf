/** The top-level fields of Sentinel's rule YAML: the order export writes them in, and the set a rule file may use. */

/** Azure-Sentinel's key order for analytic rules (hunting queries use the applicable subset). */
export const SENTINEL_KEY_ORDER: readonly string[] = [
  "id",
  "name",
  "description",
  "severity",
  "status",
  "requiredDataConnectors",
  "queryFrequency",
  "queryPeriod",
  "triggerOperator",
  "triggerThreshold",
  "tactics",
  "relevantTechniques",
  "query",
  "entityMappings",
  "customDetails",
  "alertDetailsOverride",
  "eventGroupingSettings",
  "incidentConfiguration",
  "suppressionDuration",
  "suppressionEnabled",
  "version",
  "kind",
  "metadata",
];

/**
 * The top-level fields of Sentinel's analytic-rule and hunting-query YAML (the Azure-Sentinel
 * repository's, and the alertRules properties a rule may carry over). Any other key is refused
 * (WR014): export would carry it into an ARM template Sentinel rejects, or, misspelt, silently
 * drop a setting (`supressionEnabled`).
 */
export const SENTINEL_FIELDS: readonly string[] = [
  ...SENTINEL_KEY_ORDER,
  // Hunting queries' longer description.
  "description-detailed",
  "subTechniques",
  "sentinelEntitiesMappings",
  "tags",
];
