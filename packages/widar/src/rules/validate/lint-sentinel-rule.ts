/**
 * What Sentinel itself would refuse, or accept and then ignore, about a scheduled rule:
 *   WR106  query longer than 10,000 characters, or `search *` / `union *` (not allowed in rules)
 *   WR107  queryFrequency / queryPeriod outside 5 minutes – 14 days; suppressionDuration outside 5 minutes – 24 hours
 *   WR108  queryFrequency longer than queryPeriod (rows between runs are never looked at)
 *   WR109  entity mappings, custom details or alert-detail overrides naming a column the result lacks
 *   WR110  an entity type or identifier Sentinel does not know
 *   WR111  more than 10 entity mappings, 3 identifiers per entity, 20 custom details, or 3 columns in an alert name / description format
 * Limits: Microsoft Sentinel scheduled-rule documentation (query length 1–10,000 characters).
 */
import type { Diagnostic } from "@widar/kql";
import { formatRuleDuration, parseRuleDuration } from "../iso-duration.js";
import { type LintContext, fieldFinding, finding } from "./lint-context.js";

const MIN = 5 * 60_000;
const FOURTEEN_DAYS = 14 * 86_400_000;
const DAY = 86_400_000;

/** Entity types and their identifiers (Sentinel entity mapping, V3). */
export const ENTITY_IDENTIFIERS: Readonly<Record<string, readonly string[]>> = {
  Account: ["Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid"],
  AzureResource: ["ResourceId"],
  CloudApplication: ["AppId", "Name", "InstanceName"],
  DNS: ["DomainName"],
  File: ["Directory", "Name"],
  FileHash: ["Algorithm", "Value"],
  Host: ["DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"],
  IP: ["Address"],
  Mailbox: ["MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"],
  MailCluster: ["NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"],
  MailMessage: ["Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "BodyFingerprintBin1", "BodyFingerprintBin2", "BodyFingerprintBin3", "BodyFingerprintBin4", "BodyFingerprintBin5", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"],
  Malware: ["Name", "Category"],
  Process: ["ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"],
  RegistryKey: ["Hive", "Key"],
  RegistryValue: ["Name", "Value", "ValueType"],
  SecurityGroup: ["DistinguishedName", "SID", "ObjectGuid"],
  SubmissionMail: ["SubmissionId", "SubmissionDate", "Submitter", "NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType"],
  URL: ["Url"],
};

/** The rule-file field a schedule setting is written in (the seeds' header says Freq / Period). */
function fieldKey(ctx: LintContext, field: string): string {
  if (ctx.rule.format !== "kql-header") return field;
  return field === "queryFrequency" ? "freq" : field === "queryPeriod" ? "period" : field;
}

function durationFinding(ctx: LintContext, field: string, lo: number, hi: number): Diagnostic[] {
  let ms: number | undefined;
  if (field === "queryFrequency") ms = ctx.rule.queryFrequencyMs;
  else if (field === "queryPeriod") ms = ctx.rule.queryPeriodMs;
  else {
    const v = ctx.rule.sentinel[field];
    ms = typeof v === "string" ? parseRuleDuration(v) : undefined;
  }
  if (ms === undefined || Number.isNaN(ms) || (ms >= lo && ms <= hi)) return [];
  return [
    fieldFinding(ctx, fieldKey(ctx, field), "WR107", "error", `${field} ${formatRuleDuration(ms)} is outside Sentinel's range of ${formatRuleDuration(lo)} to ${formatRuleDuration(hi)}`),
  ];
}

/** `{{Column}}` references of an alert-detail format string. */
function formatColumns(format: unknown): string[] {
  return typeof format === "string" ? [...format.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)].map((m) => m[1]!) : [];
}

