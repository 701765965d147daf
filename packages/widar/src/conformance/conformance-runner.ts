/**
 * Runs the KQL documentation examples (`kql-docs.jsonl`) through the engine and compares each
 * result with the documented table. Row order counts only where the query orders its output.
 */
import { offlineIpLocator } from "../enrich/ip-location.js";
import { readFileSync } from "node:fs";
import { Catalog, type Table, runQuery } from "@widar/kql";
import { cellMatches, printCell } from "./compare-cells.js";

export interface ConformanceCase {
  readonly id: string;
  readonly source: string;
  readonly line: number;
  readonly query: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly tags: readonly string[];
}

export type CaseOutcome =
  | { readonly id: string; readonly status: "passed" }
  | { readonly id: string; readonly status: "failed"; readonly reason: string }
  | { readonly id: string; readonly status: "skipped" };

/** Reads a conformance file; a malformed line is reported with its line number. */
export function readCases(path: string): { cases: ConformanceCase[]; errors: string[] } {
  const cases: ConformanceCase[] = [];
  const errors: string[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        cases.push(JSON.parse(line) as ConformanceCase);
      } catch (e) {
        errors.push(`${path}:${i + 1}: not JSON: ${(e as Error).message}`);
      }
    });
  return { cases, errors };
}

/**
 * Queries whose row order counts (the README: order by, sort by, top, and the window functions
 * of serialized rows); other results compare as multisets.
 */
const ORDERED = /\b(order\s+by|sort\s+by|top\s+\d|top-nested|top-hitters|row_number|row_rank_dense|row_rank_min|prev\(|next\(|row_cumsum|row_window_session)/i;

function rowMatches(t: Table, i: number, expected: readonly string[]): boolean {
  if (expected.length !== t.columns.length) return false;
  return t.columns.every((c, j) => cellMatches(c.get(i), c.type, expected[j]!));
}

export function compareResult(t: Table, c: ConformanceCase): string | undefined {
  const names = t.schema.map((s) => s.name);
  if (names.join(",") !== c.columns.join(",")) return `columns [${names.join(", ")}] ≠ documented [${c.columns.join(", ")}]`;
  if (t.rowCount !== c.rows.length) return `${t.rowCount} rows ≠ documented ${c.rows.length}`;
  if (ORDERED.test(c.query)) {
    for (let i = 0; i < t.rowCount; i++)
      if (!rowMatches(t, i, c.rows[i]!)) return `row ${i + 1}: [${t.row(i).map((v, j) => printCell(v, t.columns[j]!.type)).join(", ")}] ≠ documented [${c.rows[i]!.join(", ")}]`;
    return undefined;
  }
  // Unordered: a greedy multiset match of documented rows to result rows.
  const used = new Uint8Array(t.rowCount);
  for (const exp of c.rows) {
    let found = -1;
    for (let i = 0; i < t.rowCount && found < 0; i++) if (used[i] === 0 && rowMatches(t, i, exp)) found = i;
    if (found < 0) return `no result row matches documented [${exp.join(", ")}]`;
    used[found] = 1;
  }
  return undefined;
}

export function runCase(c: ConformanceCase, includeTagged: boolean): CaseOutcome {
  if (c.tags.length > 0 && !includeTagged) return { id: c.id, status: "skipped" };
  let r: ReturnType<typeof runQuery>;
  try {
    // The product's catalog: with widar's offline IP geolocation, as `widar query` runs.
    r = runQuery(c.query, new Catalog().setIpLocator(offlineIpLocator), { now: Date.UTC(2026, 10, 21) });
  } catch (e) {
    return { id: c.id, status: "failed", reason: `uncaught ${(e as Error).name}: ${(e as Error).message}` };
  }
  const err = r.diagnostics.find((d) => d.severity === "error");
  if (err !== undefined) return { id: c.id, status: "failed", reason: `${err.code}: ${err.message}` };
  const t = r.tables[r.tables.length - 1];
  if (t === undefined) return { id: c.id, status: "failed", reason: "no result table" };
  const diff = compareResult(t, c);
  return diff === undefined ? { id: c.id, status: "passed" } : { id: c.id, status: "failed", reason: diff };
}
