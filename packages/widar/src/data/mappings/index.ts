/**
 * Every mapping table, and the lookups the loader needs: which table a diagnostic category or a
 * Graph object belongs to, and how a given table is filled from a given source.
 */
import { createHash } from "node:crypto";
import { AUDIT_LOGS } from "./audit-logs.js";
import { AZURE_ACTIVITY } from "./azure-activity.js";
import { CLOUD_APP_EVENTS } from "./cloud-app-events.js";
import { GRAPH_ACTIVITY_LOGS } from "./graph-activity-logs.js";
import { MI_SIGNIN_LOGS } from "./mi-signin-logs.js";
import { NON_INTERACTIVE_SIGNIN_LOGS } from "./non-interactive-signin-logs.js";
import { RISKY_SERVICE_PRINCIPALS } from "./risky-service-principals.js";
import { RISKY_USERS } from "./risky-users.js";
import { SEED_RISKY_SERVICE_PRINCIPALS, SEED_SP_RISK_EVENTS } from "./seed-risk-tables.js";
import { SIGNIN_LOGS } from "./signin-logs.js";
import { SP_RISK_EVENTS } from "./sp-risk-events.js";
import { SP_SIGNIN_LOGS } from "./sp-signin-logs.js";
import type { GraphResource, TableMapping } from "./types.js";

export type { DiagnosticMapping, DialectMapping, FieldPair, GraphMapping, GraphResource, LogAnalyticsMapping, TableMapping } from "./types.js";

/** The Log Analytics tables, each the natural home of its sources' records. */
export const LOG_ANALYTICS_MAPPINGS: readonly TableMapping[] = [
  AUDIT_LOGS,
  SIGNIN_LOGS,
  NON_INTERACTIVE_SIGNIN_LOGS,
  SP_SIGNIN_LOGS,
  MI_SIGNIN_LOGS,
  RISKY_SERVICE_PRINCIPALS,
  SP_RISK_EVENTS,
  RISKY_USERS,
  GRAPH_ACTIVITY_LOGS,
  CLOUD_APP_EVENTS,
  AZURE_ACTIVITY,
];

/** Tables fed from the same sources under other names (the seed rules' tables). */
export const DERIVED_MAPPINGS: readonly TableMapping[] = [SEED_RISKY_SERVICE_PRINCIPALS, SEED_SP_RISK_EVENTS];

const BY_TABLE = new Map<string, TableMapping>([...LOG_ANALYTICS_MAPPINGS, ...DERIVED_MAPPINGS].map((m) => [m.table, m]));

/** The mapping that fills `table`, if widar has one. */
export function mappingFor(table: string): TableMapping | undefined {
  return BY_TABLE.get(table);
}

/** The Log Analytics table a diagnostic category's records belong to (category matched ignoring case). */
export function tableForCategory(category: string): TableMapping | undefined {
  const c = category.toLowerCase();
  return LOG_ANALYTICS_MAPPINGS.find((m) => m.diagnostic?.categories.some((x) => x.toLowerCase() === c));
}

/** The Log Analytics table a Graph object belongs to. */
export function tableForGraph(resource: GraphResource, signInEventType?: string): TableMapping | undefined {
  return LOG_ANALYTICS_MAPPINGS.find((m) => m.graph?.resource === resource && (resource !== "signIn" || m.graph.signInEventType === signInEventType));
}

/** The table the Azure Activity log's REST events belong to. */
export function tableForActivityEvent(): TableMapping | undefined {
  return LOG_ANALYTICS_MAPPINGS.find((m) => m.activityEvent !== undefined);
}

/** Changes whenever any mapping does: part of cache keys, so an edited mapping never replays. */
export const MAPPINGS_VERSION = createHash("sha256")
  .update(JSON.stringify([...LOG_ANALYTICS_MAPPINGS, ...DERIVED_MAPPINGS]))
  .digest("hex")
  .slice(0, 16);
