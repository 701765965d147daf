/**
 * The demo: simulate a tenant (deterministic by seed, with every attack scenario), run the pack
 * over its period through the detection runtime (alerts and incidents into a store of its own,
 * rebuilt each time), and score the alerts against the simulator's ground truth.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { defaultTriageQueriesDir } from "./rule-pack-location.js";
import { detectAndTriage } from "../triage/detect-and-triage.js";
import { type Evaluation, evaluate, type GroundTruthFile, type TriageScore, triageScore } from "../detect/evaluate.js";
import type { DetectionResult } from "../detect/run-detection.js";
import { loadDetectionRules } from "../rules/detection-rules.js";
import { inventoryWatchlists } from "../rules/inventory-watchlists.js";
import type { Rule } from "../rules/rule.js";
import { listIncidents } from "../store/incidents.js";
import { alertVerdicts, verdictsOf } from "../store/investigations.js";
import type { Incident } from "../store/model.js";
import { Store } from "../store/store.js";
import { type Progress, type SimulationResult, simulate } from "../simulator/index.js";

export interface DemoOptions {
  readonly outDir: string;
  readonly rulesDir: string;
  /** The demo's store (default `<outDir>/widar.db`): deleted and rebuilt by every demo run. */
  readonly storeFile?: string;
  readonly seed?: number;
  readonly days?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Called after each rule run (rules × windows). */
  readonly onRun?: (done: number, total: number, rule: Rule) => void;
  readonly onTriage?: (done: number, total: number) => void;
}

export interface DemoResult {
  readonly simulation: SimulationResult;
  readonly rules: readonly Rule[];
  readonly detection: DetectionResult;
  readonly incidents: readonly Incident[];
  /** Each incident's suggested verdict (its alerts' most severe), by incident id. */
  readonly verdicts: ReadonlyMap<string, string>;
  readonly evaluation: Evaluation;
  /** The triage's verdicts against the ground truth's labels. */
  readonly triage: TriageScore;
  readonly storeFile: string;
  readonly loadDiagnostics: readonly Diagnostic[];
}

/** Deletes a SQLite store and its WAL files. */
export function removeStore(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const simulation = await simulate({ outDir: o.outDir, seed: o.seed, days: o.days, onProgress: o.onProgress });
  const { rules, diagnostics: ruleDiags } = loadDetectionRules([o.rulesDir]);
  const m = simulation.manifest;
  // The pack's inventory watchlists (privileged SPs, app credentials), filled from the simulated
  // tenant as a user fills them from their own directory; found among the data by their names.
  const inventory = inventoryWatchlists(JSON.parse(readFileSync(join(o.outDir, m.files.tenant), "utf8")));
  for (const [alias, csv] of Object.entries(inventory)) writeFileSync(join(o.outDir, `${alias}.csv`), csv);
  const storeFile = o.storeFile ?? join(o.outDir, "widar.db");
  removeStore(storeFile);
  const store = Store.open(storeFile);
  try {
    const queriesDir = defaultTriageQueriesDir();
    const local = await detectAndTriage({
      dataPaths: [o.outDir],
      rules,
      store,
      fromMs: Date.parse(m.period.start),
      toMs: Date.parse(m.period.end),
      ...(o.onRun === undefined ? {} : { onProgress: o.onRun }),
      ...(queriesDir === undefined ? {} : { queriesDir }),
      ...(o.onTriage === undefined ? {} : { onTriage: o.onTriage }),
    });
    const detection = local.result!;
    const gt = simulation.groundTruth as unknown as GroundTruthFile;
    const evaluation = evaluate(
      detection.rules.flatMap((r) => r.alerts),
      gt,
      rules.map((r) => r.id),
    );
    return {
      simulation,
      rules,
      detection,
      incidents: listIncidents(store.db),
      verdicts: verdictsOf(store.db, listIncidents(store.db)),
      evaluation,
      triage: triageScore(evaluation.alertsAbout, alertVerdicts(store.db)),
      storeFile,
      loadDiagnostics: [...ruleDiags, ...local.dataDiagnostics],
    };
  } finally {
    store.close();
  }
}
