/**
 * Checks the pack's SQL translations: each rule run in widar and in DuckDB on the bench tenant
 * must return the same rows (./canonical-rows.ts). For whoever writes or changes a translation:
 *
 *   node packages/widar/dist/bench/pack/check-sql.js [RULE-ID...] [--events N] [--days D] [--seed S] [--show]
 *
 * Prints one line per rule (`same`, `DIFFERENT` with what differs, or `no SQL`); --show prints
 * widar's rows. Exit 1 when a translation differs or fails.
 */
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { loadRules } from "../../src/rules/load-rules.js";
import type { Rule } from "../../src/rules/rule.js";
import { defaultRulesDir } from "../../src/demo/rule-pack-location.js";
import { benchTenant } from "./bench-tenant.js";
import { compareResults } from "./canonical-rows.js";
import { loadTenant } from "./duckdb-tenant.js";
import { compileRule, packRuns, prepareDuck, runDuck, runWidar, setupDuck } from "./pack-runs.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { events: { type: "string" }, days: { type: "string" }, seed: { type: "string" }, show: { type: "boolean" } },
});
const log = (s: string) => process.stderr.write(`${s}\n`);
const tenant = await benchTenant({ events: Number(values.events ?? 300_000), days: Number(values.days ?? 7), seed: Number(values.seed ?? 1) }, log);
const rules = loadRules([defaultRulesDir()!])
  .loaded.map((l) => l.rule)
  .filter((r): r is Rule => r !== undefined && (positionals.length === 0 || positionals.includes(r.id)));

const { catalog } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables: tenant.tables, watchlists: tenant.watchlists });
const db = await DuckDBInstance.create(":memory:");
const conn = await db.connect();
await loadTenant(conn, tenant.dir);
await setupDuck(conn);

let bad = 0;
for (const run of packRuns(rules, tenant.groundTruth)) {
  const kql = runWidar(compileRule(run.rule, catalog), catalog, run);
  if (values.show) for (let i = 0; i < kql.rowCount; i++) log(`  ${JSON.stringify(kql.row(i))}`);
  if (run.sql === undefined) {
    console.log(`${run.rule.id.padEnd(9)} no SQL (${run.sqlFile}); widar: ${kql.rowCount} rows`);
    continue;
  }
  try {
    await prepareDuck(conn, run);
    const sql = await runDuck(conn, run);
    const cmp = compareResults(kql, sql.columns, sql.rows);
    console.log(`${run.rule.id.padEnd(9)} ${cmp.equal ? "same" : "DIFFERENT"}: widar ${kql.rowCount} rows, DuckDB ${sql.rows.length}`);
    for (const line of cmp.report) console.log(`    ${line}`);
    if (!cmp.equal) bad++;
  } catch (e) {
    bad++;
    console.log(`${run.rule.id.padEnd(9)} FAILED: ${(e as Error).message}`);
  }
}
process.exitCode = bad > 0 ? 1 : 0;
