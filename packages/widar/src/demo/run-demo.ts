/**
 * The demo: simulate a tenant (deterministic by seed, with every attack scenario), replay each
 * rule of the pack over the simulated period as Sentinel's scheduler would, and score the alerts
 * against the simulator's ground truth: which attacks each expected rule caught, which it missed,
 * and which benign activity (known false positives) fired.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { buildCatalog } from "../data/load-catalog.js";
import { inventoryWatchlists } from "../rules/inventory-watchlists.js";
import { loadRules } from "../rules/load-rules.js";
import { replayRule } from "../rules/replay.js";
import { labelId, type Rule } from "../rules/rule.js";
import { type Progress, type SimulationResult, simulate } from "../simulator/index.js";

export interface DemoOptions {
  readonly outDir: string;
  readonly rulesDir: string;
  readonly seed?: number;
  readonly days?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Called before each rule's replay (the replay of a whole pack takes a while). */
  readonly onRule?: (rule: Rule, index: number, total: number) => void;
}

export interface RuleOutcome {
  readonly rule: Rule;
  readonly runs: number;
  /** Window ends (Unix ms) of the runs that triggered, with their result row counts. */
  readonly alerts: readonly { readonly windowEndMs: number; readonly rows: number }[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface ScenarioOutcome {
  readonly id: string;
  readonly name: string;
  readonly expected: readonly string[];
  /** Expected rules that fired on the scenario's records, and those that did not. */
  readonly caught: readonly string[];
  readonly missed: readonly string[];
  /** Expected rules the pack does not contain (yet). */
  readonly notInPack: readonly string[];
  /** Expected rule families (label ids) of which at least one rule caught the scenario. */
  readonly expectedCaught: readonly string[];
}

export interface DemoResult {
  readonly simulation: SimulationResult;
  readonly rules: readonly RuleOutcome[];
  readonly scenarios: readonly ScenarioOutcome[];
  readonly loadDiagnostics: readonly Diagnostic[];
}

/** The pack's scheduled rules (hunting queries and plain .kql files have no schedule to replay). */
export function loadPack(dir: string): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of loadRules([dir]).loaded) {
    diagnostics.push(...f.diagnostics.filter((d) => d.severity === "error"));
    if (f.rule !== undefined && f.rule.kind === "scheduled") rules.push(f.rule);
  }
  return { rules, diagnostics };
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const simulation = await simulate({ outDir: o.outDir, seed: o.seed, days: o.days, onProgress: o.onProgress });
  const { rules, diagnostics: ruleDiags } = loadPack(o.rulesDir);
  const m = simulation.manifest;
  const tables = Object.entries(m.tables).map(([name, e]) => ({ name, path: join(o.outDir, e!.file) }));
  // The pack's inventory watchlists (privileged SPs, app credentials), filled from the
  // simulated tenant as a user fills them from their own directory.
  const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(o.outDir, m.files.tenant), "utf8")));
  const watchlists = [{ alias: "NetworkAllowlist", path: join(o.outDir, m.files.watchlist) }];
  for (const [alias, csv] of Object.entries(inventory)) {
    const path = join(o.outDir, `${alias}.csv`);
    writeFileSync(path, csv);
    watchlists.push({ alias, path });
  }
  const { catalog, diagnostics } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables, watchlists });
  const from = Date.parse(m.period.start);
  const to = Date.parse(m.period.end);
  const outcomes: RuleOutcome[] = rules.map((rule, i) => {
    o.onRule?.(rule, i, rules.length);
    const r = replayRule(rule, catalog, from, to);
    return {
      rule,
      runs: r.runs,
      alerts: r.triggered.map((t) => ({ windowEndMs: t.windowEndMs, rows: t.result.rowCount })),
      diagnostics: r.diagnostics,
    };
  });
  // A label names the rule family (RULE-19); the pack may hold variants of it (RULE-19C, RULE-18W).
  const byLabel = new Map<string, RuleOutcome[]>();
  for (const x of outcomes) byLabel.set(labelId(x.rule), [...(byLabel.get(labelId(x.rule)) ?? []), x]);
  const scenarios: ScenarioOutcome[] = simulation.groundTruth.scenarios.map((s) => {
    const start = Date.parse(s.window.start);
    const end = Date.parse(s.window.end);
    const caught: string[] = [];
    const missed: string[] = [];
    const notInPack: string[] = [];
    const expectedCaught: string[] = [];
    for (const id of s.expectedRules) {
      const family = byLabel.get(id);
      if (family === undefined) {
        notInPack.push(id);
        continue;
      }
      // A run sees the scenario when its window [end - period, end] overlaps the scenario's records.
      const hit = family.filter((o) =>
        o.alerts.some((a) => a.windowEndMs >= start && a.windowEndMs - o.rule.queryPeriodMs <= end),
      );
      if (hit.length > 0) {
        caught.push(...hit.map((o) => o.rule.id));
        expectedCaught.push(id);
      }
      else missed.push(...family.map((o) => o.rule.id));
    }
    return { id: s.id, name: s.name, expected: s.expectedRules, caught, missed, notInPack, expectedCaught };
  });
  return { simulation, rules: outcomes, scenarios, loadDiagnostics: [...ruleDiags, ...diagnostics] };
}
