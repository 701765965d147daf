/**
 * `widar rules test [PATH...]`  runs every rule's fixtures (rules/fixtures/<ID>/<case>/): one line
 *                              per failing case, then `N passed, N failed`. Exit 1 when a case fails.
 * `widar rules list [PATH...]`  one line per rule: id, kind, schedule, title.
 * `widar rules doc [PATH...] [--out FILE]`  the rule catalogue (docs/rules.md) from the rule files.
 *
 * PATH is a rules directory or rule files (default: rules).
 */
import { type CommandIo, PROCESS_IO } from "../rules/command-io.js";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderRulesDoc } from "../rules/docs/rules-doc.js";
import { type CaseResult, loadCases, runCase } from "../rules/fixtures/fixture-cases.js";
import { formatRuleDuration } from "../rules/iso-duration.js";
import { type LoadedRuleFile, loadRules } from "../rules/load-rules.js";
import type { Rule } from "../rules/rule.js";

const HELP = `usage: widar rules <test|list|doc|metrics> [PATH...] [options]

  test [PATH...]            run each rule's fixture cases (PATH: rules directory or rule files; default rules)
  list [PATH...]            list the rules
  doc  [PATH...] [--out F]  write the rule catalogue (Markdown) to F, or print it
  metrics [--store FILE]    per rule: alerts, incidents, classifications, TP/FP rates, time to close
`;

function loadOrReport(paths: string[], err: (s: string) => void): { rules: Rule[]; broken: LoadedRuleFile[] } | undefined {
  const { loaded, missing } = loadRules(paths);
  for (const m of missing) err(`${m}: error WC002: not found`);
  if (missing.length > 0) return undefined;
  const rules: Rule[] = [];
  const broken: LoadedRuleFile[] = [];
  for (const l of loaded) {
    if (l.rule !== undefined) rules.push(l.rule);
    else broken.push(l);
  }
  return { rules, broken };
}

export interface FixtureRun {
  readonly results: readonly CaseResult[];
  /** Rule files that did not load, fixture directories that did not read. */
  readonly problems: readonly string[];
}

/** Runs the fixture cases of the rules under `paths` (what `widar rules test` prints). */
export async function runFixtures(paths: string[]): Promise<FixtureRun> {
  const { loaded, missing } = loadRules(paths);
  const problems: string[] = missing.map((m) => `${m}: not found`);
  const results: CaseResult[] = [];
  for (const l of loaded) {
    if (l.rule === undefined) {
      problems.push(...l.diagnostics.map((d) => `${d.file ?? l.file}${d.line === undefined ? "" : `:${d.line}`}: ${d.code}: ${d.message}`));
      continue;
    }
    const { cases, problems: p } = loadCases(l.rule);
    problems.push(...p);
    for (const c of cases) results.push(await runCase(l.rule, c));
  }
  return { results, problems };
}

async function test(paths: string[], io: CommandIo): Promise<number> {
  const run = await runFixtures(paths);
  for (const p of run.problems) io.out(`ERROR ${p}\n`);
  let passed = 0;
  let failed = 0;
  for (const r of run.results) {
    if (r.problems.length === 0) {
      passed++;
      continue;
    }
    failed++;
    io.out(`FAIL ${r.case.ruleId}/${r.case.name}: ${r.problems.join("; ")}\n`);
  }
  failed += run.problems.length;
  io.out(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

function list(rules: Rule[], io: CommandIo): number {
  for (const r of rules) {
    const schedule = r.kind === "scheduled" ? `every ${formatRuleDuration(r.queryFrequencyMs)} over ${formatRuleDuration(r.queryPeriodMs)}` : r.kind;
    io.out(`${r.id.padEnd(10)} ${r.severity.padEnd(8)} ${schedule.padEnd(22)} ${r.title}\n`);
  }
  return 0;
}

export async function runRules(argv: string[], io: CommandIo = PROCESS_IO): Promise<number> {
  // `metrics` reads the store, not rule files: its own options.
  if (argv[0] === "metrics") return (await import("./rule-metrics-command.js")).runRuleMetrics(argv.slice(1));
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`widar rules: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, ...rest] = positionals;
  if (values.help || sub === undefined) {
    io.out(HELP);
    return sub === undefined && !values.help ? 2 : 0;
  }
  const paths = rest.length > 0 ? rest : ["rules"];
  if (sub === "test") return test(paths, io);
  const err = (s: string) => io.err(`${s}\n`);
  const loaded = loadOrReport(paths, err);
  if (loaded === undefined) return 2;
  for (const b of loaded.broken) for (const d of b.diagnostics) err(`${d.file ?? b.file}:${d.line ?? 1}: ${d.severity} ${d.code}: ${d.message}`);
  if (sub === "list") return list(loaded.rules, io) || (loaded.broken.length > 0 ? 1 : 0);
  if (sub === "doc") {
    const text = renderRulesDoc(loaded.rules);
    if (values.out !== undefined) writeFileSync(values.out, text);
    else io.out(text);
    return loaded.broken.length > 0 ? 1 : 0;
  }
  io.err(`widar rules: unknown subcommand '${sub}'\n\n${HELP}`);
  return 2;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}
