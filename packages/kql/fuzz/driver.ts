/**
 * The fuzz driver: runs N cases of a seed in a child process (./run-cases.ts), restarting it
 * after a case that killed it (V8's fatal errors cannot be caught) or hung past a hard limit,
 * and tallies the outcomes. A failure is a raw exception, an internal error (WQ004), an error
 * without a span, a case slower than its time limit plus the slack, a hang or a dead process.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { CaseReport } from "./run-cases.js";

export interface FuzzOptions {
  readonly cases: number;
  readonly seed: number;
  /** First case index (replaying a range). */
  readonly from?: number;
  /** The engine's time limit per case (QueryOptions.limits.timeoutMs). */
  readonly timeoutMs?: number;
  /** How far past the time limit a case may finish (analysis is not interruptible). */
  readonly slackMs?: number;
  readonly onCase?: (r: FuzzRecord) => void;
}

/** A case's report, or the driver's for a case that hung or killed its process ("slow": past the limit and the slack). */
export interface FuzzRecord {
  readonly index: number;
  readonly kind: string;
  readonly outcome: CaseReport["outcome"] | "hang" | "death" | "slow";
  readonly ms: number;
  readonly code?: string;
  readonly message?: string;
}

export interface FuzzSummary {
  readonly seed: number;
  readonly cases: number;
  readonly byOutcome: Record<string, number>;
  readonly byKind: Record<string, Record<string, number>>;
  readonly failures: readonly (FuzzRecord & { query: string })[];
  /** Error diagnostics by code (the first error of each case that ended in one). */
  readonly byCode: Record<string, number>;
  readonly slowest: number;
}

const FAILURES: ReadonlySet<string> = new Set(["threw", "internal", "no-span", "hang", "death"]);
const CHILD = join(fileURLToPath(new URL(".", import.meta.url)), "run-cases.js");

/**
 * Cases [from, to) in one child; resolves with the next index to run (after a death or hang).
 * The child announces each case (index, kind, query) before running it, so the driver never
 * generates a case itself (generating one runs Kusto.Language, which a case may break).
 */
function runChild(seed: number, from: number, to: number, timeoutMs: number, hardMs: number, record: (r: FuzzRecord, query: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD, String(seed), String(from), String(to), String(timeoutMs)], { stdio: ["ignore", "pipe", "pipe"] });
    let current: { index: number; kind: string; query: string } | undefined;
    let startedAt = 0;
    let stderr = "";
    let done = false;
    child.stderr.on("data", (b: Buffer) => {
      stderr = (stderr + b.toString()).slice(-4000);
    });
    const timer = setInterval(() => {
      if (current !== undefined && !done && performance.now() - startedAt > hardMs) {
        // Once: the child may take a moment to die, and the timer must not report it again.
        clearInterval(timer);
        record({ index: current.index, kind: current.kind, outcome: "hang", ms: performance.now() - startedAt, message: `no answer in ${hardMs} ms` }, current.query);
        done = true;
        child.kill("SIGKILL");
        resolve(current.index + 1);
      }
    }, 250);
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (done) return;
      const m = JSON.parse(line) as { start?: number; query?: string } & CaseReport;
      if (m.start !== undefined) {
        current = { index: m.start, kind: m.kind, query: m.query ?? "" };
        startedAt = performance.now();
      } else {
        record(m, current?.query ?? "");
        current = undefined;
      }
    });
    child.on("close", (code, signal) => {
      clearInterval(timer);
      if (done) return;
      if (current !== undefined) {
        record({ index: current.index, kind: current.kind, outcome: "death", ms: performance.now() - startedAt, message: `exit ${code ?? signal}: ${stderr.trim().slice(-1000)}` }, current.query);
        resolve(current.index + 1);
      } else resolve(to);
    });
  });
}

export async function fuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const slackMs = options.slackMs ?? 10_000;
  const from = options.from ?? 0;
  const to = from + options.cases;
  const byOutcome: Record<string, number> = {};
  const byKind: Record<string, Record<string, number>> = {};
  const failures: (FuzzRecord & { query: string })[] = [];
  const byCode: Record<string, number> = {};
  let slowest = 0;
  const record = (r: FuzzRecord, query: string) => {
    const slow = r.outcome !== "hang" && r.outcome !== "death" && r.ms > timeoutMs + slackMs;
    const outcome = slow ? "slow" : r.outcome;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    (byKind[r.kind] ??= {})[outcome] = (byKind[r.kind]![outcome] ?? 0) + 1;
    if (r.code !== undefined) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    slowest = Math.max(slowest, r.ms);
    if (slow || FAILURES.has(r.outcome)) failures.push({ ...r, outcome: slow ? "slow" : r.outcome, query });
    options.onCase?.(r);
  };
  let next = from;
  while (next < to) next = await runChild(options.seed, next, to, timeoutMs, (timeoutMs + slackMs) * 3, record);
  return { seed: options.seed, cases: options.cases, byOutcome, byKind, failures, byCode, slowest };
}
