/**
 * The seeds' rule form: a `.kql` file whose leading `//` comments name Rule, Severity, Tactics,
 * MITRE, Freq/Period and Tables; the whole file is the query (comments are valid KQL). A `.kql`
 * file without that header is a plain query (validated, never scheduled).
 */
import { basename } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { parseRuleDuration } from "./iso-duration.js";
import { type Rule, type RuleLoad, SEVERITIES } from "./rule.js";

function headerFields(text: string): Map<string, { value: string; line: number }> {
  const fields = new Map<string, { value: string; line: number }>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.startsWith("//")) break;
    const m = /^\s*([A-Za-z][A-Za-z -]*?)\s*:\s*(.*)$/.exec(l.slice(2));
    if (m === null) continue;
    const key = m[1]!.trim().toLowerCase();
    let value = m[2]!.trim();
    // `// Freq : PT30M Period: PT30M` holds two fields on one line.
    const period = /\s+Period\s*:\s*(\S+)/i.exec(value);
    if (key === "freq" && period !== null) {
      value = value.slice(0, period.index).trim();
      if (!fields.has("period")) fields.set("period", { value: period[1]!, line: i + 1 });
    }
    if (!fields.has(key)) fields.set(key, { value, line: i + 1 });
  }
  return fields;
}

/** The rule id a file name carries: `RULE-18-sp-creation-burst.kql` → `RULE-18`, `RULE-19C-…` → `RULE-19C`. */
export function ruleIdFromFile(file: string): string {
  const name = basename(file);
  return /^([A-Z]+-\d+[A-Z]?)(?=[-._]|$)/.exec(name)?.[1] ?? name.replace(/\.(kql|ya?ml)$/i, "");
}

/** Whether the text opens with the seeds' header (a `// Rule:` line among its leading comments). */
export function hasRuleHeader(text: string): boolean {
  return headerFields(text).has("rule");
}

export function parseKqlRuleFile(text: string, file: string): RuleLoad {
  const f = headerFields(text);
  const diagnostics: Diagnostic[] = [];
  const need = (key: string): string | undefined => {
    const v = f.get(key)?.value;
    if (v === undefined || v === "")
      diagnostics.push({ code: "WR001", severity: "error", message: `rule header has no '${key}:' line`, file, line: 1 });
    return v;
  };
  const title = need("rule");
  const severityText = need("severity");
  const freq = need("freq");
  const period = need("period");
  const severity = SEVERITIES.find((s) => s.toLowerCase() === severityText?.toLowerCase());
  if (severityText !== undefined && severity === undefined)
    diagnostics.push({ code: "WR002", severity: "error", message: `unknown severity '${severityText}'`, file, line: f.get("severity")!.line });
  const freqMs = freq === undefined ? undefined : parseRuleDuration(freq);
  const periodMs = period === undefined ? undefined : parseRuleDuration(period);
  if (freq !== undefined && freqMs === undefined)
    diagnostics.push({ code: "WR003", severity: "error", message: `Freq '${freq}' is not an ISO 8601 duration`, file, line: f.get("freq")!.line });
  if (period !== undefined && periodMs === undefined)
    diagnostics.push({ code: "WR003", severity: "error", message: `Period '${period}' is not an ISO 8601 duration`, file, line: f.get("period")!.line });
  const list = (key: string) =>
    (f.get(key)?.value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const fieldLines: Record<string, number> = {};
  for (const [k, v] of f) fieldLines[k] = v.line;
  const rule: Rule = {
    id: ruleIdFromFile(file),
    title: title ?? ruleIdFromFile(file),
    severity: severity ?? "Informational",
    tactics: list("tactics"),
    techniques: [...(f.get("mitre")?.value ?? "").matchAll(/T\d{4}(?:\.\d{3})?/g)].map((m) => m[0]),
    // NaN: unknown (only a draft has it; lints skip it).
    queryFrequencyMs: freqMs ?? Number.NaN,
    queryPeriodMs: periodMs ?? Number.NaN,
    triggerOperator: "gt",
    triggerThreshold: 0,
    tables: list("tables"),
    query: text,
    file,
    queryOffset: 0,
    kind: "scheduled",
    format: "kql-header",
    queryLine: 1,
    queryIndent: 0,
    doc: { severityLogic: [] },
    sentinel: {},
    fieldLines,
  };
  return diagnostics.length > 0 ? { draft: rule, diagnostics } : { rule, diagnostics };
}

/** A `.kql` file: a rule when it has the seeds' header, else a plain query to validate. */
export function parseKqlFile(text: string, file: string): RuleLoad {
  if (hasRuleHeader(text)) return parseKqlRuleFile(text, file);
  const rule: Rule = {
    id: ruleIdFromFile(file),
    title: basename(file),
    severity: "Informational",
    tactics: [],
    techniques: [],
    queryFrequencyMs: 0,
    queryPeriodMs: 0,
    triggerOperator: "gt",
    triggerThreshold: 0,
    tables: [],
    query: text,
    file,
    queryOffset: 0,
    kind: "query",
    format: "kql",
    queryLine: 1,
    queryIndent: 0,
    doc: { severityLogic: [] },
    sentinel: {},
    fieldLines: {},
  };
  return { rule, diagnostics: [] };
}
