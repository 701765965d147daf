/**
 * The investigation's queries: readable `.kql` files (`triage/queries/` at the repository root,
 * or a folder of the analyst's own copies), each with a `declare query_parameters(...)` header.
 * widar runs them over the loaded tables with the alert's subjects as parameter values — bound
 * as values, never pasted into the query text — so an analyst can rerun any of them as it is.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Catalog, compile, type Diagnostic, execute, type Json } from "@widar/kql";
import { rowObject } from "../detect/alert-builder.js";

export const TRIAGE_QUERIES = ["event-table", "activity", "pim-activations", "role-grants", "app-signins", "ip-history", "initiator-history"] as const;
export type TriageQuery = (typeof TRIAGE_QUERIES)[number];

export interface QueryRun {
  readonly name: TriageQuery;
  readonly file: string;
  readonly parameters: Readonly<Record<string, Json>>;
  readonly rows: Record<string, Json>[];
  readonly diagnostics: readonly Diagnostic[];
}

const texts = new Map<string, string>();

export function triageQueryText(dir: string, name: TriageQuery): string {
  const file = join(dir, `${name}.kql`);
  let t = texts.get(file);
  if (t === undefined) texts.set(file, (t = readFileSync(file, "utf8")));
  return t;
}

/** Every investigation query's text (unreadable ones left out: running them reports it). */
export function triageQueryTexts(dir: string): string[] {
  const out: string[] = [];
  for (const q of TRIAGE_QUERIES)
    try {
      out.push(triageQueryText(dir, q));
    } catch {
      // Reported when the query runs.
    }
  return out;
}

/** Runs one investigation query with its parameters over the catalog; problems are diagnostics, never throws. */
export function runTriageQuery(catalog: Catalog, dir: string, name: TriageQuery, parameters: Record<string, Json>): QueryRun {
  const file = join(dir, `${name}.kql`);
  let text: string;
  try {
    text = triageQueryText(dir, name);
  } catch (e) {
    return { name, file, parameters, rows: [], diagnostics: [{ code: "WT001", severity: "error", message: `cannot read ${file}: ${(e as Error).message}`, file }] };
  }
  const compiled = compile(text, catalog, { parameters });
  const r = execute(compiled, catalog, { now: Date.now() });
  const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => ({ ...d, file }));
  const t = r.tables[r.tables.length - 1];
  const rows: Record<string, Json>[] = [];
  if (errors.length === 0 && t !== undefined) for (let i = 0; i < t.rowCount; i++) rows.push(rowObject(t, i));
  return { name, file, parameters, rows, diagnostics: errors };
}
