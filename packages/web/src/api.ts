/**
 * The workbench's only way to the server: same-origin JSON requests (the token travels as the
 * HttpOnly cookie the first page load set). An API error is `{error: {code, message}}`; it is
 * thrown as ApiError and shown as text where the action was.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function answer<T>(r: Response): Promise<T> {
  const body = (await r.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!r.ok || body.error !== undefined) throw new ApiError(body.error?.code ?? `HTTP ${r.status}`, body.error?.message ?? r.statusText);
  return body as T;
}

export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } }));
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(path, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  );
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Entity {
  Type: string;
  [k: string]: string;
}

export interface IncidentRow {
  incidentId: string;
  incidentNumber: number;
  ruleId: string;
  title: string;
  description: string;
  severity: string;
  status: string;
  owner: string | null;
  classification: string | null;
  classificationReason: string | null;
  classificationComment: string | null;
  created: string;
  firstActivity: string;
  lastActivity: string;
  closed: string | null;
  alertCount: number;
  tactics: string[];
  techniques: string[];
  entities: Entity[];
  verdict?: string | null;
}

export interface Reason {
  id: string;
  weight: number;
  text: string;
}

export interface Investigation {
  family: string;
  initiator: { name: string; id: string; kind: string } | null;
  targets: { name: string; id: string; kind: string }[];
  verdict: { label: string; score: number; reasons: Reason[] };
  actions: { title: string; why: string; commands: { tool: string; text: string }[] }[];
  pim: { time: string; role: string; justification: string | null; minutesBefore: number }[];
  problems: string[];
}

export interface AlertRow {
  alertId: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  displayName: string;
  description: string;
  startTime: string;
  endTime: string;
  windowEnd: string;
  entities: Entity[];
  investigation: Investigation | null;
}

export interface IpRow {
  address: string;
  asn: number | null;
  organisation: string | null;
  country: string | null;
  networkKind: string | null;
  allowlisted: boolean;
  roles: string[];
}

export interface TimelineActivity {
  timeMs: number;
  operationName: string;
  initiator: string;
  target: string;
  ipAddress: string;
  result: string;
  inAlert: boolean;
}

export interface TimelineSignIn {
  timeMs: number;
  ipAddress: string;
  resource: string;
  resultType: string;
  newAddress: boolean;
}

export interface IncidentDetail {
  incident: IncidentRow;
  verdict: string | null;
  alerts: AlertRow[];
  ips: IpRow[];
  comments: { created: string; author: string; message: string }[];
  timeline: { activities: TimelineActivity[]; signIns: TimelineSignIn[]; alerts: { alertId: string; startMs: number; endMs: number; windowEndMs: number }[] };
  classifications: Record<string, string[]>;
}

export interface Diagnostic {
  code: string;
  severity: string;
  message: string;
  span: { start: number; length: number } | null;
  line: number | null;
  column: number | null;
  file: string | null;
}

export interface ResultTable {
  columns: { name: string; type: string }[];
  rows: Json[][];
}

export interface QueryAnswer {
  ok: boolean;
  elapsedMs: number;
  visualization: string | null;
  diagnostics: Diagnostic[];
  tables: ResultTable[];
}

export interface SchemaTable {
  name: string;
  source: string;
  rows: number;
  columns: { name: string; type: string }[];
}
