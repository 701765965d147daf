/**
 * `widar detect --data`: a user's log files → the pack's runs over them on widar's engine →
 * alerts and incidents in the store. The period defaults to the data's own time range.
 */
import type { Catalog, Diagnostic, StoredFunction } from "@widar/kql";
import { datasetCatalog, type WatchlistSource, watchlistAliases } from "../data/dataset-catalog.js";
import { type Dataset, loadDataset } from "../data/load-dataset.js";
import type { ProgressSink } from "../data/progress.js";
import type { Rule } from "../rules/rule.js";
import type { Store } from "../store/store.js";
import { LocalRunner } from "./query-runner.js";
import { type DetectionResult, runDetection } from "./run-detection.js";

export interface LocalDetectionOptions {
  readonly dataPaths: readonly string[];
  readonly rules: readonly Rule[];
  readonly store: Store;
  readonly watchlists?: readonly WatchlistSource[];
  /** Workspace functions and parsers the rules may call (`--functions`). */
  readonly functions?: readonly StoredFunction[];
  readonly fromMs?: number;
  readonly toMs?: number;
  /** Where load progress bars draw (false: none). */
  readonly loadProgress?: ProgressSink | false;
  readonly onProgress?: (done: number, total: number, rule: Rule) => void;
  readonly signal?: AbortSignal;
  /** More query texts whose tables the catalog declares (the triage's queries). */
  readonly moreQueryTexts?: readonly string[];
  /** Windows the store already completed are not run again (see DetectionOptions.skipCompleted). */
  readonly skipCompleted?: boolean;
}

export interface LocalDetection {
  readonly dataset: Dataset;
  /** Data problems (file and line), watchlist problems. */
  readonly dataDiagnostics: readonly Diagnostic[];
  readonly period?: { readonly fromMs: number; readonly toMs: number };
  /** Undefined when there was nothing to run over (no data with times and no period given). */
  readonly result?: DetectionResult;
  /** The catalog the rules ran against (what the triage investigates over). */
  readonly catalog: Catalog;
}

export async function detectLocal(o: LocalDetectionOptions): Promise<LocalDetection> {
  const texts = o.rules.map((r) => r.query);
  const dataset = await loadDataset(o.dataPaths, { watchlistAliases: watchlistAliases(texts), load: { progress: o.loadProgress ?? false } });
  const { catalog, diagnostics } = await datasetCatalog(dataset, [...texts, ...(o.moreQueryTexts ?? [])], o.watchlists, o.functions);
  const dataDiagnostics = [...dataset.diagnostics, ...diagnostics];
  const fromMs = o.fromMs ?? dataset.timeRange?.fromMs;
  const toMs = o.toMs ?? dataset.timeRange?.toMs;
  if (fromMs === undefined || toMs === undefined) return { dataset, dataDiagnostics, catalog };
  const result = await runDetection({
    rules: o.rules,
    runner: new LocalRunner(catalog),
    store: o.store,
    fromMs,
    toMs,
    ...(o.onProgress === undefined ? {} : { onProgress: o.onProgress }),
    ...(o.signal === undefined ? {} : { signal: o.signal }),
    ...(o.skipCompleted === undefined ? {} : { skipCompleted: o.skipCompleted }),
  });
  return { dataset, dataDiagnostics, period: { fromMs, toMs }, result, catalog };
}
