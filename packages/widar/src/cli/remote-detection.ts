/**
 * `widar detect --workspace | --cluster`: the pack's scheduled windows run on Log Analytics or
 * Azure Data Explorer with DefaultAzureCredential (environment, managed identity, Azure CLI
 * login, …), into the same store. The credential is created here, never printed or stored.
 */
import { DefaultAzureCredential } from "@azure/identity";
import { DataExplorerRunner } from "../detect/remote/data-explorer.js";
import { LogAnalyticsRunner } from "../detect/remote/log-analytics.js";
import { type DetectionResult, runDetection } from "../detect/run-detection.js";
import type { Rule } from "../rules/rule.js";
import type { Store } from "../store/store.js";
import type { DetectArgs } from "./detect-command.js";
import { runProgress } from "./detect-command.js";

export async function runRemoteDetection(args: DetectArgs, rules: readonly Rule[], store: Store): Promise<DetectionResult | string> {
  const credential = new DefaultAzureCredential();
  const fromMs = args.fromMs!;
  const toMs = args.toMs!;
  const progress = runProgress();
  if (args.workspace !== undefined) {
    const runner = new LogAnalyticsRunner(args.workspace, credential, { floorMs: fromMs });
    return runDetection({ rules, runner, store, fromMs, toMs, ...(progress === undefined ? {} : { onProgress: progress }) });
  }
  const runner = new DataExplorerRunner(args.cluster!, args.database!, credential, { floorMs: fromMs });
  try {
    return await runDetection({ rules, runner, store, fromMs, toMs, ...(progress === undefined ? {} : { onProgress: progress }) });
  } finally {
    runner.close();
  }
}
