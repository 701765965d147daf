/**
 * The hunting console's endpoints. POST /api/query runs KQL as `widar query` does: the catalog
 * of the loaded data (datasetCatalog, as detection builds it) plus the store's SecurityAlert /
 * SecurityIncident / SentinelHealth when the query names them, bound by Kusto.Language, executed
 * under the same limits (Kusto's defaults, `widar serve --timeout/--max-result-rows`, a query's own
 * `set` statements). Diagnostics keep their codes and spans; the editor marks them in place.
 *
 * GET /api/schema: what the editor completes from — the same tables, columns and watchlists.
 */
import { compile, type Diagnostic, execute, type Json, lineAndColumn, parseDatetime, ticksToMs } from "@widar/kql";
import { toJsonDocument } from "../cli/format-result.js";
import { logAnalyticsTables } from "../catalog/log-analytics.js";
import { datasetCatalog } from "../data/dataset-catalog.js";
import { addStoreTables, referencedStoreTables, STORE_TABLES, storeTable } from "../store/store-tables.js";
import { WorkbenchError } from "./http-io.js";
import type { Workbench } from "./workbench.js";

/** Longest query text accepted (Kusto's own limit is larger; a console query is typed by a person). */
const MAX_QUERY_CHARS = 100_000;

function diagnosticJson(d: Diagnostic, text: string): Json {
  const at = d.span === undefined ? undefined : lineAndColumn(text, d.span.start);
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    span: d.span === undefined ? null : { start: d.span.start, length: d.span.length },
    line: at?.line ?? d.line ?? null,
    column: at?.column ?? d.column ?? null,
    file: d.file ?? null,
  };
}

/** The chart the query asks for with its last `render` (the engine ignores render, as Kusto's engine does). */
export function visualizationOf(text: string): string | null {
  const all = [...text.matchAll(/\|\s*render\s+([a-z]+)/gi)];
  return all.length === 0 ? null : all[all.length - 1]![1]!.toLowerCase();
}

export async function runConsoleQuery(wb: Workbench, body: Record<string, unknown>): Promise<Json> {
  const text = body.query;
  if (typeof text !== "string" || text.trim() === "") throw new WorkbenchError("WW001", "query: give the KQL text");
  if (text.length > MAX_QUERY_CHARS) throw new WorkbenchError("WW001", `query: longer than ${MAX_QUERY_CHARS} characters`);
  let nowMs: number | undefined;
  if (body.now !== undefined && body.now !== null && body.now !== "") {
    const t = typeof body.now === "string" ? parseDatetime(body.now) : null;
    if (t === null) throw new WorkbenchError("WW001", `now: not an ISO 8601 datetime`);
    nowMs = ticksToMs(t);
  }
  const empty = { tables: new Map(), watchlists: [], diagnostics: [], files: [], skipped: [] };
  const { catalog, diagnostics: dataDiags } = await datasetCatalog(wb.dataset ?? empty, [text]);
  addStoreTables(catalog, wb.store, referencedStoreTables([text]));
  const started = performance.now();
  const compiled = compile(text, catalog);
  const result = execute(compiled, catalog, { now: nowMs, limits: wb.limits });
  const elapsedMs = performance.now() - started;
  const diagnostics = [...dataDiags, ...result.diagnostics].map((d) => diagnosticJson(d, text));
  const failed = result.diagnostics.some((d) => d.severity === "error");
  return {
    ok: !failed,
    elapsedMs: Math.round(elapsedMs * 10) / 10,
    visualization: visualizationOf(text),
    diagnostics,
    tables: failed ? [] : result.tables.map((t) => toJsonDocument(t)),
  };
}

/** Tables (loaded, store, and every Log Analytics table the engine knows), the loaded ones' columns, the watchlists. */
export function consoleSchema(wb: Workbench): Json {
  const tables: Json[] = [];
  const loaded = new Set<string>();
  for (const t of wb.dataset?.tables.values() ?? []) {
    loaded.add(t.name);
    tables.push({ name: t.name, source: "data", rows: t.table.rowCount, columns: t.schema.map((c) => ({ name: c.name, type: c.type })) });
  }
  for (const name of STORE_TABLES) {
    const { schema, table } = storeTable(wb.store, name);
    tables.push({ name, source: "store", rows: table.rowCount, columns: schema.map((c) => ({ name: c.name, type: c.type })) });
    loaded.add(name);
  }
  // The rest of Log Analytics by name only (their columns would be a megabyte): a query over one binds, and is empty.
  for (const name of logAnalyticsTables().keys()) if (!loaded.has(name)) tables.push({ name, source: "catalog", rows: 0, columns: [] });
  return { tables, watchlists: (wb.dataset?.watchlists ?? []).map((w) => w.alias) };
}
