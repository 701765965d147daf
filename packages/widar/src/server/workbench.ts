/**
 * The workbench's state: what `widar serve` loads once at start and every endpoint reads.
 *
 *   --store FILE ──► Store (alerts, incidents, investigations, runs; the analyst's actions)
 *   --data DIR   ──► Dataset (the tables the console queries, as `widar detect` loads them)
 *   --rules DIR  ──► the pack's rules (the Rules page)
 *
 * The server computes nothing detection or triage does not store: it reads the store, runs KQL
 * over the loaded data and records the analyst's changes through the CLI's own functions.
 */
import type { DataDiagnostic, QueryLimits } from "@widar/kql";
import { watchlistAliases } from "../data/dataset-catalog.js";
import { type Dataset, loadDataset } from "../data/load-dataset.js";
import { loadDetectionRules } from "../rules/detection-rules.js";
import type { Rule } from "../rules/rule.js";
import { Store } from "../store/store.js";

export interface WorkbenchOptions {
  readonly storeFile: string;
  readonly dataPaths: readonly string[];
  readonly rulesDir?: string;
  /** The limits every console query runs under (the query's own `set` statements override them). */
  readonly limits?: QueryLimits;
}

export interface Workbench {
  readonly store: Store;
  readonly storeFile: string;
  readonly dataset?: Dataset;
  readonly rules: readonly Rule[];
  readonly rulesDir?: string;
  readonly ruleDiagnostics: readonly DataDiagnostic[];
  readonly limits: QueryLimits;
  close(): void;
}

/** The watchlists every shipped rule and triage query may read, found among the data by file name. */
const KNOWN_WATCHLISTS = ["NetworkAllowlist", "AutomationIdentities"];

/** Opens the store (creating it when absent), loads the data and the rules. Throws StoreError (WS001–WS003). */
export async function openWorkbench(o: WorkbenchOptions): Promise<Workbench> {
  const { rules, diagnostics } = o.rulesDir === undefined ? { rules: [], diagnostics: [] } : loadDetectionRules([o.rulesDir]);
  const aliases = [...new Set([...KNOWN_WATCHLISTS, ...watchlistAliases(rules.map((r) => r.query))])];
  const dataset = o.dataPaths.length === 0 ? undefined : await loadDataset(o.dataPaths, { watchlistAliases: aliases });
  const store = Store.open(o.storeFile);
  return {
    store,
    storeFile: o.storeFile,
    ...(dataset === undefined ? {} : { dataset }),
    rules,
    ...(o.rulesDir === undefined ? {} : { rulesDir: o.rulesDir }),
    ruleDiagnostics: diagnostics,
    limits: o.limits ?? {},
    close: () => store.close(),
  };
}
