/**
 * ARM deployment templates for the rule pack, one per resource, each taking the Log Analytics
 * workspace name as its only parameter:
 *   - a scheduled rule → Microsoft.SecurityInsights/alertRules, kind Scheduled (API 2023-02-01),
 *     an extension resource scoped to the workspace;
 *   - a hunting query → Microsoft.OperationalInsights/workspaces/savedSearches in the
 *     "Hunting Queries" category (how Sentinel stores hunting queries);
 *   - a watchlist → Microsoft.SecurityInsights/watchlists with its CSV as rawContent.
 * Schedules become ISO 8601 durations; MITRE sub-techniques become their parent technique (the
 * 2023-02-01 `techniques` property takes `Tnnnn` only); the trigger operator its enum name.
 */
import { formatIsoDuration, parseRuleDuration } from "../iso-duration.js";
import type { Rule } from "../rule.js";
import { ruleGuid, sentinelDocument } from "./sentinel-yaml.js";

export const ALERT_RULES_API_VERSION = "2023-02-01";
export const SAVED_SEARCHES_API_VERSION = "2020-08-01";
const DEPLOYMENT_SCHEMA = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
const WORKSPACE_SCOPE = "[concat('Microsoft.OperationalInsights/workspaces/', parameters('workspace'))]";

const OPERATORS = { gt: "GreaterThan", lt: "LessThan", eq: "Equal", ne: "NotEqual" } as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function template(resource: Json): Json {
  return {
    $schema: DEPLOYMENT_SCHEMA,
    contentVersion: "1.0.0.0",
    parameters: {
      workspace: { type: "string", metadata: { description: "Name of the Log Analytics workspace Microsoft Sentinel runs on" } },
    },
    resources: [resource],
  };
}

function isoDuration(value: unknown, fallback: string): string {
  const ms = typeof value === "string" ? parseRuleDuration(value) : undefined;
  return ms === undefined ? fallback : formatIsoDuration(ms);
}

/** `incidentConfiguration` with its lookbackDuration as ISO 8601 (the YAML writes `5h`). */
function incidentConfiguration(v: unknown): Json {
  const conf = (v ?? { createIncident: true }) as Record<string, Json>;
  const grouping = conf.groupingConfiguration as Record<string, Json> | undefined;
  if (grouping === undefined || grouping === null) return { createIncident: conf.createIncident ?? true };
  return {
    ...conf,
    groupingConfiguration: { ...grouping, lookbackDuration: isoDuration(grouping.lookbackDuration, "PT5H") },
  };
}

export function parentTechniques(techniques: readonly string[]): string[] {
  return [...new Set(techniques.map((t) => t.replace(/\.\d{3}$/, "")))];
}

/** A scheduled rule as a Microsoft.SecurityInsights/alertRules (kind Scheduled) deployment template. */
export function alertRuleTemplate(rule: Rule): Json {
  const doc = sentinelDocument(rule) as Record<string, unknown>;
  const properties: Record<string, Json> = {
    displayName: rule.title,
    description: String(doc.description ?? rule.title).trim(),
    severity: rule.severity,
    enabled: true,
    query: rule.query,
    queryFrequency: formatIsoDuration(rule.queryFrequencyMs),
    queryPeriod: formatIsoDuration(rule.queryPeriodMs),
    triggerOperator: OPERATORS[rule.triggerOperator],
    triggerThreshold: rule.triggerThreshold,
    suppressionDuration: isoDuration(doc.suppressionDuration, "PT5H"),
    suppressionEnabled: doc.suppressionEnabled === true,
    tactics: [...rule.tactics],
    techniques: parentTechniques(rule.techniques),
  };
  for (const k of ["entityMappings", "customDetails", "alertDetailsOverride", "eventGroupingSettings"] as const)
    if (doc[k] !== undefined && doc[k] !== null) properties[k] = doc[k] as Json;
  properties.incidentConfiguration = incidentConfiguration(doc.incidentConfiguration);
  if (typeof doc.version === "string") properties.templateVersion = doc.version;
  return template({
    type: "Microsoft.SecurityInsights/alertRules",
    apiVersion: ALERT_RULES_API_VERSION,
    name: ruleGuid(rule),
    scope: WORKSPACE_SCOPE,
    kind: "Scheduled",
    properties,
  });
}

/** A hunting query as a saved search in the workspace's "Hunting Queries" category. */
export function huntingQueryTemplate(rule: Rule): Json {
  const doc = sentinelDocument(rule) as Record<string, unknown>;
  return template({
    type: "Microsoft.OperationalInsights/workspaces/savedSearches",
    apiVersion: SAVED_SEARCHES_API_VERSION,
    name: `[concat(parameters('workspace'), '/${ruleGuid(rule)}')]`,
    properties: {
      category: "Hunting Queries",
      displayName: rule.title,
      query: rule.query,
      version: 2,
      tags: [
        { name: "description", value: String(doc.description ?? rule.title).trim() },
        { name: "tactics", value: rule.tactics.join(",") },
        { name: "techniques", value: parentTechniques(rule.techniques).join(",") },
      ],
    },
  });
}

export interface WatchlistSpec {
  readonly alias: string;
  readonly csv: string;
  readonly description: string;
}

/** A watchlist (alias, CSV content) as a Microsoft.SecurityInsights/watchlists template; the search key is the first column. */
export function watchlistTemplate(w: WatchlistSpec): Json {
  const header = w.csv.split(/\r?\n/)[0] ?? "";
  const searchKey = header.split(",")[0]?.replace(/^"|"$/g, "") ?? "";
  return template({
    type: "Microsoft.SecurityInsights/watchlists",
    apiVersion: ALERT_RULES_API_VERSION,
    name: w.alias,
    scope: WORKSPACE_SCOPE,
    properties: {
      displayName: w.alias,
      watchlistAlias: w.alias,
      description: w.description,
      provider: "widar",
      source: "Local file",
      itemsSearchKey: searchKey,
      contentType: "text/csv",
      numberOfLinesToSkip: 0,
      rawContent: w.csv,
    },
  });
}
