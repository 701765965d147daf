/**
 * `widar validate PATH... [--schemas FILE]...`
 *
 * Binds each rule (Sentinel analytic-rule YAML, hunting-query YAML, `.kql`) against the Log
 * Analytics catalog, lowers it, executes it once on empty tables, and lints it (WR1nn: fuzzy
 * unions over missing tables, columns the real table lacks, string-vs-number comparisons, risk
 * types of the wrong identity kind, lookbacks beyond queryPeriod, Sentinel's limits). Prints
 * `FILE: ok` or the rule's diagnostics, then `N passed, N failed`. Exit 1 when a rule fails to
 * load, bind, lower or execute, or has an error finding (a limit Sentinel enforces; warnings
 * alone do not fail it), 2 on bad arguments.
 */
import { type CommandIo, PROCESS_IO } from "../rules/command-io.js";
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Schema } from "@widar/kql";
import { parseExternalDataArgs } from "../data/external-data.js";
import { loadRules } from "../rules/load-rules.js";
import { ENVIRONMENT_CLASSES, type FailureClass } from "../rules/validate/failure-class.js";
import { loadWorkspaceFunctions } from "../rules/workspace-functions.js";
import { parseSchemasJson } from "../rules/validate/schemas-file.js";
import { renderValidation, validateRuleFile } from "../rules/validate/validate-rule.js";

const HELP = `usage: widar validate PATH... [--schemas FILE]... [--functions PATH]... [--externaldata URL=PATH|DIR]...

  PATH              a rule file (.yaml, .yml, .kql) or a directory of them (fixtures/ and watchlists/ are skipped)
  --schemas FILE    extra table schemas: [{"Name": "T", "Properties": [{"Name": "C", "Type": "string"}]}] (repeatable)
  --functions PATH  workspace functions and Sentinel parsers (parser YAML, .create function, NAME.kql; a file or
                    a directory; repeatable): rules calling them bind as in the workspace
  --externaldata URL=PATH|DIR  local copies of the files externaldata reads; without one, externaldata
                    is an empty table and a warning (WQ017), not a failure

Before the last line (N passed, N failed), the failures by cause: tables or functions your
workspace or this run lacks (yours to provide), engine gaps (widar's), and errors in the rules.
`;

export async function runValidate(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`widar validate: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    io.err(`widar validate: give a rule file or directory\n\n${HELP}`);
    return 2;
  }
  const extra = new Map<string, Schema>();
  for (const f of values.schemas ?? []) {
    if (!existsSync(f)) {
      io.err(`${f}: error WC002: file not found\n`);
      return 2;
    }
    const r = parseSchemasJson(readFileSync(f, "utf8"), f);
    for (const d of r.diagnostics) io.err(`${d.file}: ${d.severity} ${d.code}: ${d.message}\n`);
    if (r.diagnostics.length > 0) return 2;
    for (const [k, v] of r.schemas) extra.set(k, v);
  }
  const external = parseExternalDataArgs(values.externaldata ?? []);
  for (const e of external.errors) io.err(`widar validate: error WC001: ${e}\n`);
  if (external.errors.length > 0) return 2;
  const fns = loadWorkspaceFunctions(values.functions ?? []);
  for (const d of fns.diagnostics) io.err(`${d.file}${d.line === undefined ? "" : `:${d.line}`}: ${d.severity} ${d.code}: ${d.message}\n`);
  if (fns.diagnostics.some((d) => d.severity === "error")) return 2;
  const { loaded, missing } = loadRules(positionals);
  for (const m of missing) io.out(`${m}: error WC002: not found\n`);
  let passed = 0;
  let failed = missing.length;
  const causes = new Map<FailureClass, number>();
  for (const l of loaded) {
    const v = await validateRuleFile(l, { extraSchemas: extra, functions: fns.functions, externalData: external.sources });
    for (const line of renderValidation(v)) io.out(`${line}\n`);
    if (v.passed) passed++;
    else {
      failed++;
      const c = v.failure ?? "query-error";
      causes.set(c, (causes.get(c) ?? 0) + 1);
    }
  }
  if (failed > missing.length) io.out(`${failureSummary(causes)}\n`);
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** `failed: N for missing tables or functions (…), N for engine gaps (widar's), N in the rules`. */
export function failureSummary(causes: ReadonlyMap<FailureClass, number>): string {
  const n = (c: FailureClass) => causes.get(c) ?? 0;
  const env = ENVIRONMENT_CLASSES.reduce((s, c) => s + n(c), 0);
  const detail = ENVIRONMENT_CLASSES.filter((c) => n(c) > 0).map((c) => `${n(c)} ${c}`);
  return (
    `failed: ${env} for missing tables, functions or external data (your environment${detail.length > 0 ? `: ${detail.join(", ")}` : ""}), ` +
    `${n("engine-gap")} for engine gaps (widar's), ${n("query-error")} for errors in the rules themselves`
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { schemas: { type: "string", multiple: true }, functions: { type: "string", multiple: true }, externaldata: { type: "string", multiple: true }, help: { type: "boolean", short: "h" } },
  });
}
