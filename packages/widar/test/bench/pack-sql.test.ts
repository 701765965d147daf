/**
 * The benchmark compares widar with DuckDB only where both return the same alerts: every rule of
 * the pack has a SQL translation (bench/pack-sql/ID.sql), and on a small simulated tenant each
 * returns exactly widar's rows at its scenario's evaluation time. A rule changed without its
 * translation fails here, not silently in the benchmark.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { Catalog } from "@widar/kql";
import { type BenchTenant, benchTenant } from "../../bench/pack/bench-tenant.js";
import { compareResults } from "../../bench/pack/canonical-rows.js";
import { loadTenant } from "../../bench/pack/duckdb-tenant.js";
import { type PackRun, compileRule, packRuns, prepareDuck, runDuck, runWidar, scenarioRuns, setupDuck } from "../../bench/pack/pack-runs.js";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { loadRules } from "../../src/rules/load-rules.js";
import type { Rule } from "../../src/rules/rule.js";
import { RULES_DIR } from "../rules/helpers.js";
import { join } from "node:path";
import { tempDir } from "../support/temp-dir.js";

const rules = loadRules([RULES_DIR])
  .loaded.map((l) => l.rule)
  .filter((r): r is Rule => r !== undefined);

describe("the pack's SQL translations return widar's alerts", () => {
  let tenant: BenchTenant;
  let catalog: Catalog;
  let db: DuckDBInstance;
  let conn: DuckDBConnection;
  before(async () => {
    tenant = await benchTenant({ events: 40_000, days: 7, seed: 4, dir: join(tempDir("widar-pack-sql-"), "tenant") });
    ({ catalog } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables: tenant.tables, watchlists: tenant.watchlists, load: { progress: false } }));
    db = await DuckDBInstance.create(":memory:");
    conn = await db.connect();
    await loadTenant(conn, tenant.dir);
    await setupDuck(conn);
  });
  after(() => {
    conn?.closeSync();
    db?.closeSync();
  });

  test("every rule has a translation", () => {
    const missing = packRuns(rules, { period: { start: "", end: "2026-11-21T00:00:00Z", days: 0 }, scenarios: [] } as never)
      .filter((r) => r.sql === undefined)
      .map((r) => r.rule.id);
    assert.deepEqual(missing, []);
  });

  /** Compares widar's rows with DuckDB's for one run; returns widar's row count. */
  async function compare(run: PackRun, compiled: ReturnType<typeof compileRule>): Promise<number> {
    const kql = runWidar(compiled, catalog, run);
    await prepareDuck(conn, run);
    const sql = await runDuck(conn, run);
    const cmp = compareResults(kql, sql.columns, sql.rows);
    assert.ok(cmp.equal, `${run.rule.id} at ${new Date(run.now).toISOString()}:\n${cmp.report.join("\n")}`);
    return kql.rowCount;
  }

  for (const rule of rules)
    test(rule.id, async () => {
      const run = packRuns([rule], tenant.groundTruth)[0]!;
      const compiled = compileRule(rule, catalog);
      let rows = await compare(run, compiled);
      // A rule that reports once, in the run completing its evidence, fires earlier than the scenario's
      // evaluation time: compare its scheduled runs during the scenario too.
      if (rows === 0) for (const r of scenarioRuns(run, tenant.groundTruth)) rows += await compare(r, compiled);
      assert.ok(rows > 0 || rule.id === "RULE-13", `${rule.id} returns alerts during its scenario (else the comparison says little)`);
    });
});
