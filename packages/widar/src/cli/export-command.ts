/**
 * `widar export sentinel --out DIR [PATH...]`
 *
 * Writes every rule under PATH (default: rules) as an ARM template (Microsoft.SecurityInsights
 * alertRules, kind Scheduled; hunting queries as saved searches) and as Sentinel YAML, and each
 * watchlist of PATH's watchlists/ folder as a watchlist resource (see rules/export/export-pack.ts).
 * Rules are validated first: one that does not load, bind or execute, or that has an error finding
 * (a limit Sentinel enforces), is not exported (exit 1); warnings are reported and the rule is
 * exported as written. File paths are printed with terminalText (they are untrusted).
 */
import { type CommandIo, PROCESS_IO } from "../rules/command-io.js";
import { statSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { terminalText } from "@widar/kql";
import { exportSentinel, readWatchlists } from "../rules/export/export-pack.js";
import { loadRules } from "../rules/load-rules.js";
import type { Rule } from "../rules/rule.js";
import { renderRuleDiagnostic, validateRuleFile } from "../rules/validate/validate-rule.js";

const HELP = `usage: widar export sentinel --out DIR [PATH...]

  PATH       rule files or a rules directory (default: rules); watchlists come from its watchlists/ folder
  --out DIR  where to write arm/*.json and sentinel/*.yaml
`;

export async function runExport(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`widar export: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const [target, ...paths] = positionals;
  if (target !== "sentinel" || values.out === undefined) {
    io.err(`widar export: expected 'sentinel --out DIR'\n\n${HELP}`);
    return 2;
  }
  const roots = paths.length > 0 ? paths : ["rules"];
  const { loaded, missing } = loadRules(roots);
  for (const m of missing) io.err(`${m}: error WC002: not found\n`);
  if (missing.length > 0) return 2;
  const rules: Rule[] = [];
  let failed = 0;
  for (const l of loaded) {
    const v = await validateRuleFile(l);
    if (!v.passed || v.rule === undefined) {
      failed++;
      io.err(`${terminalText(l.file)}: not exported (it does not load, bind or execute, or breaks a limit Sentinel enforces)\n`);
      for (const d of v.diagnostics) io.err(`${renderRuleDiagnostic(v, d)}\n`);
      continue;
    }
    if (v.diagnostics.length > 0) io.err(`${terminalText(l.file)}: exported with ${v.diagnostics.length} finding(s); see widar validate\n`);
    rules.push(v.rule);
  }
  const watchlistDirs = [...new Set(roots.map((p) => (statSync(p).isDirectory() ? p : dirname(p))))].map((d) => join(d, "watchlists"));
  const read = watchlistDirs.map(readWatchlists);
  const watchlists = read.flatMap((r) => r.watchlists);
  for (const d of read.flatMap((r) => r.diagnostics)) {
    failed++;
    io.err(`${terminalText(d.file ?? "")}: error ${d.code}: ${terminalText(d.message)}\n`);
  }
  const written = exportSentinel(rules, watchlists, values.out);
  const count = (k: string) => written.filter((w) => w.kind === k).length;
  io.out(
    `${count("alert-rule")} analytics rules, ${count("hunting-query")} hunting queries, ${count("watchlist")} watchlists written to ${values.out}\n`,
  );
  return failed > 0 ? 1 : 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}
