/**
 * The store: migrations applied in order and once, files that are not a widar store refused and
 * left untouched, and the store as Sentinel's SecurityAlert / SecurityIncident / SentinelHealth
 * tables, with the Log Analytics schemas, answering KQL.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Catalog, runQuery } from "@widar/kql";
import { logAnalyticsTables } from "../../src/catalog/log-analytics.js";
import { readAlertSettings } from "../../src/detect/alert-settings.js";
import { buildAlerts } from "../../src/detect/alert-builder.js";
import { assignIncident } from "../../src/detect/incident-grouping.js";
import { insertAlert } from "../../src/store/alerts.js";
import { openDatabase, StoreError, schemaVersion } from "../../src/store/database.js";
import { addComment, listIncidents, recordVersion, updateIncident } from "../../src/store/incidents.js";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { recordRun } from "../../src/store/runs.js";
import { addStoreTables, STORE_TABLES, storeTable } from "../../src/store/store-tables.js";
import { H, makeRule, T0, table, tempStore } from "../detect/support.js";

function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "widar-store-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

describe("migrations", () => {
  test("a new store is at the latest schema version, in WAL mode", () => {
    const t = tempDir();
    try {
      const db = openDatabase(join(t.dir, "a.db"));
      assert.equal(schemaVersion(db), MIGRATIONS[MIGRATIONS.length - 1]!.version);
      assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
      db.close();
    } finally {
      t.done();
    }
  });

  test("migration numbers increase from 1 without gaps", () => {
    assert.deepEqual(
      MIGRATIONS.map((m) => m.version),
      MIGRATIONS.map((_, i) => i + 1),
    );
  });

  test("a store of an earlier version is migrated, keeping its data", () => {
    const t = tempDir();
    try {
      const file = join(t.dir, "a.db");
      const first = openDatabase(file, { migrations: MIGRATIONS.slice(0, 1) });
      first.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
      first.close();
      const db = openDatabase(file);
      assert.equal(schemaVersion(db), MIGRATIONS.length);
      assert.deepEqual(db.prepare("SELECT value FROM meta WHERE key = 'k'").get(), { value: "v" });
      db.close();
    } finally {
      t.done();
    }
  });

  const refusals: { name: string; setup: (file: string) => void; code: string }[] = [
    { name: "a text file", setup: (f) => writeFileSync(f, "AuditLogs,TimeGenerated\n1,2\n"), code: "WS001" },
    { name: "random bytes", setup: (f) => writeFileSync(f, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256))), code: "WS001" },
    {
      name: "a store written by a newer widar",
      setup: (f) => {
        const db = openDatabase(f);
        db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
        db.close();
      },
      code: "WS002",
    },
  ];
  for (const r of refusals)
    test(`${r.name} is refused (${r.code}) and left as it was`, () => {
      const t = tempDir();
      try {
        const file = join(t.dir, "x.db");
        r.setup(file);
        const before = readFileSync(file);
        assert.throws(
          () => openDatabase(file),
          (e: unknown) => e instanceof StoreError && e.code === r.code && e.file === file,
        );
        assert.deepEqual(readFileSync(file), before);
      } finally {
        t.done();
      }
    });

  test("opening read-only never creates a file", () => {
    const t = tempDir();
    try {
      assert.throws(() => openDatabase(join(t.dir, "none.db"), { readonly: true }), (e: unknown) => e instanceof StoreError && e.code === "WS001");
    } finally {
      t.done();
    }
  });
});

/** A store with two alerts grouped in one incident, a comment, a closing, and two runs. */
function populated() {
  const t = tempStore();
  const rule = makeRule({
    sentinel: {
      eventGroupingSettings: { aggregationKind: "AlertPerResult" },
      entityMappings: [{ entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IP" }] }],
      customDetails: { Who: "Who" },
      incidentConfiguration: { createIncident: true, groupingConfiguration: { enabled: true, matchingMethod: "AnyAlert" } },
    },
  });
  const { settings } = readAlertSettings(rule);
  const rows = table(
    [
      { name: "TimeGenerated", type: "datetime" },
      { name: "Who", type: "string" },
      { name: "IP", type: "string" },
    ],
    [
      ["2026-11-20T09:30:00Z", "alice", "203.0.113.7"],
      ["2026-11-20T09:45:00Z", "bob", "198.51.100.9"],
    ],
  );
  const built = buildAlerts(rule, settings, "local", { startMs: T0 - H, endMs: T0 }, rows);
  t.store.transaction(() => {
    for (const a of built.alerts) if (insertAlert(t.store.db, a)) assignIncident(t.store.db, a, settings.incident);
    const id = listIncidents(t.store.db)[0]!.incidentId;
    recordVersion(t.store.db, id, "widar detect", T0);
    for (const [status, end] of [
      ["Success", T0],
      ["Failure", T0 + H],
    ] as const)
      recordRun(t.store.db, {
        ruleId: rule.id,
        ruleName: rule.title,
        source: "local",
        windowStartMs: end - H,
        windowEndMs: end,
        status,
        resultCount: status === "Success" ? 2 : 0,
        alertCount: status === "Success" ? 2 : 0,
        entityCount: 2,
        durationMs: 1.5,
        executedMs: T0,
        settings: { AggregationKind: "AlertPerResult" },
        ...(status === "Failure" ? { diagnosticCode: "WQ004", message: "boom" } : {}),
      });
  });
  const id = listIncidents(t.store.db)[0]!.incidentId;
  addComment(t.store.db, id, "analyst1", "looking", T0 + 2 * H);
  updateIncident(t.store.db, id, { status: "Closed", classification: "TruePositive", classificationReason: "SuspiciousActivity", classificationComment: "confirmed" }, "analyst1", T0 + 3 * H);
  return t;
}

describe("the store speaks KQL", () => {
  test("SecurityAlert, SecurityIncident and SentinelHealth have the Log Analytics schemas", () => {
    const t = populated();
    try {
      for (const name of STORE_TABLES) assert.deepEqual(storeTable(t.store, name).schema, logAnalyticsTables().get(name), name);
    } finally {
      t.done();
    }
  });

  const queries: { name: string; kql: string; rows: unknown[][] }[] = [
    {
      name: "alerts by name and severity",
      kql: "SecurityAlert | summarize count() by AlertSeverity, ProductName, ProviderName",
      rows: [["Medium", "Azure Sentinel", "ASI Scheduled Alerts", 2]],
    },
    {
      name: "entities and custom details parse as Sentinel's JSON",
      kql: "SecurityAlert | extend e = parse_json(Entities), x = parse_json(ExtendedProperties) | project ip = tostring(e[0].Address), t = tostring(e[0].Type), who = tostring(parse_json(tostring(x['Custom Details'])).Who[0]) | order by ip asc",
      rows: [
        ["198.51.100.9", "ip", "bob"],
        ["203.0.113.7", "ip", "alice"],
      ],
    },
    {
      name: "one SecurityIncident row per version; the latest by arg_max",
      kql: "SecurityIncident | summarize versions = count(), arg_max(TimeGenerated, Status, Classification, ClassificationReason, ClassificationComment, AlertIds, ModifiedBy) by IncidentNumber | project IncidentNumber, versions, Status, Classification, ClassificationReason, ClassificationComment, alerts = array_length(AlertIds), ModifiedBy",
      rows: [[1, 3, "Closed", "TruePositive", "SuspiciousActivity", "confirmed", 2, "analyst1"]],
    },
    {
      name: "incident comments appear from the version they were made in",
      kql: "SecurityIncident | order by TimeGenerated asc | project n = array_length(Comments)",
      rows: [[0], [1], [1]],
    },
    {
      name: "rule health",
      kql: "SentinelHealth | where OperationName == 'Scheduled analytics rule run' | summarize count() by Status, Reason, SentinelResourceType | order by Status asc",
      rows: [
        ["Failure", "WQ004", "Analytics Rule", 1],
        ["Success", "", "Analytics Rule", 1],
      ],
    },
  ];
  for (const q of queries)
    test(q.name, () => {
      const t = populated();
      try {
        const catalog = new Catalog();
        addStoreTables(catalog, t.store);
        const r = runQuery(q.kql, catalog);
        assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
        assert.deepEqual(r.tables[0]!.rows(), q.rows);
      } finally {
        t.done();
      }
    });
});
