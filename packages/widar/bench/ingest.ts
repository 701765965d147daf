/**
 * NDJSON ingest throughput: widar's load of a simulator export (read, split, parse, map, coerce
 * into typed columns) against raw `JSON.parse` of the same lines, in the same run, reported as
 * ratios (target: at least 0.50). Two baselines: the lines already in memory (the strict floor:
 * widar's reading of the file counts against it), and a script's own read of the file
 * (`readFileSync` + `split` + `JSON.parse`). All are timed alternately and the best run of each
 * is compared, so a busy machine slows them alike. Prints; asserts nothing.
 *
 *   npx tsx packages/widar/bench/ingest.ts [--records N] [--runs N]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { loadTableFile } from "@widar/kql";
import { logAnalyticsTables } from "../src/catalog/log-analytics.js";
import { loadEntraTable } from "../src/data/load-table.js";
import { simulate } from "../src/simulator/index.js";

const { values } = parseArgs({ options: { records: { type: "string" }, runs: { type: "string" } } });
const target = Number(values.records ?? 200_000);
const runs = Number(values.runs ?? 7);
const TABLE = "AADServicePrincipalSignInLogs";

const dir = mkdtempSync(join(tmpdir(), "widar-bench-ingest-"));
try {
  await simulate({ outDir: dir, seed: 7, days: 7, identities: 150, events: target, format: "ndjson" });
  const path = join(dir, `${TABLE}.ndjson`);
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n").filter((l) => l !== "");
  const mb = Buffer.byteLength(text) / 1024 / 1024;
  const schema = logAnalyticsTables().get(TABLE)!;

  let sink = 0;
  const contenders: [string, () => unknown | Promise<unknown>][] = [
    [
      "JSON.parse of the lines (floor)",
      () => {
        for (const l of lines) sink += (JSON.parse(l) as object) === null ? 0 : 1;
      },
    ],
    [
      "readFileSync + split + JSON.parse",
      () => {
        for (const l of readFileSync(path, "utf8").split("\n")) if (l !== "") sink += (JSON.parse(l) as object) === null ? 0 : 1;
      },
    ],
    ["engine load (schema, no mapping)", () => loadTableFile(path, { table: TABLE, schema })],
    ["widar load (sniff, map, coerce)", () => loadEntraTable(TABLE, path, { cache: false, progress: false })],
  ];
  const times = contenders.map(() => [] as number[]);
  for (let r = 0; r <= runs; r++) {
    for (let c = 0; c < contenders.length; c++) {
      const t0 = performance.now();
      await contenders[c]![1]();
      if (r > 0) times[c]!.push(performance.now() - t0); // run 0 warms up (JIT, page cache)
    }
  }
  const best = times.map((t) => Math.min(...t));
  const median = times.map((t) => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
  const rate = (ms: number) => `${((lines.length / ms) * 1000).toFixed(0).padStart(8)} rec/s ${((mb / ms) * 1000).toFixed(0).padStart(4)} MiB/s`;
  console.log(`NDJSON ingest: ${lines.length} ${TABLE} records, ${mb.toFixed(1)} MiB; best (median) of ${runs} alternating runs`);
  contenders.forEach(([name], c) => {
    const ratio = c < 2 ? "" : `  ratio ${(best[0]! / best[c]!).toFixed(2)} / ${(best[1]! / best[c]!).toFixed(2)}`;
    console.log(`  ${name.padEnd(34)} ${best[c]!.toFixed(0).padStart(5)} ms (${median[c]!.toFixed(0)})  ${rate(best[c]!)}${ratio}`);
  });
  console.log("  ratio = widar's throughput / JSON.parse's (lines in memory / read from the file); target >= 0.50");
  if (sink < 0) console.log(sink);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
