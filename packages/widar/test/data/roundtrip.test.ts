/**
 * Round trips: the simulator's tenant, written in every form widar reads, loads back into the
 * same tables. The NDJSON load is the reference; the simulator also writes Log Analytics API
 * JSON and CSV itself; the other forms are written here from the same rows (the diagnostic and
 * Graph ones through the mapping tables run backwards, ../../src/data/export-records.ts).
 *
 * What a form cannot carry is left out of its comparison, and only that:
 * - every diagnostic-settings form: `TenantId`, the Log Analytics workspace's id, assigned at
 *   ingestion (the export's `tenantId` is the Entra tenant, `AADTenantId`); and the columns of
 *   NOT_IN_DIAGNOSTIC, each with its reason (the Activity log's export is not the LA table);
 * - Graph: the columns its mapping does not fill (the diagnostic envelope's: `ResourceId`,
 *   `Level`, `DurationMs`, `AADTenantId`, ...; Graph objects carry none of them), and those of
 *   NOT_IN_GRAPH; tables with no Graph source skip that test, saying why (NO_GRAPH_SOURCE).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Schema } from "@widar/kql";
import { logAnalyticsTables } from "../../src/catalog/log-analytics.js";
import { toDiagnosticRecord } from "../../src/data/export-records.js";
import { mappingFor } from "../../src/data/mappings/index.js";
import { compileMapping } from "../../src/data/record-mapper.js";
import { TABLES, TABLE_NAMES, type TableName, simulate } from "../../src/simulator/index.js";
import {
  load,
  pick,
  type Row,
  rowsOf,
  tmpDir,
  writeDiagnosticEnvelope,
  writeDiagnosticLines,
  writeEventHubLines,
  writeGraphNdjson,
  writeGraphPages,
  writeJsonArray,
  writePortalCsv,
} from "./support.js";

const SIM = { seed: 5, days: 1, identities: 30, events: 1200 };
const dirs: Record<"ndjson" | "la-json" | "csv", string> = { ndjson: "", "la-json": "", csv: "" };
const out = tmpDir("widar-roundtrip-");
const raw = new Map<TableName, Row[]>();

before(async () => {
  for (const format of ["ndjson", "la-json", "csv"] as const) {
    dirs[format] = join(out, format);
    await simulate({ outDir: dirs[format], format, ...SIM });
  }
  for (const t of TABLE_NAMES) {
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(join(dirs.ndjson, `${t}.ndjson`), "utf8");
    raw.set(
      t,
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l) as Row),
    );
  }
});

const simColumns = (t: TableName) => TABLES[t].columns.map((c) => c.name);

type Reasons = Readonly<Record<string, string>>;

const DERIVED_FROM_RESOURCE_ID = "Log Analytics derives it from resourceId at ingestion; the export has only resourceId";

/** Columns a diagnostic-settings export cannot reproduce, beyond TenantId (../../src/data/mappings). */
const NOT_IN_DIAGNOSTIC: Partial<Record<TableName, Reasons>> = {
  AzureActivity: {
    OperationName: "the operation's localized display text; the export has only its value (operationName, LA's OperationNameValue)",
    ResourceGroup: DERIVED_FROM_RESOURCE_ID,
    SubscriptionId: DERIVED_FROM_RESOURCE_ID,
    _SubscriptionId: DERIVED_FROM_RESOURCE_ID,
    ResourceProvider: DERIVED_FROM_RESOURCE_ID,
    ResourceProviderValue: DERIVED_FROM_RESOURCE_ID,
    Resource: DERIVED_FROM_RESOURCE_ID,
    _ResourceId: "Log Analytics writes resourceId lower-cased at ingestion; the export keeps ARM's casing",
    Caller: "Log Analytics derives it from the token's claims (UPN, else object id) at ingestion",
    HTTPRequest: "the REST event's httpRequest; the export keeps only its client IP (callerIpAddress)",
    EventSubmissionTimestamp: "the REST event's submissionTimestamp, which the export drops",
    EventDataId: "the REST event's eventDataId, which the export drops",
    OperationId:
      "the export's properties are LA's Properties whole, and those hold no operationId (the schema documents properties.operationId, which widar reads; exports seen in practice omit it)",
  },
};

/** Columns a Graph object cannot reproduce although its mapping fills them. */
const NOT_IN_GRAPH: Partial<Record<TableName, Reasons>> = {
  AADRiskyUsers: {
    TimeGenerated: "Graph has no ingestion time: a riskyUser's time is its riskLastUpdatedDateTime, which precedes the record's arrival in the workspace",
  },
};

/** Why a table has no Graph source (its Graph round trip is skipped, not silently passed). */
const NO_GRAPH_SOURCE: Partial<Record<TableName, string>> = {
  MicrosoftGraphActivityLogs: "Microsoft Graph has no API for its own activity log: diagnostic settings only",
  CloudAppEvents: "the Graph security hunting API returns query results, not CloudAppEvents records: Defender XDR streaming only",
  AzureActivity: "the Activity log is Azure Resource Manager's, not in Microsoft Graph: diagnostic settings only",
};

const diagnosticColumns = (t: TableName) => simColumns(t).filter((c) => c !== "TenantId" && NOT_IN_DIAGNOSTIC[t]?.[c] === undefined);
const schemaOf = (t: TableName): Schema => logAnalyticsTables().get(t) ?? mappingFor(t)!.schema!;

