/**
 * A rule's Sentinel alert and incident settings, read from its fields (rule.sentinel) with
 * Sentinel's defaults and limits:
 *   - eventGroupingSettings.aggregationKind: SingleAlert (default) or AlertPerResult;
 *   - alertDetailsOverride: name / description formats with {{Column}} placeholders, severity and
 *     tactics columns, alertDynamicProperties;
 *   - entityMappings: at most 10 mappings of 3 identifiers each;
 *   - customDetails: at most 20;
 *   - suppressionEnabled / suppressionDuration (at most 24 hours);
 *   - incidentConfiguration: createIncident (default true), groupingConfiguration (default off;
 *     lookback 5 hours; AllEntities, AnyAlert or Selected).
 * What exceeds a limit or is malformed is left out with a warning (WR3xx): Sentinel would refuse
 * to save such a rule, widar still runs the rest of it.
 */
import type { Diagnostic } from "@widar/kql";
import { parseRuleDuration } from "../rules/iso-duration.js";
import type { Rule } from "../rules/rule.js";

export const MAX_ENTITY_MAPPINGS = 10;
export const MAX_IDENTIFIERS = 3;
export const MAX_CUSTOM_DETAILS = 20;
export const MAX_ALERTS_PER_RUN = 150;
export const MAX_ALERTS_PER_INCIDENT = 150;
export const MAX_SUPPRESSION_MS = 24 * 3_600_000;
export const DEFAULT_GROUPING_LOOKBACK_MS = 5 * 3_600_000;

export interface EntityMapping {
  readonly entityType: string;
  readonly fieldMappings: readonly { readonly identifier: string; readonly columnName: string }[];
}

export type MatchingMethod = "AllEntities" | "AnyAlert" | "Selected";

export interface IncidentSettings {
  readonly createIncident: boolean;
  readonly groupingEnabled: boolean;
  readonly lookbackMs: number;
  readonly matchingMethod: MatchingMethod;
  readonly groupByEntities: readonly string[];
  readonly groupByAlertDetails: readonly ("DisplayName" | "Severity")[];
  readonly groupByCustomDetails: readonly string[];
  readonly reopenClosedIncident: boolean;
}

export interface AlertSettings {
  readonly aggregationKind: "SingleAlert" | "AlertPerResult";
  readonly displayNameFormat?: string;
  readonly descriptionFormat?: string;
  readonly severityColumn?: string;
  readonly tacticsColumn?: string;
  readonly dynamicProperties: readonly { readonly property: string; readonly column: string }[];
  readonly entityMappings: readonly EntityMapping[];
  readonly customDetails: readonly (readonly [key: string, column: string])[];
  readonly suppressionMs: number;
  readonly incident: IncidentSettings;
}

