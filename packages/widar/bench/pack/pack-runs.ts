/**
 * One run of each rule of the pack on the bench tenant, in widar and in DuckDB, with the same
 * "now" and time range: the rule's scenario's evaluation time (so that the run sees its attack
 * and returns alerts worth comparing), over [now − queryPeriod, now] as Sentinel runs it; a
 * hunting query over everything up to now.
 *
 * The SQL of rule ID is `bench/pack-sql/ID.sql` in the widar package's source tree (the
 * compiled benchmark reads it from there, as compiled tests read their fixtures).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { type Catalog, type CompiledQuery, type Table, compile, execute } from "@widar/kql";
import { countryName } from "../../src/enrich/ip-location.js";
import { NETWORK_PREFIXES, parseCidr } from "../../src/enrich/network-data.js";
import type { Rule } from "../../src/rules/rule.js";
import type { GroundTruth } from "../../src/simulator/index.js";
import { setTimeRange } from "./duckdb-tenant.js";

/** The widar package's root (the folder of its package.json), from src or dist alike. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "bench"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error("widar package root not found");
    dir = up;
  }
  return dir;
}

export const PACK_SQL_DIR = join(packageRoot(), "bench", "pack-sql");

export interface PackRun {
  readonly rule: Rule;
  readonly now: number;
  readonly from: number;
  readonly to: number;
  readonly sqlFile: string;
  /** The SQL translation, or undefined when the pack has none yet. */
  readonly sql: string | undefined;
}

/** Each rule's run: at its scenario's evaluation time (else the end of the period). */
export function packRuns(rules: readonly Rule[], truth: GroundTruth): PackRun[] {
  const end = Date.parse(truth.period.end);
  return rules.map((rule) => {
    const label = truth.scenarios.find((s) => s.name === rule.doc.simulatorScenario);
    const now = label === undefined ? end : Date.parse(label.evaluateAt);
    const scheduled = rule.kind === "scheduled" && rule.queryPeriodMs > 0;
    const sqlFile = join(PACK_SQL_DIR, `${rule.id}.sql`);
    return {
      rule,
      now,
      from: scheduled ? now - rule.queryPeriodMs : Number.NEGATIVE_INFINITY,
      to: now,
      sqlFile,
      sql: existsSync(sqlFile) ? readFileSync(sqlFile, "utf8") : undefined,
    };
  });
}

/**
 * The rule's scheduled runs while its scenario unfolds: every queryFrequency from the first attack
 * record to the scenario's evaluation time. A rule that reports once, in the run that completes its
 * evidence (a slow spray), is silent at the evaluation time and fires in one of these.
 */
export function scenarioRuns(run: PackRun, truth: GroundTruth): PackRun[] {
  const label = truth.scenarios.find((s) => s.name === run.rule.doc.simulatorScenario);
  const step = run.rule.queryFrequencyMs;
  if (label === undefined || !(step > 0)) return [];
  const out: PackRun[] = [];
  for (let now = Date.parse(label.window.start) + step; now < run.now; now += step)
    out.push({ ...run, now, from: Number.isFinite(run.from) ? now - (run.to - run.from) : run.from, to: now });
  return out;
}

/** widar: the rule compiled once (as a scheduler holds it), then this run executed. */
export function runWidar(compiled: CompiledQuery, catalog: Catalog, run: PackRun): Table {
  const r = execute(compiled, catalog, { now: run.now, timeRange: { from: run.from, to: run.to } });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`${run.rule.id}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return r.tables[r.tables.length - 1]!;
}

export function compileRule(rule: Rule, catalog: Catalog): CompiledQuery {
  const c = compile(rule.query, catalog);
  const errors = c.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`${rule.id}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return c;
}

/**
 * The statements of a SQL file: all but the last set things up; the last returns the alerts.
 * Split on `;` outside string literals, quoted names, line comments and block comments.
 */
export function sqlStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // A quote inside is doubled ('it''s'): the scan just reopens the literal.
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? n : end + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
    } else if (c === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ";") {
      out.push(sql.slice(start, i));
      start = ++i;
    } else i++;
  }
  out.push(sql.slice(start));
  const code = (s: string) => s.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim();
  return out.map((s) => s.trim()).filter((s) => code(s) !== "");
}

export interface SqlResult {
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
}

/** Points the tables at the run's time range (untimed: Log Analytics does this before the query). */
export async function prepareDuck(conn: DuckDBConnection, run: PackRun): Promise<void> {
  await setTimeRange(conn, run.now, run.from, run.to);
}

/** DuckDB: the translation's statements, the last one's rows. */
export async function runDuck(conn: DuckDBConnection, run: PackRun): Promise<SqlResult> {
  const statements = sqlStatements(run.sql ?? "");
  if (statements.length === 0) throw new Error(`${run.rule.id}: ${run.sqlFile} has no statements`);
  for (const s of statements.slice(0, -1)) await conn.run(s);
  const reader = await conn.runAndReadAll(statements[statements.length - 1]!);
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
}

/**
 * Runs bench/pack-sql/_setup.sql (shared macros and tables) once after the tenant is loaded,
 * after creating `ip_geo`: widar's offline network table, which answers geo_info_from_ip_address
 * in widar (lo/hi numeric bounds of each block, the country by name, as the function gives it).
 */
export async function setupDuck(conn: DuckDBConnection): Promise<void> {
  await conn.run("CREATE OR REPLACE TABLE ip_geo (lo BIGINT, hi BIGINT, country VARCHAR, state VARCHAR, city VARCHAR, latitude DOUBLE, longitude DOUBLE)");
  const text = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const rows = NETWORK_PREFIXES.map((p) => {
    const { base, size } = parseCidr(p.cidr);
    return `(${base}, ${base + size - 1}, ${text(countryName(p.country))}, ${text(p.state)}, ${text(p.city)}, ${p.latitude}, ${p.longitude})`;
  });
  await conn.run(`INSERT INTO ip_geo VALUES ${rows.join(", ")}`);
  for (const s of sqlStatements(readFileSync(join(PACK_SQL_DIR, "_setup.sql"), "utf8"))) await conn.run(s);
}
