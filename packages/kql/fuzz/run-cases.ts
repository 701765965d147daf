/**
 * The fuzz child process: runs cases [from, to) of a seed one after another and reports each on
 * stdout as it goes (`start` before, the outcome after), so that the driver (./driver.ts) knows
 * which case a death or a hang belongs to.
 *
 *   node run-cases.js SEED FROM TO TIMEOUT_MS
 */
import { type Diagnostic, runQuery } from "../src/index.js";
import { fuzzCatalog } from "./fuzz-catalog.js";
import { type FuzzCase, generateCase } from "./generate.js";

export type Outcome = "result" | "diagnostic" | "internal" | "no-span" | "threw";

export interface CaseReport {
  readonly index: number;
  readonly kind: string;
  readonly outcome: Outcome;
  readonly ms: number;
  readonly code?: string;
  readonly message?: string;
}

const CODED = /^(KS|WQ)\d{3}$/;

function classify(diagnostics: readonly Diagnostic[]): { outcome: Outcome; code?: string; message?: string } {
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return { outcome: "result" };
  const internal = errors.find((d) => d.code === "WQ004" || !CODED.test(d.code));
  if (internal !== undefined) return { outcome: "internal", code: internal.code, message: internal.message };
  const unplaced = errors.find((d) => d.span === undefined);
  if (unplaced !== undefined) return { outcome: "no-span", code: unplaced.code, message: unplaced.message };
  return { outcome: "diagnostic", code: errors[0]!.code };
}

export function runCase(c: FuzzCase, timeoutMs: number): CaseReport {
  const index = c.index;
  const start = performance.now();
  try {
    const r = runQuery(c.query, fuzzCatalog(), {
      now: Date.UTC(2026, 10, 21),
      // Budgets well under the child's heap, so that a blow-up is a WQ053 and never a dead process.
      limits: { timeoutMs, maxMemoryPerOperator: 256 * 2 ** 20, maxMemoryPerQuery: 768 * 2 ** 20 },
    });
    return { index, kind: c.kind, ms: performance.now() - start, ...classify(r.diagnostics) };
  } catch (e) {
    return { index, kind: c.kind, ms: performance.now() - start, outcome: "threw", message: String((e as Error)?.stack ?? e).slice(0, 2000) };
  }
}

const [seed, from, to, timeout] = process.argv.slice(2).map(Number);
if (seed !== undefined && from !== undefined && to !== undefined && process.argv[1]?.endsWith("run-cases.js")) {
  // Warm up (Kusto.Language's first analysis builds its grammar): not a case's time.
  runQuery("T | take 1", fuzzCatalog(), { now: 0 });
  for (let i = from; i < to; i++) {
    const c = generateCase(seed, i);
    // The query's head only: deep-nesting cases run to 280 KB, and a failure is replayed by index.
    const head = c.query.length > 4000 ? `${c.query.slice(0, 4000)}…` : c.query;
    process.stdout.write(`${JSON.stringify({ start: i, kind: c.kind, query: head })}\n`);
    process.stdout.write(`${JSON.stringify(runCase(c, timeout ?? 5000))}\n`);
  }
}