/** The SecurityAlert properties alertDynamicProperties may set. */
export const DYNAMIC_PROPERTIES = [
  "AlertLink",
  "ConfidenceLevel",
  "ConfidenceScore",
  "ExtendedLinks",
  "ProductComponentName",
  "ProductName",
  "ProviderName",
  "RemediationSteps",
  "Techniques",
  "SubTechniques",
] as const;

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function readAlertSettings(rule: Rule): { settings: AlertSettings; diagnostics: Diagnostic[] } {
  const s = rule.sentinel;
  const diagnostics: Diagnostic[] = [];
  const warn = (field: string, code: string, message: string) =>
    diagnostics.push({ code, severity: "warning", message, file: rule.file, line: rule.fieldLines[field] ?? 1 });

  const grouping = obj(s.eventGroupingSettings);
  const kind = grouping?.aggregationKind;
  const aggregationKind = kind === "AlertPerResult" ? "AlertPerResult" : "SingleAlert";
  if (kind !== undefined && kind !== "AlertPerResult" && kind !== "SingleAlert")
    warn("eventGroupingSettings", "WR301", `unknown aggregationKind '${String(kind)}': SingleAlert is used`);

  const details = obj(s.alertDetailsOverride) ?? {};
  const dynamicProperties: { property: string; column: string }[] = [];
  for (const p of Array.isArray(details.alertDynamicProperties) ? details.alertDynamicProperties : []) {
    const property = str(obj(p)?.alertProperty);
    const column = str(obj(p)?.value);
    if (property === undefined || column === undefined || !(DYNAMIC_PROPERTIES as readonly string[]).includes(property))
      warn("alertDetailsOverride", "WR302", `alertDynamicProperties: '${String(property)}' is not a property Sentinel lets a rule set; left out`);
    else dynamicProperties.push({ property, column });
  }

  const entityMappings: EntityMapping[] = [];
  const mappings = Array.isArray(s.entityMappings) ? s.entityMappings : [];
  if (mappings.length > MAX_ENTITY_MAPPINGS)
    warn("entityMappings", "WR303", `${mappings.length} entity mappings: Sentinel allows ${MAX_ENTITY_MAPPINGS}; the rest are left out`);
  for (const m of mappings.slice(0, MAX_ENTITY_MAPPINGS)) {
    const entityType = str(obj(m)?.entityType);
    const fields = (Array.isArray(obj(m)?.fieldMappings) ? (obj(m)!.fieldMappings as unknown[]) : [])
      .map((f) => ({ identifier: str(obj(f)?.identifier), columnName: str(obj(f)?.columnName) }))
      .filter((f): f is { identifier: string; columnName: string } => f.identifier !== undefined && f.columnName !== undefined);
    if (entityType === undefined || fields.length === 0) {
      warn("entityMappings", "WR304", "an entity mapping needs an entityType and at least one identifier with a columnName; left out");
      continue;
    }
    if (fields.length > MAX_IDENTIFIERS)
      warn("entityMappings", "WR303", `${entityType}: ${fields.length} identifiers; Sentinel allows ${MAX_IDENTIFIERS}, the rest are left out`);
    entityMappings.push({ entityType, fieldMappings: fields.slice(0, MAX_IDENTIFIERS) });
  }

  const custom = Object.entries(obj(s.customDetails) ?? {}).filter((e): e is [string, string] => typeof e[1] === "string");
  if (custom.length > MAX_CUSTOM_DETAILS)
    warn("customDetails", "WR303", `${custom.length} custom details: Sentinel allows ${MAX_CUSTOM_DETAILS}; the rest are left out`);

  let suppressionMs = 0;
  if (s.suppressionEnabled === true) {
    const d = typeof s.suppressionDuration === "string" ? parseRuleDuration(s.suppressionDuration) : undefined;
    if (d === undefined || d <= 0) warn("suppressionDuration", "WR305", "suppressionEnabled without a valid suppressionDuration: no suppression");
    else {
      if (d > MAX_SUPPRESSION_MS) warn("suppressionDuration", "WR305", "suppressionDuration longer than 24 hours: 24 hours is used, as Sentinel's limit");
      suppressionMs = Math.min(d, MAX_SUPPRESSION_MS);
    }
  }

  return {
    settings: {
      aggregationKind,
      ...(str(details.alertDisplayNameFormat) === undefined ? {} : { displayNameFormat: str(details.alertDisplayNameFormat)! }),
      ...(str(details.alertDescriptionFormat) === undefined ? {} : { descriptionFormat: str(details.alertDescriptionFormat)! }),
      ...(str(details.alertSeverityColumnName) === undefined ? {} : { severityColumn: str(details.alertSeverityColumnName)! }),
      ...(str(details.alertTacticsColumnName) === undefined ? {} : { tacticsColumn: str(details.alertTacticsColumnName)! }),
      dynamicProperties,
      entityMappings,
      customDetails: custom.slice(0, MAX_CUSTOM_DETAILS),
      suppressionMs,
      incident: readIncidentSettings(obj(s.incidentConfiguration), warn),
    },
    diagnostics,
  };
}

function readIncidentSettings(conf: Record<string, unknown> | undefined, warn: (field: string, code: string, message: string) => void): IncidentSettings {
  const g = obj(conf?.groupingConfiguration);
  const method = g?.matchingMethod;
  const matchingMethod: MatchingMethod = method === "AnyAlert" || method === "Selected" ? method : "AllEntities";
  if (method !== undefined && method !== matchingMethod) warn("incidentConfiguration", "WR306", `unknown matchingMethod '${String(method)}': AllEntities is used`);
  let lookbackMs = DEFAULT_GROUPING_LOOKBACK_MS;
  if (g?.lookbackDuration !== undefined) {
    const d = typeof g.lookbackDuration === "string" ? parseRuleDuration(g.lookbackDuration) : undefined;
    if (d === undefined || d <= 0) warn("incidentConfiguration", "WR306", "grouping lookbackDuration is not a duration: 5 hours is used");
    else lookbackMs = d;
  }
  const details = strings(g?.groupByAlertDetails).filter((d): d is "DisplayName" | "Severity" => d === "DisplayName" || d === "Severity");
  const settings: IncidentSettings = {
    createIncident: conf?.createIncident !== false,
    groupingEnabled: g?.enabled === true,
    lookbackMs,
    matchingMethod,
    groupByEntities: strings(g?.groupByEntities),
    groupByAlertDetails: details,
    groupByCustomDetails: strings(g?.groupByCustomDetails),
    reopenClosedIncident: g?.reopenClosedIncident === true,
  };
  if (
    settings.groupingEnabled &&
    matchingMethod === "Selected" &&
    settings.groupByEntities.length + settings.groupByAlertDetails.length + settings.groupByCustomDetails.length === 0
  )
    warn("incidentConfiguration", "WR306", "matchingMethod Selected with nothing selected (Sentinel refuses it): every alert gets its own incident");
  return settings;
}
