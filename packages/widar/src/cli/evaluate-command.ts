/**
 * `widar evaluate --data DIR [--store FILE] [--rules DIR]`: scores the pack's alerts on a
 * simulated tenant (DIR holds its logs and ground-truth.json) — running detection first over the
 * windows the store does not hold yet. The last line is exactly `recall R, precision P`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { terminalLines } from "@widar/kql";
import { defaultRulesDir } from "../demo/rule-pack-location.js";
import { detectLocal } from "../detect/detect-local.js";
import { evaluate, type GroundTruthFile } from "../detect/evaluate.js";
import { loadDetectionRules } from "../rules/detection-rules.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { Store } from "../store/store.js";
import { cliError, printDiagnostics, reportFailures, runProgress } from "./detect-command.js";
import { evaluationText } from "./evaluation-text.js";

const HELP = `usage: widar evaluate --data DIR [--store FILE] [--rules DIR]

  --data DIR     a simulated tenant (widar simulate --out DIR): its logs and ground-truth.json
  --store FILE   the store (default ${DEFAULT_STORE}); detection runs where it holds no run yet
  --rules DIR    the rules (default: the pack shipped with widar)
`;

export async function runEvaluate(argv: string[]): Promise<number> {
  let values: { data?: string; store?: string; rules?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { data: { type: "string" }, store: { type: "string" }, rules: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    return cliError("evaluate", (e as Error).message);
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.data === undefined) return cliError("evaluate", "give --data DIR (a simulated tenant)");
  const gtPath = join(values.data, "ground-truth.json");
  if (!existsSync(gtPath)) return cliError("evaluate", `${gtPath}: not found (widar evaluate scores a tenant written by widar simulate)`);
  let gt: GroundTruthFile & { period: { start: string; end: string } };
  try {
    gt = JSON.parse(readFileSync(gtPath, "utf8"));
  } catch (e) {
    return cliError("evaluate", `${gtPath}: not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(gt.scenarios) || !Array.isArray(gt.benign) || typeof gt.period?.start !== "string")
    return cliError("evaluate", `${gtPath}: not a widar ground-truth file (scenarios, benign, period)`);
  const rulesDir = values.rules ?? defaultRulesDir();
  if (rulesDir === undefined) return cliError("evaluate", "cannot find the rules/ folder; give --rules DIR");
  const { rules, diagnostics } = loadDetectionRules([rulesDir]);
  printDiagnostics(diagnostics);
  let store: Store;
  try {
    store = Store.open(values.store ?? DEFAULT_STORE);
  } catch (e) {
    if (e instanceof StoreError) return cliError("evaluate", `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
  try {
    const local = await detectLocal({
      dataPaths: [values.data],
      rules,
      store,
      fromMs: Date.parse(gt.period.start),
      toMs: Date.parse(gt.period.end),
      skipCompleted: true,
      onProgress: runProgress(),
    });
    printDiagnostics(local.dataDiagnostics);
    const result = local.result!;
    const e = evaluate(
      result.rules.flatMap((r) => r.alerts),
      gt,
      rules.map((r) => r.id),
    );
    process.stdout.write(terminalLines(evaluationText(e, new Map(rules.map((r) => [r.id, r.title])))));
    return reportFailures(result);
  } finally {
    store.close();
  }
}
