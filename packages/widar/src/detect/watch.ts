/**
 * Live detection (`widar watch`): follows a directory as log files are added or appended to, and
 * runs every rule on its own schedule as its windows come due — a window ending at t is due once
 * the clock passes t + the ingestion delay (5 minutes by default, as Sentinel waits). After an
 * outage it catches up window by window, in time order across rules. Each window's alerts,
 * incidents, health record and checkpoint are one transaction (run-window.ts): a process killed at
 * any point and restarted neither skips a window nor duplicates an alert.
 *
 * The clock is the wall clock, or the data's own (`data`: the latest TimeGenerated loaded), for
 * replaying an export as it grows.
 *
 * Files are polled, not watched through inotify: a poll sees a whole directory tree the same way
 * on every platform and file system (network shares included), and each poll is a batch anyway.
 * A file is read once it ends with a newline or has stopped growing for a poll, so a line being
 * written is never read half; a changed file is read again whole.
 */
import { closeSync, openSync, readSync, type Stats, statSync } from "node:fs";
import type { Catalog, Diagnostic, Table } from "@widar/kql";
import { datasetCatalog, type WatchlistSource, watchlistAliases } from "../data/dataset-catalog.js";
import { concatTables, type Dataset, dataFiles, type LoadedTable, loadDataset, timeRangeOf } from "../data/load-dataset.js";
import type { Rule } from "../rules/rule.js";
import { getCheckpoint } from "../store/runs.js";
import type { Store } from "../store/store.js";
import { LocalRunner } from "./query-runner.js";
import { inTimeOrder, type PlannedRun, prepareRules, recordRules } from "./run-detection.js";
import type { PreparedRule } from "./run-window.js";
import { runRuleWindow } from "./run-window.js";
import { nextRunAfter } from "./schedule.js";

export const DEFAULT_INGESTION_DELAY_MS = 5 * 60_000;

export interface WatchOptions {
  readonly dataDir: string;
  readonly rules: readonly Rule[];
  readonly store: Store;
  readonly watchlists?: readonly WatchlistSource[];
  readonly clock: "wall" | "data";
  readonly delayMs?: number;
  readonly pollMs?: number;
  /** Where rules without a checkpoint start: default now (wall) or the data's first time (data). */
  readonly fromMs?: number;
  /** Stop once every rule has run every window up to this time. */
  readonly untilMs?: number;
  readonly signal?: AbortSignal;
  /** The wall clock (tests). */
  readonly now?: () => number;
  readonly onWindow?: (rule: Rule, endMs: number, alerts: number) => void;
  readonly onDiagnostics?: (d: readonly Diagnostic[]) => void;
}

interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
  /** Loaded (the tables it held), or seen growing and not read yet. */
  readonly tables?: ReadonlyMap<string, Table>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted === true) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });

