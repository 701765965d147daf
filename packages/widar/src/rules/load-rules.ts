/**
 * Loads rule files: `*.yaml` / `*.yml` (Sentinel analytic rules and hunting queries) and `*.kql`
 * (the seeds' header form, or plain queries), found by find-rule-files.ts. Every problem is a
 * diagnostic on the file, never a throw.
 *
 * A `.kql` rule may have a sidecar `NAME.widar.yaml` beside it: the Sentinel fields its `//`
 * header cannot hold (id, description, entityMappings, customDetails, …) and widar's own keys
 * (simulatorScenario, severityLogic, notDetected). The seeds use one, so their `.kql` files stay
 * exactly as the user wrote them.
 */
import { existsSync } from "node:fs";
import type { Diagnostic } from "@widar/kql";
import { findRuleFiles, sidecarPath } from "./find-rule-files.js";
import { readRuleText } from "./read-rule-text.js";
import { parseKqlFile } from "./kql-rule-file.js";
import type { Rule } from "./rule.js";
import { WIDAR_KEYS, parseSentinelRuleFile, unknownFields } from "./sentinel-rule-file.js";
import { parseYaml, toPlain } from "./yaml/yaml-reader.js";

export interface LoadedRuleFile {
  readonly file: string;
  readonly text: string;
  readonly rule?: Rule;
  /** See RuleLoad.draft: what validation can still check when the rule's fields have errors. */
  readonly draft?: Rule;
  readonly diagnostics: readonly Diagnostic[];
}

export { findRuleFiles, isRuleFile, sidecarPath } from "./find-rule-files.js";

function withSidecar(rule: Rule, file: string): { rule?: Rule; diagnostics: Diagnostic[] } {
  const path = sidecarPath(file);
  if (!existsSync(path)) return { rule, diagnostics: [] };
  const read = readRuleText(path);
  if ("diagnostic" in read) return { diagnostics: [read.diagnostic] };
  const parsed = parseYaml(read.text);
  if (parsed.error !== undefined)
    return { diagnostics: [{ code: parsed.error.code, severity: "error", message: `YAML: ${parsed.error.message}`, file: path, line: parsed.error.line, column: parsed.error.column }] };
  if (parsed.node.kind !== "map") return { diagnostics: [{ code: "WR010", severity: "error", message: "a sidecar must be a YAML mapping", file: path, line: 1 }] };
  const unknown = unknownFields(parsed.node, path);
  if (unknown.length > 0) return { diagnostics: unknown };
  const meta = toPlain(parsed.node);
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
  const read = readRuleText(file);
  if ("diagnostic" in read) return { file, text: "", diagnostics: [read.diagnostic] };
  const { text } = read;
  if (/\.kql$/i.test(file)) {
    const r = parseKqlFile(text, file);
    if (r.rule === undefined) return { file, text, ...(r.draft === undefined ? {} : { draft: r.draft }), diagnostics: r.diagnostics };
    const merged = withSidecar(r.rule, file);
    return { file, text, ...(merged.rule === undefined ? {} : { rule: merged.rule }), diagnostics: [...r.diagnostics, ...merged.diagnostics] };
  }
  const r = parseSentinelRuleFile(text, file);
  return { file, text, ...(r.rule === undefined ? {} : { rule: r.rule }), ...(r.draft === undefined ? {} : { draft: r.draft }), diagnostics: r.diagnostics };
}

/** The rule files under the paths, loaded; an entry that cannot be examined is a file with a WC002 error. */
export function loadRules(paths: readonly string[]): { loaded: LoadedRuleFile[]; missing: string[] } {
  const { files, missing, unreadable } = findRuleFiles(paths);
  const broken: LoadedRuleFile[] = unreadable.map(({ path, reason }) => ({
    file: path,
    text: "",
    diagnostics: [{ code: "WC002", severity: "error", message: `cannot read: ${reason}`, file: path }],
  }));
  return { loaded: [...files.map(loadRuleFile), ...broken].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), missing };
}
