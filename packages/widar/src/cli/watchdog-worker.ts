/**
 * The watchdog's thread (see watchdog.ts): after `ms`, writes the message and ends the whole
 * process. A worker's own process.exit() would end only the worker, so it signals the process.
 */
import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";

const { ms, message } = workerData as { ms: number; message: string };
setTimeout(() => {
  writeSync(2, message);
  process.kill(process.pid, "SIGTERM");
}, ms);
// Armed: the main thread may now block.
parentPort?.postMessage("armed");
