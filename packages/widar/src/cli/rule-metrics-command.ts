/** `widar rules metrics [--store FILE] [--format text|json]`: per-rule alerts, incidents, classifications, TP/FP rates and time to close. */
import { parseArgs } from "node:util";
import { safeJsonStringify, terminalText } from "@widar/kql";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { ruleMetrics } from "../store/rule-metrics.js";
import { Store } from "../store/store.js";
import { cliError } from "./detect-command.js";

export async function runRuleMetrics(argv: string[]): Promise<number> {
  let values: { store?: string; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { store: { type: "string" }, format: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    return cliError("rules metrics", (e as Error).message);
  }
  if (values.help) {
    process.stdout.write(`usage: widar rules metrics [--store FILE] [--format text|json]\n\nPer rule: alerts, incidents, open ones, analysts' classifications, TP and FP rates among classified incidents, mean time to close.\n`);
    return 0;
  }
  let store: Store;
  try {
    store = Store.open(values.store ?? DEFAULT_STORE, { readonly: true });
  } catch (e) {
    if (e instanceof StoreError) return cliError("rules metrics", `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
  try {
    const m = ruleMetrics(store.db);
    if (values.format === "json") {
      process.stdout.write(`${safeJsonStringify(m)}\n`);
      return 0;
    }
    const pct = (x: number | undefined) => (x === undefined ? "-" : `${(100 * x).toFixed(0)}%`);
    const lines = [`${"rule".padEnd(10)} ${"alerts".padStart(6)} ${"incid.".padStart(6)} ${"open".padStart(5)} ${"TP".padStart(4)} ${"BP".padStart(4)} ${"FP".padStart(4)} ${"TP%".padStart(5)} ${"FP%".padStart(5)} ${"h to close".padStart(10)}  name`];
    for (const r of m)
      lines.push(
        `${r.ruleId.padEnd(10)} ${String(r.alerts).padStart(6)} ${String(r.incidents).padStart(6)} ${String(r.open).padStart(5)} ${String(r.truePositive).padStart(4)} ${String(r.benignPositive).padStart(4)} ${String(r.falsePositive).padStart(4)} ${pct(r.truePositiveRate).padStart(5)} ${pct(r.falsePositiveRate).padStart(5)} ${(r.meanHoursToClose === undefined ? "-" : r.meanHoursToClose.toFixed(1)).padStart(10)}  ${terminalText(r.name)}`,
      );
    process.stdout.write(`${lines.join("\n")}\n`);
    return 0;
  } finally {
    store.close();
  }
}
