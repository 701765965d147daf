/**
 * The detection runtime's own cost: the whole pack replayed over the bench tenant as `widar
 * detect` replays it (every rule at every scheduled time; each run's alerts, incidents, health
 * record and checkpoint committed to a fresh store), against the time its queries take in that
 * same replay. What is not query time is the runtime's share: the trigger, alert building
 * (entities, overrides, custom details), incident grouping and the SQLite transactions.
 *
 *   npm run bench -- detect
 *   BENCH_EVENTS=1100000 BENCH_DAYS=7 npm run bench -- detect
 *
 * Environment: BENCH_EVENTS (default 300,000), BENCH_DAYS (3), BENCH_SEED (1), BENCH_DIR. Prints
 * ratios measured in one run; asserts nothing.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { datasetCatalog } from "../src/data/dataset-catalog.js";
import { loadDataset } from "../src/data/load-dataset.js";
import { defaultRulesDir } from "../src/demo/rule-pack-location.js";
import { LocalRunner, type QueryRunner, type QueryWindow, type RunOutcome } from "../src/detect/query-runner.js";
import { runDetection } from "../src/detect/run-detection.js";
import { loadDetectionRules } from "../src/rules/detection-rules.js";
import type { Rule } from "../src/rules/rule.js";
import { Store } from "../src/store/store.js";
import { benchTenant } from "./pack/bench-tenant.js";

const env = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
const log = (s: string) => console.log(s);
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A runner that times its inner runner's queries. */
class TimedRunner implements QueryRunner {
  readonly source: string;
  queryMs = 0;
  constructor(private readonly inner: LocalRunner) {
    this.source = inner.source;
  }
  prepare(rule: Rule): readonly Diagnostic[] {
    return this.inner.prepare(rule);
  }
  run(rule: Rule, w: QueryWindow): RunOutcome {
    const t = performance.now();
    try {
      return this.inner.run(rule, w);
    } finally {
      this.queryMs += performance.now() - t;
    }
  }
}

const tenant = await benchTenant(
  {
    events: env("BENCH_EVENTS", 300_000),
    days: env("BENCH_DAYS", 3),
    seed: env("BENCH_SEED", 1),
    ...(process.env.BENCH_DIR === undefined ? {} : { dir: process.env.BENCH_DIR }),
  },
  log,
);
const { rules } = loadDetectionRules([defaultRulesDir()!]);
let t0 = performance.now();
const ds = await loadDataset([tenant.dir], { watchlistAliases: tenant.watchlists.map((w) => w.alias), load: { progress: false } });
const { catalog } = await datasetCatalog(
  ds,
  rules.map((r) => r.query),
  tenant.watchlists,
);
log(`tenant ${tenant.dir}: ${[...ds.tables.values()].reduce((n, t) => n + t.table.rowCount, 0).toLocaleString("en-US")} records loaded in ${s(performance.now() - t0)}`);

const dir = mkdtempSync(join(tmpdir(), "widar-bench-detect-"));
try {
  const store = Store.open(join(dir, "widar.db"));
  const runner = new TimedRunner(new LocalRunner(catalog));
  for (const r of rules) runner.prepare(r);
  t0 = performance.now();
  const result = await runDetection({
    rules,
    runner,
    store,
    fromMs: Date.parse(tenant.manifest.period.start),
    toMs: Date.parse(tenant.manifest.period.end),
  });
  const total = performance.now() - t0;
  store.close();
  const runs = result.rules.reduce((n, r) => n + r.runs, 0);
  const alerts = result.rules.reduce((n, r) => n + r.alerts.length, 0);
  const size = statSync(join(dir, "widar.db")).size + (statSync(join(dir, "widar.db-wal"), { throwIfNoEntry: false })?.size ?? 0);
  log(`\nreplay of the pack over ${tenant.manifest.period.days} days: ${rules.length} rules, ${runs.toLocaleString("en-US")} runs, ${alerts} alerts, ${result.incidents.length} incidents`);
  log(`  queries (the engine):                     ${s(runner.queryMs)}`);
  log(`  runtime (alerts, incidents, store writes): ${s(total - runner.queryMs)}`);
  log(`  total:                                    ${s(total)}`);
  log(`replay / bare query time: ${(total / runner.queryMs).toFixed(2)}; the runtime's share of the total: ${((100 * (total - runner.queryMs)) / total).toFixed(1)}%`);
  log(`per run: ${(total / runs).toFixed(2)} ms, of which runtime ${((total - runner.queryMs) / runs).toFixed(3)} ms; store ${(size / 2 ** 20).toFixed(1)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
