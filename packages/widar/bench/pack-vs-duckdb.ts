/**
 * The whole rule pack, widar against DuckDB, on the same simulated tenant on this machine.
 *
 * Each rule runs once per round in each engine, as a scheduler runs it: widar executes the rule
 * compiled once (Kusto.Language parse and bind are paid at load, like DuckDB's prepared
 * statements), DuckDB runs the rule's SQL translation (bench/pack-sql/ID.sql) over views that
 * restrict every table to the run's time range. Both return the rule's alerts, which must be
 * the same rows (checked before timing; a rule whose translation differs is reported and left
 * out of the totals). Rounds alternate the engines; the median of each rule's runs is kept, and
 * the pack's time is the sum of its rules' medians. Prints ratios; asserts nothing.
 *
 *   npm run bench -- pack-vs-duckdb
 *   BENCH_EVENTS=11000000 BENCH_DAYS=14 npm run bench -- pack-vs-duckdb   # the 1M audit / 10M sign-in target
 *
 * Environment: BENCH_EVENTS (default 1,100,000), BENCH_AUDIT (benign AuditLogs among them; default
 * the simulator's share), BENCH_DAYS (7), BENCH_SEED (1), BENCH_ROUNDS (5), BENCH_DIR (keep the
 * tenant there instead of the temp dir).
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { CompiledQuery } from "@widar/kql";
import { buildCatalog } from "../src/data/load-catalog.js";
import { defaultRulesDir } from "../src/demo/rule-pack-location.js";
import { loadRules } from "../src/rules/load-rules.js";
import type { Rule } from "../src/rules/rule.js";
import { benchTenant } from "./pack/bench-tenant.js";
import { compareResults } from "./pack/canonical-rows.js";
import { loadTenant } from "./pack/duckdb-tenant.js";
import { type PackRun, compileRule, packRuns, prepareDuck, runDuck, runWidar, setupDuck } from "./pack/pack-runs.js";

const env = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
const events = env("BENCH_EVENTS", 1_100_000);
const rounds = Math.max(1, env("BENCH_ROUNDS", 5));
const log = (s: string) => console.log(s);
const ms = (t: number) => (t < 10 ? t.toFixed(2) : t.toFixed(0));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rss = () => `${(process.memoryUsage().rss / 2 ** 30).toFixed(1)} GiB RSS`;

const tenant = await benchTenant(
  {
    events,
    ...(process.env.BENCH_AUDIT === undefined ? {} : { auditEvents: env("BENCH_AUDIT", 0) }),
    days: env("BENCH_DAYS", 7),
    seed: env("BENCH_SEED", 1),
    ...(process.env.BENCH_DIR === undefined ? {} : { dir: process.env.BENCH_DIR }),
  },
  log,
);
const counts = Object.entries(tenant.manifest.tables)
  .filter(([, e]) => (e?.records ?? 0) > 0)
  .map(([n, e]) => `${n} ${e!.records.toLocaleString("en-US")}`);
log(`tenant: ${tenant.dir}\n  ${counts.join(", ")}`);

const rules = loadRules([defaultRulesDir()!])
  .loaded.map((l) => l.rule)
  .filter((r): r is Rule => r !== undefined);

let t0 = performance.now();
const { catalog } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables: tenant.tables, watchlists: tenant.watchlists, load: { progress: false } });
const widarLoad = performance.now() - t0;
log(`widar: tables loaded in ${ms(widarLoad)} ms (columnar cache when warm), ${rss()}`);
t0 = performance.now();
const db = await DuckDBInstance.create(":memory:");
const conn = await db.connect();
await loadTenant(conn, tenant.dir);
await setupDuck(conn);
const duckLoad = performance.now() - t0;
const threads = (await conn.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjectsJson()[0]!.t;
log(`DuckDB ${(await conn.runAndReadAll("SELECT version() AS v")).getRowObjectsJson()[0]!.v}: tables loaded in ${ms(duckLoad)} ms, ${threads} threads, ${rss()}`);

interface Entry {
  readonly run: PackRun;
  readonly compiled: CompiledQuery;
  readonly compileMs: number;
  readonly widar: number[];
  readonly duck: number[];
  comparable: boolean;
  note: string;
}

// Compiling cold (Kusto.Language parse and bind), then warm (the bound plans read back from the
// compile cache beside the columnar cache; written on the first compile that misses).
const compileCache = catalog.compileCache;
catalog.setCompileCache(undefined);
const entries: Entry[] = [];
for (const run of packRuns(rules, tenant.groundTruth)) {
  const c0 = performance.now();
  const compiled = compileRule(run.rule, catalog);
  const entry: Entry = { run, compiled, compileMs: performance.now() - c0, widar: [], duck: [], comparable: false, note: "" };
  entries.push(entry);
  if (run.sql === undefined) {
    entry.note = "no SQL translation";
    continue;
  }
  try {
    const kql = runWidar(compiled, catalog, run);
    await prepareDuck(conn, run);
    const sql = await runDuck(conn, run);
    const cmp = compareResults(kql, sql.columns, sql.rows);
    entry.comparable = cmp.equal;
    entry.note = cmp.equal ? `${kql.rowCount} alert rows` : `DIFFERENT: ${cmp.report.join("; ")}`;
  } catch (e) {
    entry.note = `FAILED: ${(e as Error).message}`;
  }
}

let compileWarm = Number.NaN;
if (compileCache !== undefined) {
  catalog.setCompileCache(compileCache);
  for (const e of entries) compileRule(e.run.rule, catalog);
  const w0 = performance.now();
  for (const e of entries) compileRule(e.run.rule, catalog);
  compileWarm = performance.now() - w0;
}

// Rule by rule (DuckDB's views are pointed at a rule's time range once), rounds alternating
// which engine goes first, so neither always finds the caches warm.
for (const e of entries) {
  if (!e.comparable) continue;
  await prepareDuck(conn, e.run);
  for (let r = 0; r < rounds; r++) {
    for (const engine of r % 2 === 0 ? ["widar", "duck"] : ["duck", "widar"]) {
      const s = performance.now();
      if (engine === "widar") runWidar(e.compiled, catalog, e.run);
      else await runDuck(conn, e.run);
      (engine === "widar" ? e.widar : e.duck).push(performance.now() - s);
    }
  }
}

log(`\nper rule: median of ${rounds} rounds (ms); ratio = widar / DuckDB (below 1: widar faster)`);
log(`  ${"rule".padEnd(9)} ${"widar".padStart(8)} ${"DuckDB".padStart(8)} ${"ratio".padStart(7)}  rows`);
let widarTotal = 0;
let duckTotal = 0;
let compared = 0;
for (const e of entries) {
  if (!e.comparable) {
    log(`  ${e.run.rule.id.padEnd(9)} ${"-".padStart(8)} ${"-".padStart(8)} ${"-".padStart(7)}  not compared: ${e.note}`);
    continue;
  }
  const w = median(e.widar);
  const d = median(e.duck);
  widarTotal += w;
  duckTotal += d;
  compared++;
  log(`  ${e.run.rule.id.padEnd(9)} ${ms(w).padStart(8)} ${ms(d).padStart(8)} ${(w / d).toFixed(2).padStart(7)}  ${e.note}`);
}
const compileTotal = entries.reduce((s, e) => s + e.compileMs, 0);
log(`\npack (${compared} of ${entries.length} rules compared): widar ${ms(widarTotal)} ms, DuckDB ${ms(duckTotal)} ms, ratio ${(widarTotal / duckTotal).toFixed(2)} (target <= 1.00)`);
log(`widar compile (Kusto.Language parse + bind + lowering), once per rule: ${ms(compileTotal)} ms for the pack cold, ${ms(compileWarm)} ms warm (compile cache; target <= 1000)`);
log(`load: widar ${ms(widarLoad)} ms, DuckDB ${ms(duckLoad)} ms, ratio ${(widarLoad / duckLoad).toFixed(2)}`);

// A replay of the whole period runs each scheduled rule once per queryFrequency (hunts daily).
// DuckDB keeps nothing between runs: its replay is extrapolated as each rule's runs × its time.
const period = Date.parse(tenant.groundTruth.period.end) - Date.parse(tenant.groundTruth.period.start);
let duckReplay = 0;
let replayRuns = 0;
for (const e of entries) {
  if (!e.comparable) continue;
  const r = e.run.rule;
  const runs = Math.ceil(period / (r.kind === "scheduled" && r.queryFrequencyMs > 0 ? r.queryFrequencyMs : 86_400_000));
  duckReplay += runs * median(e.duck);
  replayRuns += runs;
}
log(`DuckDB replay of the period (${replayRuns} runs), extrapolated as each rule's runs x its time above: ${ms(duckReplay)} ms (widar's replay: npm run bench -- detect-replay)`);
log(`peak RSS of this process (both engines' tables): ${rss()}`);