async function reference(t: TableName) {
  const r = await load(t, join(dirs.ndjson, `${t}.ndjson`));
  assert.deepEqual(
    r.diagnostics.filter((d) => d.severity !== "info"),
    [],
  );
  assert.equal(r.table.rowCount, raw.get(t)!.length);
  return r;
}

async function sameTable(t: TableName, path: string, columns: readonly string[]) {
  const ref = await reference(t);
  const got = await load(t, path);
  assert.deepEqual(
    got.diagnostics.filter((d) => d.severity !== "info"),
    [],
    `${path}: no warnings`,
  );
  assert.deepEqual(got.stats, ref.stats, `${path}: counts`);
  assert.deepEqual(pick(rowsOf(got.table), columns), pick(rowsOf(ref.table), columns), path);
}

describe("round trip: the simulated tenant in every form loads back into identical tables", () => {
  test("the simulator wrote every table with records", () => {
    for (const t of TABLE_NAMES) assert.ok(raw.get(t)!.length > 0, t);
  });

  test("every column left out of a comparison is one of its table's, and every table without Graph says why", () => {
    for (const t of TABLE_NAMES) {
      for (const c of [...Object.keys(NOT_IN_DIAGNOSTIC[t] ?? {}), ...Object.keys(NOT_IN_GRAPH[t] ?? {})]) assert.ok(simColumns(t).includes(c), `${t}.${c}`);
      assert.equal(mappingFor(t)!.graph === undefined, NO_GRAPH_SOURCE[t] !== undefined, t);
    }
  });

  for (const t of TABLE_NAMES) {
    describe(t, () => {
      test("Log Analytics API JSON and CSV (written by the simulator)", async () => {
        await sameTable(t, join(dirs["la-json"], `${t}.json`), simColumns(t));
        await sameTable(t, join(dirs.csv, `${t}.csv`), simColumns(t));
      });

      test("the portal's CSV export ([UTC] headers, en-US datetimes, BOM) and a JSON array", async () => {
        const schema = schemaOf(t).filter((c) => simColumns(t).includes(c.name));
        await sameTable(t, writePortalCsv(join(out, `${t}.portal.csv`), schema, raw.get(t)!), simColumns(t));
        await sameTable(t, writeJsonArray(join(out, `${t}.array.json`), raw.get(t)!), simColumns(t));
      });

      test("diagnostic settings: storage JSON lines (gzip), one envelope, Event Hub lines", async () => {
        const cols = diagnosticColumns(t);
        await sameTable(t, writeDiagnosticLines(join(out, `${t}.storage.json.gz`), t, raw.get(t)!, true), cols);
        await sameTable(t, writeDiagnosticEnvelope(join(out, `${t}.envelope.json`), t, raw.get(t)!), cols);
        await sameTable(t, writeEventHubLines(join(out, `${t}.eventhub.ndjson`), t, raw.get(t)!), cols);
      });

      const graph = mappingFor(t)!.graph;
      test("Microsoft Graph: concatenated pages and the NDJSON `widar pull` writes", { skip: graph === undefined && `${t}: ${NO_GRAPH_SOURCE[t]}` }, async () => {
        assert.ok(graph !== undefined);
        const filled = new Set(compileMapping(graph).columns);
        const cols = simColumns(t).filter((c) => filled.has(c) && NOT_IN_GRAPH[t]?.[c] === undefined);
        assert.ok(cols.length >= 5, `${t}: Graph fills ${cols.join(", ")}`);
        await sameTable(t, writeGraphPages(join(out, `${t}.pages.json`), t, raw.get(t)!), cols);
        await sameTable(t, writeGraphNdjson(join(out, `${t}.graph.ndjson`), t, raw.get(t)!), cols);
      });
    });
  }

  test("one Event Hub carrying every category: each table loads its own records from it", async () => {
    // In reality the Activity log (a subscription's setting) and Defender XDR's stream go to hubs
    // of their own; mixing them with Entra's categories here checks that every table picks out
    // only its own records, whatever else a file holds.
    const laTables = TABLE_NAMES.filter((t) => TABLES[t].logAnalytics);
    const records = laTables.flatMap((t) => raw.get(t)!.map((r) => ({ at: String(r.TimeGenerated), rec: toDiagnosticRecord(t, r) })));
    records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const path = join(out, "all-categories.eventhub.ndjson");
    const lines: string[] = [];
    for (let i = 0; i < records.length; i += 20) lines.push(JSON.stringify({ records: records.slice(i, i + 20).map((x) => x.rec) }));
    writeFileSync(path, `${lines.join("\n")}\n`);
    // The hub interleaves categories in time order: compare as sorted sets of rows.
    const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();
    for (const t of laTables) {
      const cols = diagnosticColumns(t);
      const ref = pick(rowsOf((await reference(t)).table), cols);
      const got = await load(t, path);
      assert.equal(got.stats.loaded, ref.length, t);
      assert.deepEqual(sorted(pick(rowsOf(got.table), cols)), sorted(ref), t);
      assert.ok(got.diagnostics.some((d) => d.code === "WD014"), `${t}: the other categories are counted`);
    }
  });
});
