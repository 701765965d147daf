/**
 * Which dialect a JSON record is written in, from its own fields (files mix nothing, but one
 * file may hold several tables' records: an Event Hub carries every category):
 * - an Azure Monitor batch `{"records":[...]}` (an Event Hub message saved as one line);
 * - an OData page `{"@odata.context":..., "value":[...]}` (a Graph response saved as one line);
 * - a diagnostic-settings record: `category` (text) and `properties`, with `time` / `operationName`
 *   (Activity log records written by the older log profiles may lack `properties`: `resourceId`
 *   stands in for it; LA rows spell these columns in PascalCase, so nothing else matches);
 * - an Azure Activity log REST event: `eventTimestamp` with `operationName` as a
 *   `{value, localizedValue}` object (the REST API's and the portal's JSON export);
 * - a Microsoft Graph object: `@odata.type`, else the properties only that resource has;
 * - anything else is a row with Log Analytics column names.
 */
import type { GraphResource } from "./mappings/index.js";

export type SourceKind =
  | { readonly dialect: "batch"; readonly records: unknown }
  | { readonly dialect: "page"; readonly value: unknown }
  | { readonly dialect: "diagnostic"; readonly category: string; readonly wellFormed: boolean }
  | { readonly dialect: "graph"; readonly resource: GraphResource; readonly signInEventType?: string }
  | { readonly dialect: "activity-event" }
  | { readonly dialect: "log-analytics" };

const LA: SourceKind = { dialect: "log-analytics" };
const ACTIVITY_EVENT: SourceKind = { dialect: "activity-event" };
const GRAPH_TYPES: Readonly<Record<string, GraphResource>> = {
  "#microsoft.graph.directoryaudit": "directoryAudit",
  "#microsoft.graph.signin": "signIn",
  "#microsoft.graph.riskyserviceprincipal": "riskyServicePrincipal",
  "#microsoft.graph.serviceprincipalriskdetection": "servicePrincipalRiskDetection",
  "#microsoft.graph.riskyuser": "riskyUser",
};
const SIGN_IN_EVENT_TYPES = ["servicePrincipal", "managedIdentity", "nonInteractiveUser", "interactiveUser"];

function has(rec: object, key: string): boolean {
  return Object.hasOwn(rec, key);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function classifyRecord(rec: Readonly<Record<string, unknown>>): SourceKind {
  if (has(rec, "records") && !has(rec, "category") && !has(rec, "properties")) return { dialect: "batch", records: rec.records };
  if (has(rec, "value") && Object.keys(rec).every((k) => k === "value" || k.startsWith("@odata."))) return { dialect: "page", value: rec.value };
  if (typeof rec.category === "string" && (has(rec, "properties") || has(rec, "resourceId")) && (has(rec, "time") || has(rec, "operationName"))) {
    return { dialect: "diagnostic", category: rec.category, wellFormed: !has(rec, "properties") || isObject(rec.properties) };
  }
  if (isObject(rec.operationName) && (has(rec, "eventTimestamp") || has(rec, "submissionTimestamp"))) return ACTIVITY_EVENT;
  const odataType = rec["@odata.type"];
  const typed = typeof odataType === "string" ? GRAPH_TYPES[odataType.toLowerCase()] : undefined;
  const resource = typed ?? graphResourceByShape(rec);
  if (resource === undefined) return LA;
  if (resource !== "signIn") return { dialect: "graph", resource };
  return { dialect: "graph", resource, signInEventType: signInEventType(rec) };
}

function graphResourceByShape(rec: Readonly<Record<string, unknown>>): GraphResource | undefined {
  if (has(rec, "TimeGenerated")) return undefined;
  if (has(rec, "activityDisplayName") && has(rec, "activityDateTime")) return "directoryAudit";
  if (has(rec, "riskEventType") && has(rec, "servicePrincipalId") && has(rec, "detectedDateTime")) return "servicePrincipalRiskDetection";
  if (has(rec, "riskLastUpdatedDateTime") && !has(rec, "userPrincipalName") && (has(rec, "servicePrincipalType") || has(rec, "appId"))) {
    return "riskyServicePrincipal";
  }
  if (has(rec, "riskLastUpdatedDateTime") && has(rec, "userPrincipalName")) return "riskyUser";
  if (has(rec, "createdDateTime") && (has(rec, "signInEventTypes") || (has(rec, "appId") && has(rec, "status")))) return "signIn";
  return undefined;
}

/**
 * A Graph sign-in's kind: its `signInEventTypes` (beta), else what its fields imply (v1.0
 * objects lack the property: a managed identity names its MSI, a service principal has no user).
 */
export function signInEventType(rec: Readonly<Record<string, unknown>>): string {
  const types = rec.signInEventTypes;
  if (Array.isArray(types)) {
    for (const t of SIGN_IN_EVENT_TYPES) if (types.includes(t)) return t;
  }
  const msi = rec.managedServiceIdentity;
  if (isObject(msi) && typeof msi.msiType === "string" && msi.msiType !== "none") return "managedIdentity";
  if (typeof rec.servicePrincipalId === "string" && rec.servicePrincipalId !== "" && (rec.userId === null || rec.userId === undefined || rec.userId === "")) {
    return "servicePrincipal";
  }
  return rec.isInteractive === false ? "nonInteractiveUser" : "interactiveUser";
}

/** A short name of a record's source for messages: `category 'X'`, `Graph signIn (servicePrincipal)`. */
export function describeSource(k: SourceKind): string {
  switch (k.dialect) {
    case "diagnostic":
      return `diagnostic category '${k.category}'`;
    case "graph":
      return `Graph ${k.resource}${k.signInEventType !== undefined ? ` (${k.signInEventType})` : ""}`;
    case "batch":
      return "records batch";
    case "page":
      return "Graph page";
    case "activity-event":
      return "Activity log event";
    default:
      return "Log Analytics row";
  }
}
