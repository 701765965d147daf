/**
 * Simulator throughput: generates BENCH_EVENTS records (default 1,000,000) into a temp dir and
 * prints one JSON line — events/s, MB/s, peak RSS — next to a baseline measured in the same run:
 * plain `JSON.stringify` + chunked stream writes of same-shape objects (records the simulator
 * just wrote, re-serialised), so the ratio says what generation itself costs over serialisation.
 *
 *   npx tsx packages/widar/bench/simulate-throughput.ts
 *   BENCH_EVENTS=10000000 npx tsx packages/widar/bench/simulate-throughput.ts
 */
import { once } from "node:events";
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { simulate } from "../src/simulator/index.js";

const events = Number((process.env.BENCH_EVENTS ?? "1000000").replace(/_/g, ""));
if (!Number.isInteger(events) || events <= 0) {
  process.stderr.write(`BENCH_EVENTS=${process.env.BENCH_EVENTS}: expected a positive integer\n`);
  process.exit(2);
}
const mb = (bytes: number) => bytes / 1_048_576;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

async function sampleRecords(path: string, n: number): Promise<unknown[]> {
  const out: unknown[] = [];
  const lines = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    out.push(JSON.parse(line));
    if (out.length >= n) break;
  }
  lines.close();
  return out;
}

/** The same write path as the simulator (256 KiB chunks, wait on 'drain'), minus generation. */
async function baseline(records: readonly unknown[], n: number, path: string): Promise<{ seconds: number; bytes: number }> {
  const stream = createWriteStream(path, { encoding: "utf8" });
  const started = process.hrtime.bigint();
  let buffer = "";
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    buffer += `${JSON.stringify(records[i % records.length])}\n`;
    if (buffer.length >= 262_144) {
      bytes += Buffer.byteLength(buffer);
      if (!stream.write(buffer)) await once(stream, "drain");
      buffer = "";
    }
  }
  bytes += Buffer.byteLength(buffer);
  stream.end(buffer);
  await once(stream, "finish");
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

const dir = mkdtempSync(join(tmpdir(), "widar-bench-sim-"));
try {
  const started = process.hrtime.bigint();
  const result = await simulate({ outDir: join(dir, "sim"), seed: 1, events });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // maxRSS is the process's high-water mark (KiB): read it before the baseline runs.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const written = result.manifest.events.written;
  const bytes = Object.values(result.manifest.tables).reduce((n, t) => n + (t?.bytes ?? 0), 0);
  const sample = await sampleRecords(join(dir, "sim", "AADServicePrincipalSignInLogs.ndjson"), 10_000);
  rmSync(join(dir, "sim"), { recursive: true, force: true });
  const base = await baseline(sample, written, join(dir, "baseline.ndjson"));
  const line = {
    bench: "simulate-throughput",
    events: written,
    seconds: round(seconds, 2),
    eventsPerSec: Math.round(written / seconds),
    mbPerSec: round(mb(bytes) / seconds),
    outputMb: round(mb(bytes)),
    peakRssMb: round(peakRssMb),
    baseline: {
      what: "JSON.stringify + chunked stream write of same-shape SP sign-in records",
      eventsPerSec: Math.round(written / base.seconds),
      mbPerSec: round(mb(base.bytes) / base.seconds),
    },
    ratioToBaseline: round(written / seconds / (written / base.seconds), 2),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
