/**
 * Finds and loads rule files: `*.yaml` / `*.yml` (Sentinel analytic rules and hunting queries)
 * and `*.kql` (the seeds' header form, or plain queries). A directory is searched recursively,
 * skipping `fixtures/` and `watchlists/` (test data and watchlist CSVs live beside the rules).
 *
 * A `.kql` rule may have a sidecar `NAME.widar.yaml` beside it: the Sentinel fields its `//`
 * header cannot hold (id, description, entityMappings, customDetails, …) and widar's own keys
 * (simulatorScenario, severityLogic, notDetected). The seeds use one, so their `.kql` files stay
 * exactly as the user wrote them.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { parseKqlFile } from "./kql-rule-file.js";
import type { Rule } from "./rule.js";
import { WIDAR_KEYS, parseSentinelRuleFile } from "./sentinel-rule-file.js";
import { parseYaml, toPlain } from "./yaml/yaml-reader.js";

export interface LoadedRuleFile {
  readonly file: string;
  readonly text: string;
  readonly rule?: Rule;
  /** See RuleLoad.draft: what validation can still check when the rule's fields have errors. */
  readonly draft?: Rule;
  readonly diagnostics: readonly Diagnostic[];
}

const SKIP_DIRS = new Set(["fixtures", "watchlists", "node_modules"]);
const SIDECAR = ".widar.yaml";

export function isRuleFile(name: string): boolean {
  return /\.(ya?ml|kql)$/i.test(name) && !name.endsWith(SIDECAR) && !name.startsWith(".");
}

/** Rule files under the given paths (files are taken as given), sorted; paths that do not exist. */
export function findRuleFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (!SKIP_DIRS.has(name) && !name.startsWith(".")) walk(p);
      } else if (isRuleFile(name)) files.push(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) missing.push(p);
    else if (statSync(p).isDirectory()) walk(p);
    // A sidecar named explicitly stands for the .kql rule it belongs to.
    else if (p.endsWith(SIDECAR)) files.push(`${p.slice(0, -SIDECAR.length)}.kql`);
    else files.push(p);
  }
  return { files: [...new Set(files)].sort(), missing };
}

export function sidecarPath(kqlFile: string): string {
  return join(dirname(kqlFile), `${basename(kqlFile, extname(kqlFile))}${SIDECAR}`);
}

function withSidecar(rule: Rule, file: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  const path = sidecarPath(file);
  if (!existsSync(path)) return { rule, diagnostics: [] };
  const parsed = parseYaml(readFileSync(path, "utf8"));
  if (parsed.error !== undefined)
    return { diagnostics: [{ code: parsed.error.code, severity: "error", message: `YAML: ${parsed.error.message}`, file: path, line: parsed.error.line, column: parsed.error.column }] };
  const meta = toPlain(parsed.node);
  if (meta === null || typeof meta !== "object" || Array.isArray(meta))
    return { diagnostics: [{ code: "WR010", severity: "error", message: "a sidecar must be a YAML mapping", file: path, line: 1 }] };
  const m = meta as Record<string, unknown>;
  const sentinel: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!WIDAR_KEYS.includes(k)) sentinel[k] = v;
  const logic =
    m.severityLogic !== null && typeof m.severityLogic === "object"
      ? Object.entries(m.severityLogic as Record<string, unknown>).map(([severity, when]) => ({ severity, when: String(when).trim() }))
      : [];
  return {
    rule: {
      ...rule,
      ...(typeof m.id === "string" ? { sentinelId: m.id } : {}),
      ...(typeof m.description === "string" ? { description: m.description } : {}),
      sentinel,
      doc: {
        severityLogic: logic,
        ...(typeof m.simulatorScenario === "string" ? { simulatorScenario: m.simulatorScenario } : {}),
        ...(typeof m.notDetected === "string" ? { notDetected: m.notDetected.trim() } : {}),
        ...(typeof m.benignTriggers === "string" ? { benignTriggers: m.benignTriggers.trim() } : {}),
      },
    },
    diagnostics: [],
  };
}

/** Loads one rule file (a missing or unreadable file is a diagnostic, never a throw). */
export function loadRuleFile(file: string): LoadedRuleFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return { file, text: "", diagnostics: [{ code: "WC002", severity: "error", message: `cannot read: ${(e as Error).message}`, file }] };
  }
  if (/\.kql$/i.test(file)) {
    const r = parseKqlFile(text, file);
    if (r.rule === undefined) return { file, text, ...(r.draft === undefined ? {} : { draft: r.draft }), diagnostics: r.diagnostics };
    const merged = withSidecar(r.rule, file);
    return { file, text, ...(merged.rule === undefined ? {} : { rule: merged.rule }), diagnostics: [...r.diagnostics, ...merged.diagnostics] };
  }
  const r = parseSentinelRuleFile(text, file);
  return { file, text, ...(r.rule === undefined ? {} : { rule: r.rule }), ...(r.draft === undefined ? {} : { draft: r.draft }), diagnostics: r.diagnostics };
}

export function loadRules(paths: readonly string[]): { loaded: LoadedRuleFile[]; missing: string[] } {
  const { files, missing } = findRuleFiles(paths);
  return { loaded: files.map(loadRuleFile), missing };
}
