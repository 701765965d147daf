/**
 * The two seed rules, verbatim, give the same result whichever form their data came in: Log
 * Analytics rows (NDJSON, JSON array, API JSON, CSV, the portal's CSV), Azure Monitor
 * diagnostic-settings exports (storage lines, an Event Hub message, Event Hub lines) and
 * Microsoft Graph (pages, `widar pull` NDJSON). RULE 19 reads its own table names
 * (`RiskyServicePrincipals`, ...): the diagnostic categories of those names, Graph's risk
 * objects and AADRiskyServicePrincipals rows all fill them through the seed tables' mappings.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type Json, type Schema, compile, execute } from "@widar/kql";
import { logAnalyticsTables } from "../../src/catalog/log-analytics.js";
import { cellJson } from "../../src/cli/format-result.js";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { mappingFor } from "../../src/data/mappings/index.js";
import { alice, audit, creations, pipeline } from "../seeds/audit-records.js";
import { seedQuery } from "../support/paths.js";
import { sortArrays } from "../support/run-query.js";
import {
  type Row,
  tmpDir,
  writeDiagnosticEnvelope,
  writeDiagnosticLines,
  writeEventHubLines,
  writeGraphNdjson,
  writeGraphPages,
  writeJsonArray,
  writeLogAnalyticsJson,
  writeNdjson,
  writePortalCsv,
} from "./support.js";

const NOW = "2026-11-21T12:00:00Z";

async function run(query: string, tables: { name: string; path: string }[], schemas: Record<string, Schema> = {}) {
  const { catalog, diagnostics } = await buildCatalog({
    queryTexts: [query],
    tables,
    schemas: new Map(Object.entries(schemas)),
    load: { cache: false, progress: false, rejectsDir: tmpDir("widar-rejects-") },
  });
  assert.deepEqual(
    diagnostics.filter((d) => d.severity !== "info"),
    [],
  );
  const result = execute(compile(query, catalog), catalog, { now: new Date(NOW) });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  const t = result.tables[result.tables.length - 1]!;
  const rows: Record<string, Json>[] = [];
  for (let i = 0; i < t.rowCount; i++) rows.push(Object.fromEntries(t.schema.map((c, j) => [c.name, cellJson(t.columns[j]!.get(i), c.type)])));
  return sortArrays(rows).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

type Writer = (dir: string, table: string, rows: Row[]) => string;

/** Every form a table's rows can come in, keyed by a name for the test titles. */
function forms(schema: Schema): Record<string, Writer> {
  return {
    "JSON array": (d, t, r) => writeJsonArray(join(d, `${t}.array.json`), r),
    "Log Analytics API JSON": (d, t, r) => writeLogAnalyticsJson(join(d, `${t}.la.json`), schema, r),
    "portal CSV": (d, t, r) => writePortalCsv(join(d, `${t}.csv`), schema, r),
    "diagnostic settings, storage lines (gzip)": (d, t, r) => writeDiagnosticLines(join(d, `${t}.storage.json.gz`), t, r, true),
    "diagnostic settings, one Event Hub message": (d, t, r) => writeDiagnosticEnvelope(join(d, `${t}.envelope.json`), t, r),
    "diagnostic settings, Event Hub lines": (d, t, r) => writeEventHubLines(join(d, `${t}.eventhub.ndjson`), t, r, 3),
    "Graph pages": (d, t, r) => writeGraphPages(join(d, `${t}.pages.json`), t, r, 4),
    "Graph NDJSON (widar pull)": (d, t, r) => writeGraphNdjson(join(d, `${t}.graph.ndjson`), t, r),
  };
}

describe("seed RULE-18 (SP creation burst) over AuditLogs in every form", () => {
  const RULE = seedQuery("rule-sp-creation-burst.txt");
  const records: Row[] = [
    ...creations(alice, "sp", 4, "11:40"),
    audit("2026-11-21T11:45:00Z", "Add service principal credentials", alice, { id: "sp-2", displayName: "sp app 2" }),
    ...creations(pipeline, "ci", 4, "11:50"),
    audit("2026-11-21T11:55:00Z", "Add delegated permission grant", pipeline, { id: "ci-1", displayName: "ci app 1" }),
    ...creations(alice, "old", 3, "11:00"),
  ];
  const schema = logAnalyticsTables().get("AuditLogs")!.filter((c) => Object.hasOwn(records[0]!, c.name));
  const dir = tmpDir("widar-seed18-");
  let expected: Record<string, Json>[] = [];

  test("NDJSON (the reference): the two bursts alert", async () => {
    expected = await run(RULE, [{ name: "AuditLogs", path: writeNdjson(join(dir, "AuditLogs.ndjson"), records) }]);
    assert.deepEqual(
      expected.map((r) => [r.InitiatorName, r.SeverityLevel]),
      [
        ["alice@contoso.com", "High — Bulk SP creation with immediate credential/role arming"],
        ["Deploy-Pipeline", "Critical — SP created SPs and immediately armed them"],
      ],
    );
  });

  for (const [name, write] of Object.entries(forms(schema))) {
    test(name, async () => {
      assert.deepEqual(await run(RULE, [{ name: "AuditLogs", path: write(dir, "AuditLogs", records) }]), expected);
    });
  }
});