function endsWithNewline(path: string, size: number): boolean {
  if (size === 0) return false;
  try {
    const fd = openSync(path, "r");
    try {
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, size - 1);
      return b[0] === 0x0a;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The directory's tables as of now: files that changed are read again; growing ones wait. */
class FollowedData {
  private readonly files = new Map<string, FileState>();
  private watchlistFiles: Dataset["watchlists"] = [];
  private current: Dataset | undefined;

  constructor(
    private readonly dir: string,
    private readonly aliases: readonly string[],
  ) {}

  /** Reads what changed; true when any table changed. */
  async refresh(onDiagnostics?: (d: readonly Diagnostic[]) => void): Promise<boolean> {
    const { files } = dataFiles([this.dir]);
    let changed = false;
    const present = new Set(files);
    for (const f of [...this.files.keys()])
      if (!present.has(f)) {
        this.files.delete(f);
        changed = true;
      }
    for (const f of files) {
      let st: Stats;
      try {
        st = statSync(f);
      } catch {
        continue;
      }
      const prev = this.files.get(f);
      if (prev !== undefined && prev.size === st.size && prev.mtimeMs === st.mtimeMs && prev.tables !== undefined) continue;
      const settled = prev !== undefined && prev.size === st.size && prev.mtimeMs === st.mtimeMs;
      if (!settled && !endsWithNewline(f, st.size) && !/\.gz$/i.test(f)) {
        // Still being written (or not a line format): read it once it stops growing.
        this.files.set(f, { size: st.size, mtimeMs: st.mtimeMs });
        continue;
      }
      const ds = await loadDataset([f], { watchlistAliases: this.aliases, load: { progress: false, cache: false } });
      onDiagnostics?.(ds.diagnostics.filter((d) => d.severity !== "info"));
      const tables = new Map([...ds.tables].map(([name, t]) => [name, t.table]));
      this.files.set(f, { size: st.size, mtimeMs: st.mtimeMs, tables });
      if (ds.watchlists.length > 0) this.watchlistFiles = [...this.watchlistFiles.filter((w) => w.path !== f), ...ds.watchlists];
      changed = true;
    }
    if (changed) this.current = undefined;
    return changed;
  }

  /** The tables of every file read, concatenated per table (kept until a file changes). */
  dataset(): Dataset {
    if (this.current === undefined) this.current = this.build();
    return this.current;
  }

  private build(): Dataset {
    const parts = new Map<string, { tables: Table[]; files: string[] }>();
    for (const [f, s] of this.files)
      for (const [name, t] of s.tables ?? []) {
        let p = parts.get(name);
        if (p === undefined) parts.set(name, (p = { tables: [], files: [] }));
        p.tables.push(t);
        p.files.push(f);
      }
    const tables = new Map<string, LoadedTable>();
    const diagnostics: Diagnostic[] = [];
    for (const [name, p] of parts) {
      const t = p.tables.length === 1 ? p.tables[0]! : concatTables(name, p.tables, diagnostics);
      tables.set(name, { name, schema: t.schema, table: t, files: p.files });
    }
    const range = timeRangeOf([...tables.values()].map((t) => t.table));
    return { tables, watchlists: this.watchlistFiles, diagnostics, files: [...this.files.keys()], skipped: [], ...(range === undefined ? {} : { timeRange: range }) };
  }
}

export interface WatchResult {
  readonly windows: number;
  readonly alerts: number;
  readonly stoppedBy: "signal" | "until";
}

/** The runs due: every rule's windows after its checkpoint (or the start) up to the horizon, in time order. */
function dueRuns(prepared: readonly PreparedRule[], store: Store, source: string, startMs: number, horizonMs: number): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const p of prepared) {
    const last = getCheckpoint(store.db, p.rule.id, source) ?? startMs;
    for (let t = nextRunAfter(p.schedule.everyMs, last); t <= horizonMs; t += p.schedule.everyMs) runs.push({ p, t });
  }
  return inTimeOrder(runs, prepared);
}

export async function watch(o: WatchOptions): Promise<WatchResult> {
  const now = o.now ?? Date.now;
  const delay = o.delayMs ?? DEFAULT_INGESTION_DELAY_MS;
  const data = new FollowedData(o.dataDir, watchlistAliases(o.rules.map((r) => r.query)));
  const texts = o.rules.map((r) => r.query);
  let catalog: Catalog | undefined;
  let runner: LocalRunner | undefined;
  let prepared: PreparedRule[] = [];
  let startMs: number | undefined = o.fromMs;
  let windows = 0;
  let alerts = 0;
  recordRules(o.store, o.rules);
  // A function, not a test inline: the signal changes while this loop awaits.
  const stopped = (): boolean => o.signal?.aborted === true;
  for (;;) {
    if (stopped()) return { windows, alerts, stoppedBy: "signal" };
    if ((await data.refresh(o.onDiagnostics)) || runner === undefined) {
      const ds = data.dataset();
      const built = await datasetCatalog(ds, texts, o.watchlists);
      o.onDiagnostics?.(built.diagnostics.filter((d) => d.severity !== "info"));
      const schemas = (c: Catalog | undefined) => (c === undefined ? "" : JSON.stringify(c.tableNames().map((n) => [n, c.schemaOf(n)])));
      const changedSchemas = schemas(catalog) !== schemas(built.catalog);
      catalog = built.catalog;
      if (runner === undefined) runner = new LocalRunner(catalog);
      else runner.setCatalog(catalog, changedSchemas);
      if (changedSchemas || prepared.length === 0) prepared = prepareRules(o.rules, runner).prepared;
      if (startMs === undefined) startMs = o.clock === "wall" ? now() - delay : ds.timeRange?.fromMs;
    }
    const clock = o.clock === "wall" ? now() : data.dataset().timeRange?.toMs;
    if (clock !== undefined && startMs !== undefined) {
      const horizon = Math.min(clock - delay, o.untilMs ?? Number.POSITIVE_INFINITY);
      for (const { p, t } of dueRuns(prepared, o.store, runner!.source, startMs, horizon)) {
        if (stopped()) return { windows, alerts, stoppedBy: "signal" };
        const r = await runRuleWindow(o.store, runner!, p, t, startMs);
        windows++;
        alerts += r.newAlerts;
        o.onWindow?.(p.rule, t, r.newAlerts);
      }
      if (o.untilMs !== undefined && prepared.every((p) => (getCheckpoint(o.store.db, p.rule.id, runner!.source) ?? Number.NEGATIVE_INFINITY) + p.schedule.everyMs > o.untilMs!))
        return { windows, alerts, stoppedBy: "until" };
    }
    await sleep(o.pollMs ?? 2000, o.signal);
  }
}
