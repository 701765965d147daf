/**
 * The whole pack replayed over a simulated tenant, every scheduled run (an hourly rule over 14
 * days runs 336 times), against one evaluation of the pack at the period's end: replay reuses
 * work between a rule's consecutive runs (a window cache: whole hours and days of a baseline
 * aggregated once), so its cost should be a small multiple of one evaluation, not the number
 * of runs times it. Prints ratios; asserts nothing.
 *
 *   npm run bench -- detect-replay
 *   BENCH_EVENTS=11000000 BENCH_AUDIT=1000000 BENCH_DAYS=14 npm run bench -- detect-replay
 *
 * Environment: BENCH_EVENTS (default 1,100,000), BENCH_AUDIT, BENCH_DAYS (14), BENCH_SEED (1),
 * BENCH_DIR, as the pack benchmark; BENCH_PLAIN=RULE-12,RULE-05 also replays those rules
 * without reuse, to measure (not extrapolate) what reuse saves on them; BENCH_RULES=RULE-12,...
 * replays only those rules.
 */
import { execute } from "@widar/kql";
import { buildCatalog } from "../src/data/load-catalog.js";
import { defaultRulesDir } from "../src/demo/rule-pack-location.js";
import { loadRules } from "../src/rules/load-rules.js";
import { replayRule } from "../src/rules/replay.js";
import type { Rule } from "../src/rules/rule.js";
import { benchTenant } from "./pack/bench-tenant.js";
import { compileRule } from "./pack/pack-runs.js";

const DAY = 86_400_000;
const env = (k: string, d: number) => (process.env[k] === undefined ? d : Number(process.env[k]));
const log = (s: string) => console.log(s);
const ms = (t: number) => (t < 10 ? t.toFixed(2) : t.toFixed(0));

const tenant = await benchTenant(
  {
    events: env("BENCH_EVENTS", 1_100_000),
    ...(process.env.BENCH_AUDIT === undefined ? {} : { auditEvents: env("BENCH_AUDIT", 0) }),
    days: env("BENCH_DAYS", 14),
    seed: env("BENCH_SEED", 1),
    ...(process.env.BENCH_DIR === undefined ? {} : { dir: process.env.BENCH_DIR }),
  },
  log,
);
log(`tenant: ${tenant.dir}`);
const rules = loadRules([defaultRulesDir()!])
  .loaded.map((l) => l.rule)
  .filter((r): r is Rule => r !== undefined)
  .filter((r) => process.env.BENCH_RULES === undefined || process.env.BENCH_RULES.split(",").includes(r.id));
const { catalog } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables: tenant.tables, watchlists: tenant.watchlists, load: { progress: false } });
const start = Date.parse(tenant.groundTruth.period.start);
const end = Date.parse(tenant.groundTruth.period.end);
const plainToo = new Set((process.env.BENCH_PLAIN ?? "").split(",").filter((s) => s !== ""));

interface Row {
  readonly id: string;
  readonly runs: number;
  readonly single: number;
  readonly replay: number;
  readonly plain?: number;
}

const rows: Row[] = [];
for (const rule of rules) {
  const compiled = compileRule(rule, catalog);
  const scheduled = rule.kind === "scheduled" && rule.queryPeriodMs > 0;
  const options = { now: end, timeRange: { from: scheduled ? end - rule.queryPeriodMs : Number.NEGATIVE_INFINITY, to: end } };
  execute(compiled, catalog, options); // warm: time indexes, kernels
  let t0 = performance.now();
  execute(compiled, catalog, options);
  const single = performance.now() - t0;
  // Hunts run daily over everything up to the run, as the demo runs them.
  const replayOptions = { huntEveryMs: DAY };
  t0 = performance.now();
  const r = replayRule(rule, catalog, start, end, replayOptions);
  const replay = performance.now() - t0;
  let plain: number | undefined;
  if (plainToo.has(rule.id)) {
    t0 = performance.now();
    replayRule(rule, catalog, start, end, { ...replayOptions, reuse: false });
    plain = performance.now() - t0;
  }
  rows.push({ id: rule.id, runs: r.runs, single, replay, ...(plain === undefined ? {} : { plain }) });
}

log("\nper rule (ms): one evaluation at the period's end; the replay of every scheduled run with reuse");
log(`  ${"rule".padEnd(9)} ${"runs".padStart(5)} ${"single".padStart(8)} ${"replay".padStart(9)} ${"replay/single".padStart(14)} ${"runs x single".padStart(14)}`);
for (const r of rows) {
  const extra = r.plain === undefined ? "" : `  without reuse (measured): ${ms(r.plain)} ms, ${(r.plain / r.replay).toFixed(1)}x the replay with reuse`;
  log(`  ${r.id.padEnd(9)} ${String(r.runs).padStart(5)} ${ms(r.single).padStart(8)} ${ms(r.replay).padStart(9)} ${(r.replay / r.single).toFixed(1).padStart(14)} ${ms(r.runs * r.single).padStart(14)}${extra}`);
}
const single = rows.reduce((s, r) => s + r.single, 0);
const replay = rows.reduce((s, r) => s + r.replay, 0);
const extrapolated = rows.reduce((s, r) => s + r.runs * r.single, 0);
const runs = rows.reduce((s, r) => s + r.runs, 0);
log(`\npack: ${runs} runs; one evaluation ${ms(single)} ms, replay with reuse ${ms(replay)} ms: ratio ${(replay / single).toFixed(2)} (target <= 5)`);
log(`replay without reuse, extrapolated (each rule's runs x its one evaluation; an upper bound, early runs see less history): ${ms(extrapolated)} ms, ${(extrapolated / replay).toFixed(1)}x the replay with reuse`);
