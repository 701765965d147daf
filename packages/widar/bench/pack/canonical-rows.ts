/**
 * Rows of widar's result and of DuckDB's, in one comparable form, so that a rule's SQL
 * translation is checked to return the same alerts before it is timed.
 *
 * The KQL result's schema decides: datetimes compare at millisecond precision, numbers rounded
 * to 9 significant digits (sums in another order), a string column's null is "" (KQL has no
 * null string), dynamic values compare as JSON with object keys sorted and arrays sorted (make_set
 * has no order; the translations use list_distinct). Row order never counts.
 */
import type { KType, Table, Value } from "@widar/kql";
import { TICKS_PER_MS, ticksToMs } from "@widar/kql";

export type Canonical = null | boolean | number | string | Canonical[] | { [k: string]: Canonical };

function sortJson(v: unknown): Canonical {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return Number.isInteger(v) ? v : Number(v.toPrecision(9));
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (Array.isArray(v)) {
    const items = v.map(sortJson);
    return items.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
  }
  if (v instanceof Date) return v.getTime();
  const o: { [k: string]: Canonical } = {};
  for (const k of Object.keys(v as object).sort()) o[k] = sortJson((v as Record<string, unknown>)[k]);
  return o;
}

/** A DuckDB timestamp as getRowObjectsJson gives it ('2026-11-21 10:00:00.123456') → Unix ms. */
function duckTimestampMs(s: string): number | null {
  const t = Date.parse(`${s.replace(" ", "T").slice(0, 23)}Z`);
  return Number.isNaN(t) ? null : t;
}

/** One KQL value of a column of type `type`. */
export function canonicalKql(type: KType, v: Value): Canonical {
  if (v === null) return type === "string" ? "" : null;
  switch (type) {
    case "datetime":
      return Math.floor(ticksToMs(v as number));
    case "timespan":
      return Math.floor((v as number) / TICKS_PER_MS);
    case "dynamic":
      return sortJson(v);
    default:
      return sortJson(v);
  }
}

/** One DuckDB value (from getRowObjectsJson) standing for a KQL column of type `type`. */
export function canonicalSql(type: KType, v: unknown): Canonical {
  if (v === null || v === undefined) return type === "string" ? "" : null;
  switch (type) {
    case "datetime":
      return typeof v === "string" ? duckTimestampMs(v) : sortJson(v);
    case "timespan":
      if (typeof v === "object" && v !== null && "micros" in v) {
        const i = v as { days: number; micros: string | number };
        return Math.floor(Number(i.days) * 86_400_000 + Number(i.micros) / 1000);
      }
      return sortJson(v);
    case "long":
    case "int":
    case "real":
    case "decimal":
      return typeof v === "string" ? sortJson(Number(v)) : sortJson(v);
    case "dynamic":
      if (typeof v === "string") {
        try {
          return sortJson(JSON.parse(v));
        } catch {
          return v;
        }
      }
      return sortJson(v);
    default:
      return sortJson(v);
  }
}

export interface RowComparison {
  readonly equal: boolean;
  /** What differs, for a person: missing columns, rows only on one side (a few of each). */
  readonly report: string[];
}

/** Compares widar's result with DuckDB's rows (column names must match the KQL result's). */
export function compareResults(kql: Table, sqlColumns: readonly string[], sqlRows: readonly Record<string, unknown>[]): RowComparison {
  const report: string[] = [];
  const missing = kql.schema.filter((c) => !sqlColumns.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) report.push(`columns missing from the SQL result: ${missing.join(", ")}`);
  const extra = sqlColumns.filter((n) => !kql.schema.some((c) => c.name === n));
  if (extra.length > 0) report.push(`columns only in the SQL result: ${extra.join(", ")}`);
  const count = (rows: string[]) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r, (m.get(r) ?? 0) + 1);
    return m;
  };
  const kqlRows: string[] = [];
  for (let i = 0; i < kql.rowCount; i++) {
    const o: Record<string, Canonical> = {};
    kql.schema.forEach((c, j) => {
      o[c.name] = canonicalKql(c.type, kql.columns[j]!.get(i));
    });
    kqlRows.push(JSON.stringify(o));
  }
  const sqlRowsText = sqlRows.map((r) => {
    const o: Record<string, Canonical> = {};
    for (const c of kql.schema) o[c.name] = canonicalSql(c.type, r[c.name]);
    return JSON.stringify(o);
  });
  const a = count(kqlRows);
  const b = count(sqlRowsText);
  const onlyKql = [...a].filter(([k, n]) => (b.get(k) ?? 0) < n).map(([k]) => k);
  const onlySql = [...b].filter(([k, n]) => (a.get(k) ?? 0) < n).map(([k]) => k);
  if (kql.rowCount !== sqlRows.length) report.push(`row count: widar ${kql.rowCount}, DuckDB ${sqlRows.length}`);
  for (const r of onlyKql.slice(0, 3)) report.push(`only in widar: ${r}`);
  for (const r of onlySql.slice(0, 3)) report.push(`only in DuckDB: ${r}`);
  return { equal: missing.length === 0 && onlyKql.length === 0 && onlySql.length === 0, report };
}
