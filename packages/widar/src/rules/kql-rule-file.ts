/**
 * The seeds' rule form: a `.kql` file whose leading `//` comments name Rule, Severity, Tactics,
 * MITRE, Freq/Period and Tables; the whole file is the query (comments are valid KQL).
 */
import { basename } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { parseIsoDuration } from "./iso-duration.js";
import type { Rule, RuleLoad } from "./rule.js";

const SEVERITIES = ["Informational", "Low", "Medium", "High"] as const;

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
  const freqMs = freq === undefined ? undefined : parseIsoDuration(freq);
  const periodMs = period === undefined ? undefined : parseIsoDuration(period);
  if (freq !== undefined && freqMs === undefined)
    diagnostics.push({ code: "WR003", severity: "error", message: `Freq '${freq}' is not an ISO 8601 duration`, file, line: f.get("freq")!.line });
  if (period !== undefined && periodMs === undefined)
    diagnostics.push({ code: "WR003", severity: "error", message: `Period '${period}' is not an ISO 8601 duration`, file, line: f.get("period")!.line });
  if (diagnostics.length > 0) return { diagnostics };
  const list = (key: string) =>
    (f.get(key)?.value ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const rule: Rule = {
    id: /^([A-Z]+-\d+[A-Za-z]*)/.exec(basename(file))?.[1] ?? basename(file).replace(/\.kql$/, ""),
    title: title!,
    severity: severity!,
    tactics: list("tactics"),
    techniques: [...(f.get("mitre")?.value ?? "").matchAll(/T\d{4}(?:\.\d{3})?/g)].map((m) => m[0]),
    queryFrequencyMs: freqMs!,
    queryPeriodMs: periodMs!,
    triggerOperator: "gt",
    triggerThreshold: 0,
    tables: list("tables"),
    query: text,
    file,
    queryOffset: 0,
  };
  return { rule, diagnostics };
}
