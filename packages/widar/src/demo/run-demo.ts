/**
 * The demo: simulate a tenant (deterministic by seed, with every attack scenario), replay each
 * rule of the pack over the simulated period as Sentinel's scheduler would, and score the alerts
 * against the simulator's ground truth: which attacks each expected rule caught, which it missed,
 * and which benign activity (known false positives) fired.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic, Table } from "@widar/kql";
import { buildCatalog } from "../data/load-catalog.js";
import { inventoryWatchlists } from "../rules/inventory-watchlists.js";
import { loadRules } from "../rules/load-rules.js";
import { replayRule } from "../rules/replay.js";
import { labelId, type Rule } from "../rules/rule.js";
import { type LabelledIdentity, type Progress, type SimulationResult, simulate } from "../simulator/index.js";

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
  /**
   * The alerts' result rows by what they are about: an attack scenario (the row names one of its
   * identities or IPs, and the run's window sees its records), benign activity the ground truth
   * lists as a likely false positive of this rule (likewise), or neither (a false positive to
   * look at).
   */
  readonly attribution: { readonly attack: number; readonly knownBenign: number; readonly other: number };
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

/** How often the demo runs the pack's hunting queries (they have no schedule of their own). */
export const HUNT_EVERY_MS = 86_400_000;

/** The pack's scheduled rules and hunting queries (plain .kql files are not detections). */
export function loadPack(dir: string): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of loadRules([dir]).loaded) {
    diagnostics.push(...f.diagnostics.filter((d) => d.severity === "error"));
    if (f.rule !== undefined && (f.rule.kind === "scheduled" || f.rule.kind === "hunting")) rules.push(f.rule);
  }
  return { rules, diagnostics };
}

/** A labelled stretch of activity: when, and the identities' ids, names and IPs (lower case). */
interface Labelled {
  readonly start: number;
  readonly end: number;
  readonly keys: readonly string[];
}

function labelled(start: number, end: number, identities: readonly LabelledIdentity[], ips: readonly string[]): Labelled {
  const keys = new Set<string>(ips);
  for (const i of identities) for (const k of [i.id, i.appId, i.userPrincipalName, i.displayName]) if (k) keys.add(k.toLowerCase());
  return { start, end, keys: [...keys] };
}

/** Every string in a result row (inside dynamic arrays and bags too), lower case. */
function rowTokens(t: Table, row: number): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === "string") out.add(v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) add(x);
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) add(x);
  };
  for (const c of t.columns) add(c.get(row));
  return out;
}

/** How far back a run of the rule sees: its queryPeriod, or a hunt's interval. */
const lookbackMs = (rule: Rule): number => (rule.kind === "scheduled" ? rule.queryPeriodMs : HUNT_EVERY_MS);

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const simulation = await simulate({ outDir: o.outDir, seed: o.seed, days: o.days, onProgress: o.onProgress });
  const { rules, diagnostics: ruleDiags } = loadPack(o.rulesDir);
  const m = simulation.manifest;
  const tables = Object.entries(m.tables).map(([name, e]) => ({ name, path: join(o.outDir, e!.file) }));
  // The pack's inventory watchlists (privileged SPs, app credentials), filled from the
  // simulated tenant as a user fills them from their own directory.
  const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(o.outDir, m.files.tenant), "utf8")));
  const watchlists = [
    { alias: "NetworkAllowlist", path: join(o.outDir, m.files.watchlist) },
    { alias: "AutomationIdentities", path: join(o.outDir, m.files.automationWatchlist) },
  ];
  for (const [alias, csv] of Object.entries(inventory)) {
    const path = join(o.outDir, `${alias}.csv`);
    writeFileSync(path, csv);
    watchlists.push({ alias, path });
  }
  const { catalog, diagnostics } = await buildCatalog({ queryTexts: rules.map((r) => r.query), tables, watchlists });
  const from = Date.parse(m.period.start);
  const to = Date.parse(m.period.end);
  const gt = simulation.groundTruth;
  const attacks = gt.scenarios.map((s) => labelled(Date.parse(s.window.start), Date.parse(s.window.end), s.identities, s.ips));
  const outcomes: RuleOutcome[] = rules.map((rule, i) => {
    o.onRule?.(rule, i, rules.length);
    const r = replayRule(rule, catalog, from, to, { huntEveryMs: HUNT_EVERY_MS });
    const alerts = r.triggered.map((t) => ({ windowEndMs: t.windowEndMs, rows: t.result.rowCount }));
    const benign = gt.benign
      .filter((b) => (b.rulesLikelyToFire as readonly string[]).includes(labelId(rule)))
      .map((b) => labelled(Date.parse(b.at), Date.parse(b.evaluateAt), b.identities, []));
    const attribution = { attack: 0, knownBenign: 0, other: 0 };
    for (const run of r.triggered) {
      const seen = (l: Labelled) => run.windowEndMs >= l.start && run.windowEndMs - lookbackMs(rule) <= l.end;
      const seenAttacks = attacks.filter(seen);
      const seenBenign = benign.filter(seen);
      for (let row = 0; row < run.result.rowCount; row++) {
        const tokens = rowTokens(run.result, row);
        const names = (l: Labelled) => l.keys.some((k) => tokens.has(k));
        if (seenAttacks.some(names)) attribution.attack++;
        else if (seenBenign.some(names)) attribution.knownBenign++;
        else attribution.other++;
      }
    }
    return { rule, runs: r.runs, alerts, diagnostics: r.diagnostics, attribution };
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
        o.alerts.some((a) => a.windowEndMs >= start && a.windowEndMs - lookbackMs(o.rule) <= end),
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
