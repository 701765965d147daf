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
 * A changed file is read again up to its last complete line (from a snapshot of those bytes, in a
 * work directory beside the store), so a line being written is never read half; its last line
 * without a newline is read once the file stops growing for a poll, a gzip file likewise.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, type Stats, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Catalog, Diagnostic, StoredFunction, Table } from "@widar/kql";
import { datasetCatalog, type WatchlistSource, watchlistAliases } from "../data/dataset-catalog.js";
import { concatTables, type Dataset, dataFiles, type LoadedTable, loadDataset, timeRangeOf } from "../data/load-dataset.js";
import type { Rule } from "../rules/rule.js";
import type { Alert } from "../store/model.js";
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
  /** Workspace functions and parsers the rules may call (`--functions`). */
  readonly functions?: readonly StoredFunction[];
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
  /** Called once the data is first loaded (the CLI investigates alerts an interrupted run left without). */
  readonly onStart?: (catalog: Catalog) => Promise<void>;
  /** More query texts whose tables the catalog declares (the triage's queries). */
  readonly moreQueryTexts?: readonly string[];
  /** Called with a window's new alerts and the catalog they were found in (the CLI triages them). */
  readonly onNewAlerts?: (alerts: readonly Alert[], catalog: Catalog) => Promise<void>;
  /** A directory of widar's own for snapshots and rejects (default: beside the store); emptied at start and end. */
  readonly workDir?: string;
}

interface FileState {
  readonly size: number;
  readonly mtimeMs: number;
  /** The bytes read (complete lines), when read. */
  readonly readBytes?: number;
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

/** The directory's tables as of now: files that changed are read again; growing ones wait. */
class FollowedData {
  private readonly files = new Map<string, FileState>();
  private watchlistFiles: Dataset["watchlists"] = [];
  private current: Dataset | undefined;

  constructor(
    private readonly dir: string,
    private readonly aliases: readonly string[],
    /** Where snapshots of the files' complete lines are written. */
    private readonly workDir: string,
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
      const read = await this.read(f, st.size, settled, prev?.readBytes, onDiagnostics);
      this.files.set(f, { size: st.size, mtimeMs: st.mtimeMs, ...read });
      if (read.tables !== undefined && read.readBytes !== prev?.readBytes) changed = true;
    }
    if (changed) this.current = undefined;
    return changed;
  }

  /**
   * A file's complete lines, read from a snapshot of them (a line still being written is left for
   * the next poll, unless the file has stopped growing); a gzip file once it has stopped growing.
   */
  private async read(
    f: string,
    size: number,
    settled: boolean,
    before: number | undefined,
    onDiagnostics?: (d: readonly Diagnostic[]) => void,
  ): Promise<{ readBytes?: number; tables?: ReadonlyMap<string, Table> }> {
    const gzip = /\.gz$/i.test(f);
    if (gzip && !settled) return {};
    let source = f;
    let readBytes = size;
    if (!gzip) {
      const bytes = readFileSync(f).subarray(0, size);
      const cut = bytes.lastIndexOf(0x0a) + 1;
      readBytes = settled || cut === bytes.length ? bytes.length : cut;
      if (readBytes === 0 || readBytes === before) return { ...(before === undefined ? {} : { readBytes: before }) };
      const dir = join(this.workDir, createHash("sha256").update(f).digest("hex").slice(0, 16));
      mkdirSync(dir, { recursive: true });
      source = join(dir, basename(f));
      writeFileSync(source, bytes.subarray(0, readBytes));
    }
    const ds = await loadDataset([source], {
      watchlistAliases: this.aliases,
      load: { progress: false, cache: false, rejectsDir: join(this.workDir, "rejects") },
    });
    // Diagnostics name the file the user has, not the snapshot.
    onDiagnostics?.(ds.diagnostics.filter((d) => d.severity !== "info").map((d) => (d.file === source ? { ...d, file: f } : d)));
    if (ds.watchlists.length > 0) this.watchlistFiles = [...this.watchlistFiles.filter((w) => w.path !== source), ...ds.watchlists];
    return { readBytes, tables: new Map([...ds.tables].map(([name, t]) => [name, t.table])) };
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
  const workDir = o.workDir ?? `${o.store.file}-watch`;
  rmSync(workDir, { recursive: true, force: true });
  const data = new FollowedData(o.dataDir, watchlistAliases(o.rules.map((r) => r.query)), workDir);
  try {
    return await follow(o, data);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function follow(o: WatchOptions, data: FollowedData): Promise<WatchResult> {
  const now = o.now ?? Date.now;
  const delay = o.delayMs ?? DEFAULT_INGESTION_DELAY_MS;
  const texts = [...o.rules.map((r) => r.query), ...(o.moreQueryTexts ?? [])];
  let catalog: Catalog | undefined;
  let runner: LocalRunner | undefined;
  let prepared: PreparedRule[] = [];
  let started = false;
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
      const built = await datasetCatalog(ds, texts, o.watchlists, o.functions);
      o.onDiagnostics?.(built.diagnostics.filter((d) => d.severity !== "info"));
      const schemas = (c: Catalog | undefined) => (c === undefined ? "" : JSON.stringify(c.tableNames().map((n) => [n, c.schemaOf(n)])));
      const changedSchemas = schemas(catalog) !== schemas(built.catalog);
      catalog = built.catalog;
      if (runner === undefined) runner = new LocalRunner(catalog);
      else runner.setCatalog(catalog, changedSchemas);
      if (changedSchemas || prepared.length === 0) prepared = prepareRules(o.rules, runner).prepared;
      if (!started) {
        started = true;
        await o.onStart?.(catalog);
      }
      if (startMs === undefined) startMs = o.clock === "wall" ? now() - delay : ds.timeRange?.fromMs;
    }
    const clock = o.clock === "wall" ? now() : data.dataset().timeRange?.toMs;
    if (clock !== undefined && startMs !== undefined) {
      const horizon = Math.min(clock - delay, o.untilMs ?? Number.POSITIVE_INFINITY);
      for (const { p, t } of dueRuns(prepared, o.store, runner!.source, startMs, horizon)) {
        if (stopped()) return { windows, alerts, stoppedBy: "signal" };
        const r = await runRuleWindow(o.store, runner!, p, t, startMs);
        if (r.newAlerts > 0 && o.onNewAlerts !== undefined) await o.onNewAlerts(r.alerts, catalog!);
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
