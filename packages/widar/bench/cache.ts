/**
 * The columnar cache's speed-up: the same file loaded cold (parsed, mapped, and written to the
 * cache) and then warm (read from the cache), in one run, for each table of a simulated tenant.
 * Prints the times and the cold / warm ratio; asserts nothing. (Files under 1 MiB are not cached
 * by default; here every table is, to show why: a small file gains little.)
 *
 *   npx tsx packages/widar/bench/cache.ts [--records N]
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadEntraTable } from "../src/data/load-table.js";
import { formatBytes } from "../src/data/progress.js";
import { simulate } from "../src/simulator/index.js";

const { values } = parseArgs({ options: { records: { type: "string" } } });
const target = Number(values.records ?? 200_000);
const TABLES = ["AADServicePrincipalSignInLogs", "AADManagedIdentitySignInLogs", "SigninLogs", "AuditLogs"];

const dir = mkdtempSync(join(tmpdir(), "widar-bench-cache-"));
try {
  await simulate({ outDir: dir, seed: 11, days: 7, identities: 150, events: target, format: "ndjson" });
  console.log(`columnar cache: cold load (parse + map + write cache) vs warm load (cache hit), ${target} simulated events`);
  let coldTotal = 0;
  let warmTotal = 0;
  for (const table of TABLES) {
    const path = join(dir, `${table}.ndjson`);
    const cacheDir = join(dir, ".cache", table);
    const plain = await time(() => loadEntraTable(table, path, { cache: false, progress: false }));
    const cold = await time(() => loadEntraTable(table, path, { cache: { dir: cacheDir, minBytes: 0 }, progress: false }), "miss");
    const warm = await time(() => loadEntraTable(table, path, { cache: { dir: cacheDir, minBytes: 0 }, progress: false }), "hit");
    coldTotal += cold.ms;
    warmTotal += warm.ms;
    console.log(
      `  ${table.padEnd(30)} ${String(warm.rows).padStart(7)} rows ${formatBytes(statSync(path).size).padStart(9)}  ` +
        `no cache ${plain.ms.toFixed(0).padStart(5)} ms  cold ${cold.ms.toFixed(0).padStart(5)} ms  warm ${warm.ms.toFixed(0).padStart(4)} ms  speed-up x${(cold.ms / warm.ms).toFixed(1)}`,
    );
  }
  console.log(`  all tables: cold ${coldTotal.toFixed(0)} ms, warm ${warmTotal.toFixed(0)} ms, speed-up x${(coldTotal / warmTotal).toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

async function time(f: () => Promise<{ cache: string; table: { rowCount: number } }>, expect?: string): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const r = await f();
  const ms = performance.now() - t0;
  if (expect !== undefined && r.cache !== expect) console.log(`  (expected a cache ${expect}, got ${r.cache})`);
  return { ms, rows: r.table.rowCount };
}
