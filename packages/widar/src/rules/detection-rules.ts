/**
 * The detections of a rule folder: its scheduled rules and hunting queries (plain `.kql` files
 * are queries, not detections). A file that does not load is an error diagnostic, and the others
 * still load.
 */
import type { Diagnostic } from "@widar/kql";
import { loadRules } from "./load-rules.js";
import type { Rule } from "./rule.js";

export function loadDetectionRules(paths: readonly string[]): { rules: Rule[]; diagnostics: Diagnostic[] } {
  const rules: Rule[] = [];
  const diagnostics: Diagnostic[] = [];
  const { loaded, missing } = loadRules(paths);
  for (const m of missing) diagnostics.push({ code: "WC002", severity: "error", message: "no such file or directory", file: m });
  for (const f of loaded) {
    diagnostics.push(...f.diagnostics.filter((d) => d.severity === "error"));
    if (f.rule !== undefined && (f.rule.kind === "scheduled" || f.rule.kind === "hunting")) rules.push(f.rule);
  }
  return { rules, diagnostics };
}
