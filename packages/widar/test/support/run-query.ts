/**
 * Runs a query the way `widar query` does (files on disk → buildCatalog → compile → execute) over
 * fixture records written to a temp dir, and returns rows as plain objects with cells rendered
 * like `--format json` (datetimes as ISO strings), so tests state exact expected rows.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Diagnostic, type Json, type Schema, compile, execute } from "@widar/kql";
import { cellJson } from "../../src/cli/format-result.js";
import { buildCatalog } from "../../src/data/load-catalog.js";

export interface Fixture {
  readonly tables?: Record<string, readonly Record<string, unknown>[]>;
  readonly schemas?: Record<string, Schema>;
  /** Watchlist CSV text by alias. */
  readonly watchlists?: Record<string, string>;
  readonly now: string;
}

export interface RunResult {
  readonly rows: Record<string, Json>[];
  readonly columns: string[];
  readonly diagnostics: readonly Diagnostic[];
}

export async function runFixture(query: string, fx: Fixture): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "widar-fx-"));
  try {
    return await runIn(dir, query, fx);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runIn(dir: string, query: string, fx: Fixture): Promise<RunResult> {
  const tables = Object.entries(fx.tables ?? {}).map(([name, records]) => {
    const path = join(dir, `${name}.ndjson`);
    writeFileSync(path, records.map((r) => JSON.stringify(r)).join("\n") + (records.length > 0 ? "\n" : ""));
    return { name, path };
  });
  const watchlists = Object.entries(fx.watchlists ?? {}).map(([alias, csv]) => {
    const path = join(dir, `${alias}.csv`);
    writeFileSync(path, csv);
    return { alias, path };
  });
  const { catalog, diagnostics } = await buildCatalog({
    queryTexts: [query],
    tables,
    schemas: new Map(Object.entries(fx.schemas ?? {})),
    watchlists,
  });
  const result = execute(compile(query, catalog), catalog, { now: new Date(fx.now) });
  const t = result.tables[result.tables.length - 1];
  const rows: Record<string, Json>[] = [];
  if (t !== undefined)
    for (let i = 0; i < t.rowCount; i++) {
      const o: Record<string, Json> = {};
      t.schema.forEach((c, j) => {
        o[c.name] = cellJson(t.columns[j]!.get(i), c.type);
      });
      rows.push(o);
    }
  return { rows, columns: t?.schema.map((c) => c.name) ?? [], diagnostics: [...diagnostics, ...result.diagnostics] };
}

/** make_set / make_list order is unspecified in Kusto: compare arrays as sorted sets. */
export function sortArrays(rows: Record<string, Json>[]): Record<string, Json>[] {
  return rows.map((r) => {
    const o: Record<string, Json> = {};
    for (const [k, v] of Object.entries(r)) o[k] = Array.isArray(v) ? [...v].sort() : v;
    return o;
  });
}

export function errors(diags: readonly Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === "error");
}
