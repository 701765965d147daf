/**
 * The shape of a mapping table: how the records of one source dialect become the rows of one
 * Log Analytics table. Mapping tables are data (one file per table in this folder), read by
 * ../record-mapper.ts to load and by ../export-records.ts to write the same rows back out.
 *
 * A pair `[path, column]` says: the value at `path` in the source record (dot-separated member
 * names from the record's top, exactly as Microsoft spells them) fills LA column `column`.
 * - Several paths may fill one column: the first that is present (neither missing nor null)
 *   wins, in the order listed; the first is also the one written on export.
 * - One path may fill several columns (Graph's `createdDateTime` is both the event's time and
 *   `TimeGenerated`, which Graph, having no ingestion time, does not carry).
 * Values are coerced to the column's type by the engine (an object into a string column
 * becomes its compact JSON text, as Log Analytics stores it).
 */
import type { Schema } from "@widar/kql";

export type FieldPair = readonly [path: string, column: string];

export interface DialectMapping {
  readonly fields: readonly FieldPair[];
  /** Columns that have one value for every record of this source (`Type`, `SourceSystem`). */
  readonly constants?: Readonly<Record<string, string>>;
  /**
   * Columns whose source holds an enumeration's code: code (as text) → the value Log Analytics
   * shows. A value that is not a listed code passes through unchanged.
   */
  readonly codes?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Paths whose value the source writes as a JSON number (export writes numeric text so). */
  readonly numeric?: readonly string[];
  /**
   * Source fields that hold one value in every record of this source and fill no column (the
   * Defender stream's `operationName: "Publish"`): written on export so that a written record
   * looks like a real one, and never reported as unread on load.
   */
  readonly sourceConstants?: Readonly<Record<string, string>>;
}

/** Azure Monitor diagnostic settings (storage account, Event Hub): `{time, category, properties}`. */
export interface DiagnosticMapping extends DialectMapping {
  /** The diagnostic-setting categories whose records belong to the table (matched ignoring case). */
  readonly categories: readonly string[];
}

export type GraphResource = "directoryAudit" | "signIn" | "riskyServicePrincipal" | "servicePrincipalRiskDetection" | "riskyUser";

/** Microsoft Graph objects, as `value` arrays of the endpoints' pages. */
export interface GraphMapping extends DialectMapping {
  readonly resource: GraphResource;
  /** signIn only: the `signInEventTypes` value of the table's sign-ins. */
  readonly signInEventType?: "interactiveUser" | "nonInteractiveUser" | "servicePrincipal" | "managedIdentity";
}

/** Rows of another Log Analytics table, renamed (a seed table fed from the table it derives from). */
export interface LogAnalyticsMapping extends DialectMapping {
  /** The table the records come from (their `Type`). */
  readonly fromTable: string;
}

export interface TableMapping {
  /** The table the rows are loaded into. */
  readonly table: string;
  /** Its schema, for tables that are not in the Log Analytics catalog (the seed tables). */
  readonly schema?: Schema;
  readonly diagnostic?: DiagnosticMapping;
  readonly graph?: GraphMapping;
  readonly logAnalytics?: LogAnalyticsMapping;
  /**
   * The Azure Activity log's REST event (`EventData`: `eventTimestamp`, `operationName` and
   * `category` as `{value, localizedValue}` objects), as the REST API, `az monitor activity-log
   * list` and the portal's JSON export write it.
   */
  readonly activityEvent?: DialectMapping;
}