describe("seed RULE-19 (SP risk escalation) over the risk tables in every form", () => {
  const RULE = seedQuery("rule-19-sp-risk-escalation.txt");
  const RISKY = mappingFor("RiskyServicePrincipals")!.schema!;
  const EVENTS = mappingFor("ServicePrincipalRiskEvents")!.schema!;
  // AADRiskyServicePrincipals / AADServicePrincipalRiskEvents rows, as Log Analytics holds them.
  const sp = (id: string, level: string, state: string, time = "2026-11-21T11:30:00Z"): Row => ({
    TimeGenerated: time,
    Id: id,
    AccountEnabled: true,
    AppId: `${id}-app`,
    CorrelationId: `c-${id}`,
    DisplayName: `${id}-name`,
    IsProcessing: false,
    OperationName: "Risky Service Principal",
    RiskDetail: "none",
    RiskLastUpdatedDateTime: time,
    RiskLevel: level,
    RiskState: state,
    ServicePrincipalType: "Application",
    SourceSystem: "Azure AD",
    Type: "AADRiskyServicePrincipals",
  });
  const ev = (id: string, type: string, detected: string, time = "2026-11-21T11:40:00Z"): Row => ({
    TimeGenerated: time,
    Id: `det-${id}-${type}`,
    Activity: "servicePrincipal",
    ActivityDateTime: detected,
    AppId: `${id}-app`,
    DetectedDateTime: detected,
    DetectionTimingType: "offline",
    LastUpdatedDateTime: time,
    RiskDetail: "none",
    RiskEventType: type,
    RiskLevel: "high",
    RiskState: "atRisk",
    ServicePrincipalDisplayName: `${id}-name`,
    ServicePrincipalId: id,
    Source: "IdentityProtection",
    Type: "AADServicePrincipalRiskEvents",
  });
  const principals = [
    sp("sp1", "medium", "confirmedCompromised"),
    sp("sp2", "high", "atRisk"),
    sp("sp3", "high", "atRisk"),
    sp("sp4", "medium", "atRisk"),
    sp("low", "low", "atRisk"),
    sp("fixed", "high", "remediated"),
    sp("old", "high", "atRisk", "2026-11-21T10:59:00Z"),
  ];
  const events = [
    ev("sp2", "investigationsThreatIntelligence", "2026-11-21T11:10:00Z"),
    ev("sp2", "leakedCredentials", "2026-11-21T11:20:00Z"),
    ev("sp3", "leakedCredentials", "2026-11-21T11:15:00Z"),
    ev("sp4", "suspiciousAPITraffic", "2026-11-21T10:00:00Z", "2026-11-21T10:30:00Z"),
  ];
  // The seed tables' own rows (what the rule's datatable fallbacks describe).
  const seedRows = (rows: Row[], table: "RiskyServicePrincipals" | "ServicePrincipalRiskEvents") => {
    const m = mappingFor(table)!.logAnalytics!;
    return rows.map((r) => Object.fromEntries(m.fields.map(([from, to]) => [to, r[from]])));
  };
  const dir = tmpDir("widar-seed19-");
  const schemas = { RiskyServicePrincipals: RISKY, ServicePrincipalRiskEvents: EVENTS };
  const tables = (a: string, b: string) => [
    { name: "RiskyServicePrincipals", path: a },
    { name: "ServicePrincipalRiskEvents", path: b },
  ];
  let expected: Record<string, Json>[] = [];

  test("the seed tables' own rows in NDJSON (the reference): every severity", async () => {
    const a = writeNdjson(join(dir, "risky.ndjson"), seedRows(principals, "RiskyServicePrincipals"));
    const b = writeNdjson(join(dir, "events.ndjson"), seedRows(events, "ServicePrincipalRiskEvents"));
    expected = await run(RULE, tables(a, b), schemas);
    assert.deepEqual(
      expected.map((r) => [r.ServicePrincipalId, r.SeverityLevel, r.RiskEventCount]),
      [
        ["sp1", "Critical — Identity Protection confirmed SP compromised", 0],
        ["sp2", "Critical — High-risk SP with threat intelligence detection", 2],
        ["sp3", "High — SP elevated to high risk by Identity Protection", 1],
        ["sp4", "Medium — SP elevated to medium risk by Identity Protection", 0],
      ],
    );
    assert.deepEqual(await run(RULE, tables(a, b)), expected, "schemas inferred from the rows");
  });

  test("AADRiskyServicePrincipals / AADServicePrincipalRiskEvents rows loaded under the rule's names", async () => {
    const a = writeNdjson(join(dir, "aad-risky.ndjson"), principals);
    const b = writeNdjson(join(dir, "aad-events.ndjson"), events);
    assert.deepEqual(await run(RULE, tables(a, b), schemas), expected);
    assert.deepEqual(await run(RULE, tables(a, b)), expected, "no --schema: the seed tables' own");
  });

  const laForms = forms([]);
  for (const name of Object.keys(laForms).filter((n) => n.startsWith("diagnostic") || n.startsWith("Graph"))) {
    test(name, async () => {
      const write = laForms[name]!;
      const a = write(dir, "AADRiskyServicePrincipals", principals);
      const b = write(dir, "AADServicePrincipalRiskEvents", events);
      assert.deepEqual(await run(RULE, tables(a, b), schemas), expected);
      assert.deepEqual(await run(RULE, tables(a, b)), expected, "no --schema");
    });
  }
});
