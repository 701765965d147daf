/**
 * A rule as the Sentinel analytic-rule (or hunting-query) YAML document the Azure-Sentinel
 * repository uses: Sentinel's keys only, in that repository's order, widar's own keys left out.
 * A YAML rule exports its Sentinel fields exactly as written; a `.kql` rule (the seeds' header
 * form) gets them from its header and its `.widar.yaml` sidecar, and its whole file as the query.
 */
import { createHash } from "node:crypto";
import { formatRuleDuration } from "../iso-duration.js";
import type { Rule } from "../rule.js";
import { SENTINEL_KEY_ORDER } from "../sentinel-fields.js";
import type { YamlPlain } from "../yaml/yaml-writer.js";


/** A stable GUID for a rule that has none (name-based, like UUID v5: same id, same GUID). */
export function ruleGuid(rule: Pick<Rule, "id" | "sentinelId">): string {
  if (rule.sentinelId !== undefined) return rule.sentinelId;
  const h = createHash("sha1").update(`widar-rule:${rule.id}`).digest("hex");
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** Data connectors for the tables a rule declares (Azure-Sentinel's connector ids). */
function connectorsFor(tables: readonly string[]): YamlPlain[] {
  const byConnector = new Map<string, string[]>();
  for (const t of tables) {
    const id = t === "AzureActivity" ? "AzureActivity" : t === "CloudAppEvents" ? "MicrosoftThreatProtection" : "AzureActiveDirectory";
    byConnector.set(id, [...(byConnector.get(id) ?? []), t]);
  }
  return [...byConnector].map(([connectorId, dataTypes]) => ({ connectorId, dataTypes }));
}

function ordered(doc: Record<string, unknown>): Record<string, YamlPlain> {
  const out: Record<string, YamlPlain> = {};
  for (const k of SENTINEL_KEY_ORDER) if (doc[k] !== undefined) out[k] = doc[k] as YamlPlain;
  for (const [k, v] of Object.entries(doc)) if (!(k in out) && v !== undefined) out[k] = v as YamlPlain;
  return out;
}

/** The Sentinel document of a rule (plain values, ready for stringifyYaml). */
export function sentinelDocument(rule: Rule): Record<string, YamlPlain> {
  if (rule.format === "sentinel-yaml") return ordered({ ...rule.sentinel, id: ruleGuid(rule) });
  const s = rule.sentinel;
  const scheduled = rule.kind === "scheduled";
  return ordered({
    id: ruleGuid(rule),
    name: rule.title,
    description: rule.description ?? rule.title,
    severity: rule.severity,
    requiredDataConnectors: s.requiredDataConnectors ?? connectorsFor(rule.tables),
    queryFrequency: scheduled ? formatRuleDuration(rule.queryFrequencyMs) : undefined,
    queryPeriod: scheduled ? formatRuleDuration(rule.queryPeriodMs) : undefined,
    triggerOperator: scheduled ? rule.triggerOperator : undefined,
    triggerThreshold: scheduled ? rule.triggerThreshold : undefined,
    tactics: [...rule.tactics],
    relevantTechniques: [...rule.techniques],
    query: rule.query,
    entityMappings: s.entityMappings,
    customDetails: s.customDetails,
    alertDetailsOverride: s.alertDetailsOverride,
    eventGroupingSettings: s.eventGroupingSettings,
    incidentConfiguration: s.incidentConfiguration,
    suppressionDuration: s.suppressionDuration,
    suppressionEnabled: s.suppressionEnabled,
    version: s.version ?? "1.0.0",
    kind: scheduled ? "Scheduled" : undefined,
  });
}
