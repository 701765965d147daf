/**
 * Where a rule's query runs for a window: widar's own engine over loaded tables (LocalRunner), or
 * a Log Analytics workspace / an Azure Data Explorer database (remote/). Every runner answers with
 * a typed result table or coded diagnostics, so the alert and incident pipeline after it is one.
 */
import { type Catalog, type CompiledQuery, compile, createWindowCache, type Diagnostic, execute, type Table, type WindowCache } from "@widar/kql";
import type { Rule } from "../rules/rule.js";

export interface QueryWindow {
  /** The run's "now" and the end of what it reads. */
  readonly endMs: number;
  /** The start of what it reads (exclusive in Sentinel's terms); -Infinity for a hunt. */
  readonly queryFromMs: number;
}

export interface RunOutcome {
  /** The result (the query's last table); undefined when the run failed. */
  readonly table?: Table;
  readonly diagnostics: readonly Diagnostic[];
}

export interface QueryRunner {
  /** `local`, `workspace:<id>`, `adx:<cluster>/<database>`: alerts and checkpoints are kept per source. */
  readonly source: string;
  /** Prepares a rule (parse and bind); errors mean every run of it fails with them. */
  prepare(rule: Rule): readonly Diagnostic[];
  run(rule: Rule, w: QueryWindow): RunOutcome | Promise<RunOutcome>;
}

/**
 * Runs rules on widar's engine over the catalog's tables. Each rule keeps a window cache across
 * its runs (consecutive windows overlap almost entirely: a baseline's whole hours and days are
 * aggregated once); new data drops the caches, as their partial aggregates no longer hold.
 */
export class LocalRunner implements QueryRunner {
  readonly source = "local";
  private readonly compiled = new Map<string, CompiledQuery>();
  private readonly caches = new Map<string, WindowCache>();

  constructor(private catalog: Catalog) {}

  /** Swaps in a catalog with new data (live mode); compiled rules are kept while schemas hold. */
  setCatalog(catalog: Catalog, schemasChanged: boolean): void {
    this.catalog = catalog;
    this.caches.clear();
    if (schemasChanged) this.compiled.clear();
  }

  prepare(rule: Rule): readonly Diagnostic[] {
    let c = this.compiled.get(rule.id);
    if (c === undefined || c.text !== rule.query) {
      c = compile(rule.query, this.catalog);
      this.compiled.set(rule.id, c);
    }
    return c.diagnostics;
  }

  run(rule: Rule, w: QueryWindow): RunOutcome {
    this.prepare(rule);
    const c = this.compiled.get(rule.id)!;
    let windowCache = this.caches.get(rule.id);
    if (windowCache === undefined) this.caches.set(rule.id, (windowCache = createWindowCache()));
    const r = execute(c, this.catalog, { now: w.endMs, timeRange: { from: w.queryFromMs, to: w.endMs }, windowCache });
    if (r.diagnostics.some((d) => d.severity === "error")) return { diagnostics: r.diagnostics };
    return { table: r.tables[r.tables.length - 1], diagnostics: r.diagnostics };
  }
}