export function lintSentinelRule(ctx: LintContext): Diagnostic[] {
  const { rule } = ctx;
  if (rule.kind !== "scheduled") return [];
  const out: Diagnostic[] = [];
  if (rule.query.length > 10_000)
    out.push(fieldFinding(ctx, "query", "WR106", "error", `the query is ${rule.query.length} characters; Sentinel accepts at most 10,000`));
  for (const { node } of ctx.visits)
    if ((node.kind === "SearchOperator" || node.kind === "UnionOperator") && /^\s*(search|union)\s+\*/.test(rule.query.slice(node.start, node.end)))
      out.push(finding("WR106", "error", "Sentinel rules may not use `search *` or `union *`", node));
  out.push(...durationFinding(ctx, "queryFrequency", MIN, FOURTEEN_DAYS), ...durationFinding(ctx, "queryPeriod", MIN, FOURTEEN_DAYS));
  out.push(...durationFinding(ctx, "suppressionDuration", MIN, DAY));
  if (rule.queryFrequencyMs > rule.queryPeriodMs)
    out.push(
      fieldFinding(ctx, fieldKey(ctx, "queryFrequency"), "WR108", "warning",
        `queryFrequency ${formatRuleDuration(rule.queryFrequencyMs)} is longer than queryPeriod ${formatRuleDuration(rule.queryPeriodMs)}: rows between runs are never examined`),
    );

  const columns = ctx.resultSchema === undefined ? undefined : new Set(ctx.resultSchema.map((c) => c.name));
  const needColumn = (field: string, column: unknown, what: string) => {
    if (columns === undefined || typeof column !== "string" || columns.has(column)) return;
    out.push(fieldFinding(ctx, field, "WR109", "warning", `${what} names column '${column}', which the query's result does not have`));
  };
  const mappings = Array.isArray(rule.sentinel.entityMappings) ? (rule.sentinel.entityMappings as Record<string, unknown>[]) : [];
  if (mappings.length > 10) out.push(fieldFinding(ctx, "entityMappings", "WR111", "error", `${mappings.length} entity mappings; Sentinel allows 10`));
  for (const m of mappings) {
    const type = String(m?.entityType ?? "");
    const known = ENTITY_IDENTIFIERS[type];
    if (known === undefined) out.push(fieldFinding(ctx, "entityMappings", "WR110", "warning", `unknown entity type '${type}'`));
    const fields = Array.isArray(m?.fieldMappings) ? (m.fieldMappings as Record<string, unknown>[]) : [];
    if (fields.length > 3) out.push(fieldFinding(ctx, "entityMappings", "WR111", "error", `${type} maps ${fields.length} identifiers; Sentinel allows 3`));
    for (const f of fields) {
      const id = String(f?.identifier ?? "");
      if (known !== undefined && !known.includes(id))
        out.push(fieldFinding(ctx, "entityMappings", "WR110", "warning", `'${id}' is not an identifier of the ${type} entity (${known.join(", ")})`));
      needColumn("entityMappings", f?.columnName, `the ${type} entity's ${id}`);
    }
  }
  const details = rule.sentinel.customDetails;
  if (details !== null && typeof details === "object" && !Array.isArray(details)) {
    const entries = Object.entries(details as Record<string, unknown>);
    if (entries.length > 20) out.push(fieldFinding(ctx, "customDetails", "WR111", "error", `${entries.length} custom details; Sentinel allows 20`));
    for (const [key, column] of entries) needColumn("customDetails", column, `custom detail '${key}'`);
  }
  const override = rule.sentinel.alertDetailsOverride as Record<string, unknown> | undefined;
  if (override !== null && typeof override === "object") {
    for (const key of ["alertDisplayNameFormat", "alertDescriptionFormat"]) {
      const cols = formatColumns(override[key]);
      if (cols.length > 3) out.push(fieldFinding(ctx, "alertDetailsOverride", "WR111", "error", `${key} uses ${cols.length} columns; Sentinel allows 3`));
      for (const c of cols) needColumn("alertDetailsOverride", c, key);
    }
    if (typeof override.alertDisplayNameFormat === "string" && override.alertDisplayNameFormat.length > 256)
      out.push(fieldFinding(ctx, "alertDetailsOverride", "WR111", "error", "alertDisplayNameFormat is longer than 256 characters"));
    for (const key of ["alertSeverityColumnName", "alertTacticsColumnName"]) needColumn("alertDetailsOverride", override[key], key);
  }
  return out;
}
