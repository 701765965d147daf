/**
 * What the store keeps, as the rest of widar sees it: alerts (with their entities, custom
 * details and the result rows they cover), incidents (with the analyst's status, owner,
 * classification and comments), rule runs (Sentinel's rule health) and checkpoints.
 *
 * Times are Unix milliseconds in memory and ISO 8601 text (`…T…Z`, milliseconds) in the
 * database, which sorts as time does. Everything detection writes is stamped with the run's
 * scheduled time (its window end), not the wall clock, so a replay is reproducible; what an
 * analyst does (status, comments) is stamped with the wall clock.
 */
import type { Json } from "@widar/kql";

export type Severity = "Informational" | "Low" | "Medium" | "High";
export const SEVERITY_ORDER: readonly Severity[] = ["Informational", "Low", "Medium", "High"];

/** An entity as Sentinel writes it in SecurityAlert.Entities: `Type` plus its identifiers. */
export interface Entity {
  /** Sentinel's JSON type name: `account`, `ip`, `cloud-application`, `azure-resource`, … */
  readonly Type: string;
  readonly [identifier: string]: string;
}

/** How an alert covers its run's result rows. */
export type AlertKind = "single" | "result" | "summary";

export interface Alert {
  /** Deterministic: a GUID made from the rule, the window end and the result-row key. */
  readonly alertId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  readonly sentinelRuleId?: string;
  /** Where the rule ran: `local`, `workspace:<id>`, `adx:<cluster>/<database>`. */
  readonly source: string;
  readonly severity: Severity;
  readonly displayName: string;
  readonly description: string;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  /** The run's window `(windowStart, windowEnd]`; windowEnd is the run's "now". */
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  /** The earliest and latest TimeGenerated of the rows covered (the window when they have none). */
  readonly startTimeMs: number;
  readonly endTimeMs: number;
  readonly eventGrouping: "SingleAlert" | "AlertPerResult";
  readonly kind: AlertKind;
  readonly entities: readonly Entity[];
  /** Custom details: key → the values of its column in the rows covered. */
  readonly customDetails: Readonly<Record<string, readonly Json[]>>;
  /** alertDynamicProperties: SecurityAlert property → value. */
  readonly dynamicProperties: Readonly<Record<string, string>>;
  /** Sentinel's ExtendedProperties (query window, trigger, rule ids, custom details). */
  readonly extendedProperties: Readonly<Record<string, string>>;
  /** The result rows the alert covers, column → value as `widar query --format json` prints it. */
  readonly rows: readonly Readonly<Record<string, Json>>[];
  /** The run's whole result row count (a summary alert covers them all). */
  readonly resultCount: number;
  readonly incidentId?: string;
}

export type IncidentStatus = "New" | "Active" | "Closed";
export type Classification = "TruePositive" | "BenignPositive" | "FalsePositive" | "Undetermined";
export type ClassificationReason = "SuspiciousActivity" | "SuspiciousButExpected" | "IncorrectAlertLogic" | "InaccurateData";

/** Sentinel's classification values, and the reasons each allows. */
export const CLASSIFICATIONS: Readonly<Record<Classification, readonly ClassificationReason[]>> = {
  TruePositive: ["SuspiciousActivity"],
  BenignPositive: ["SuspiciousButExpected"],
  FalsePositive: ["IncorrectAlertLogic", "InaccurateData"],
  Undetermined: [],
};

export interface IncidentComment {
  readonly createdMs: number;
  readonly author: string;
  readonly message: string;
}

export interface Incident {
  readonly incidentId: string;
  readonly incidentNumber: number;
  readonly ruleId: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly status: IncidentStatus;
  readonly owner?: string;
  readonly classification?: Classification;
  readonly classificationReason?: ClassificationReason;
  readonly classificationComment?: string;
  readonly createdMs: number;
  readonly firstActivityMs: number;
  readonly lastActivityMs: number;
  readonly lastModifiedMs: number;
  readonly closedMs?: number;
  readonly alertCount: number;
  readonly tactics: readonly string[];
  readonly techniques: readonly string[];
  /** Distinct entities of its alerts. */
  readonly entities: readonly Entity[];
  /** What the incident's alerts were grouped by (null: one alert, no grouping). */
  readonly groupingKey: string | null;
}

export type RunStatus = "Success" | "Failure" | "Suppressed";

/** One scheduled run of a rule (Sentinel's "Scheduled analytics rule run" health record). */
export interface RuleRun {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly source: string;
  readonly windowStartMs: number;
  readonly windowEndMs: number;
  readonly status: RunStatus;
  readonly resultCount: number;
  readonly alertCount: number;
  readonly entityCount: number;
  readonly durationMs: number;
  /** Wall-clock time the run executed. */
  readonly executedMs: number;
  readonly diagnosticCode?: string;
  readonly message?: string;
  readonly settings: Readonly<Record<string, string>>;
}
