/**
 * The mapping tables run backwards: a row with Log Analytics column names → the diagnostic
 * record or Graph object that loads back into the same row. Round-trip tests use it to write one
 * tenant in every form; the simulator may use it to write them too.
 *
 * For each column, its first path in the mapping is written (fallback paths are for reading).
 * A path is written once: the first column to reach it wins, and nothing is written inside a
 * value another column wrote whole (Graph's `status` object already holds `status.errorCode`).
 * Text that is a JSON object or array is written as JSON, as Entra writes those properties;
 * enumerations are written in the text form Log Analytics shows (never as codes).
 * What the source dialect cannot carry is not written: constants that loading derives (`Type`),
 * and columns the dialect has no field for (Graph has no `TenantId`, no ingestion time).
 */
import type { DialectMapping, GraphMapping, TableMapping } from "./mappings/index.js";
import { mappingFor } from "./mappings/index.js";
import { getPath, pathSegments } from "./record-mapper.js";

type Row = Readonly<Record<string, unknown>>;
type Obj = Record<string, unknown>;

function jsonish(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (!((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]")))) return v;
  try {
    return JSON.parse(t);
  } catch {
    return v;
  }
}

function setPath(out: Obj, segs: readonly string[], v: unknown): void {
  let o = out;
  for (let i = 0; i < segs.length - 1; i++) {
    const s = segs[i]!;
    const next = Object.hasOwn(o, s) ? o[s] : undefined;
    if (typeof next !== "object" || next === null || Array.isArray(next)) o[s] = {};
    o = o[s] as Obj;
  }
  o[segs[segs.length - 1]!] = v;
}

function write(m: DialectMapping, row: Row, out: Obj): Obj {
  const done = new Set<string>();
  const whole: string[][] = [];
  const numeric = new Set(m.numeric ?? []);
  for (const [path, column] of m.fields) {
    if (done.has(column) || !Object.hasOwn(row, column)) continue;
    done.add(column);
    const segs = pathSegments(path);
    if (getPath(out, segs) !== undefined) continue;
    if (whole.some((w) => w.length < segs.length && w.every((s, i) => s === segs[i]))) continue;
    let v = jsonish(row[column]);
    if (numeric.has(path) && typeof v === "string" && /^-?\d+$/.test(v)) v = Number(v);
    setPath(out, segs, v);
    whole.push(segs);
  }
  return out;
}

function required(table: string): TableMapping {
  const m = mappingFor(table);
  if (m === undefined) throw new Error(`widar has no mapping for table ${table}`);
  return m;
}

/**
 * The diagnostic-settings record (`{time, category, ..., properties}`) of a row of `table`, with
 * the source's constant fields (`operationName: "Publish"`).
 */
export function toDiagnosticRecord(table: string, row: Row): Obj {
  const m = required(table).diagnostic;
  if (m === undefined) throw new Error(`table ${table} has no diagnostic-settings source`);
  // The category decides the table on the way back: it is written first, the row's own when it
  // is one of the table's (an AzureActivity row of category Policy), else the table's first.
  const own = m.fields.find(([path]) => path === "category")?.[1];
  const said = own === undefined ? undefined : row[own];
  const category = typeof said === "string" && m.categories.some((c) => c.toLowerCase() === said.toLowerCase()) ? said : m.categories[0];
  return write(m, row, { category, ...m.sourceConstants });
}

/** The Graph object of a row of `table` (signIns get `signInEventTypes`, which route them back). */
export function toGraphObject(table: string, row: Row): Obj {
  const m: GraphMapping | undefined = required(table).graph;
  if (m === undefined) throw new Error(`table ${table} has no Graph source`);
  return write(m, row, m.signInEventType !== undefined ? { signInEventTypes: [m.signInEventType] } : {});
}

/** The Graph endpoint path of a table's objects (what `widar pull graph` pages). */
export function graphCollectionOf(table: string): string | undefined {
  switch (required(table).graph?.resource) {
    case "directoryAudit":
      return "auditLogs/directoryAudits";
    case "signIn":
      return "auditLogs/signIns";
    case "riskyServicePrincipal":
      return "identityProtection/riskyServicePrincipals";
    case "servicePrincipalRiskDetection":
      return "identityProtection/servicePrincipalRiskDetections";
    case "riskyUser":
      return "identityProtection/riskyUsers";
    default:
      return undefined;
  }
}
