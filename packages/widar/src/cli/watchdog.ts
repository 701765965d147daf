/**
 * A hard stop for `widar query`. The engine stops a query at its time limit by checking the
 * clock as it runs (WQ050), but a few things it cannot interrupt: Kusto.Language parsing and
 * binding a huge query, or a loop that has no check. A thread beside the query ends the process
 * (exit by SIGTERM, 143) with the same coded error if the query is still running a grace period
 * after its limit.
 */
import { once } from "node:events";
import { Worker } from "node:worker_threads";

export interface Watchdog {
  stop(): void;
}

/** Resolves once the thread's timer is set: a thread loads while the main thread is idle, so the blocking work must wait for it. */
export async function startWatchdog(limitMs: number, text: string, grace = Math.max(5_000, limitMs / 4)): Promise<Watchdog> {
  const message = `widar: error WQ050: the query ran past its time limit of ${(limitMs / 1000).toFixed(limitMs < 1000 ? 1 : 0)} s and did not stop by itself within ${(grace / 1000).toFixed(grace < 1000 ? 1 : 0)} s more; the process was ended (${text})\n`;
  let worker: Worker | undefined;
  try {
    worker = new Worker(new URL("./watchdog-worker.js", import.meta.url), { workerData: { ms: limitMs + grace, message }, execArgv: [] });
    await once(worker, "message");
    // Unreferenced only now: while it starts, it is what keeps the process waiting for it.
    worker.unref();
  } catch {
    // No thread (a restricted runtime): the engine's own checks still stop the query.
    worker = undefined;
  }
  return { stop: () => void worker?.terminate() };
}
