/**
 * The data the pack benchmark runs on: a simulated tenant (every attack scenario, benign volume
 * scaled to the requested events), generated once per set of options into a directory under the
 * system temp dir and reused by later runs (the simulator is deterministic by seed, so a reused
 * directory holds exactly what a new run would write). The inventory watchlists some rules read
 * are written beside the tables, as the demo does.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inventoryWatchlists } from "../../src/rules/inventory-watchlists.js";
import { type GroundTruth, type Manifest, TABLE_NAMES, simulate } from "../../src/simulator/index.js";
import { WATCHLISTS } from "./duckdb-tenant.js";

export interface BenchTenantOptions {
  readonly events: number;
  /** Benign AuditLogs records among the events (default: the simulator's share). */
  readonly auditEvents?: number;
  readonly days: number;
  readonly seed: number;
  /** Where to keep it (default: a directory named for the options under the temp dir). */
  readonly dir?: string;
}

export interface BenchTenant {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly groundTruth: GroundTruth;
  readonly tables: { name: string; path: string }[];
  readonly watchlists: { alias: string; path: string }[];
}

const MARK = "bench-options.json";

export async function benchTenant(o: BenchTenantOptions, log: (s: string) => void = () => {}): Promise<BenchTenant> {
  const options = { events: o.events, auditEvents: o.auditEvents ?? null, days: o.days, seed: o.seed, version: 2 };
  const dir = o.dir ?? join(tmpdir(), `widar-bench-tenant-${o.seed}-${o.days}d-${o.events}${o.auditEvents === undefined ? "" : `-a${o.auditEvents}`}`);
  const mark = join(dir, MARK);
  const fresh = existsSync(mark) && readFileSync(mark, "utf8") === JSON.stringify(options);
  if (!fresh) {
    // Written aside and renamed into place, so that another process never reads half a tenant.
    const work = `${dir}.tmp-${process.pid}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    log(`simulating ${o.events.toLocaleString("en-US")} events over ${o.days} days into ${dir}`);
    await simulate({ outDir: work, seed: o.seed, days: o.days, events: o.events, ...(o.auditEvents === undefined ? {} : { auditEvents: o.auditEvents }) });
    const inv = inventoryWatchlists(JSON.parse(readFileSync(join(work, "tenant.json"), "utf8")));
    writeFileSync(join(work, "WorkloadIdentityInventory.csv"), inv.WorkloadIdentityInventory);
    writeFileSync(join(work, "AppCredentialInventory.csv"), inv.AppCredentialInventory);
    writeFileSync(join(work, MARK), JSON.stringify(options));
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  return {
    dir,
    manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest,
    groundTruth: JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8")) as GroundTruth,
    tables: TABLE_NAMES.filter((n) => existsSync(join(dir, `${n}.ndjson`))).map((name) => ({ name, path: join(dir, `${name}.ndjson`) })),
    watchlists: WATCHLISTS.map((alias) => ({ alias, path: join(dir, `${alias}.csv`) })).filter((w) => existsSync(w.path)),
  };
}
