/**
 * Every record binds to its table's schema: for the Log Analytics tables, the reference at
 * ../shared/schemas/log-analytics-tables.csv (column exists, JSON value fits the Kusto type); for
 * RULE 19's two tables, the columns of the seed's own `datatable` fallbacks. The run includes
 * directory churn (`auditEvents`), so its AuditLogs records are checked with all the others.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { SimulationResult } from "../../src/simulator/index.js";
import { TABLES, TABLE_NAMES, type TableName } from "../../src/simulator/tables.js";
import { SHARED } from "../support/paths.js";
import { parseCsv, readNdjson, run } from "./helpers.js";

/** table → column → Kusto type, from the Log Analytics reference. */
function logAnalyticsSchemas(): Map<string, Map<string, string>> {
  const rows = parseCsv(readFileSync(join(SHARED, "schemas", "log-analytics-tables.csv"), "utf8")).slice(1);
  const out = new Map<string, Map<string, string>>();
  for (const [table, column, type] of rows) {
    if (table === undefined || column === undefined || type === undefined) continue;
    if (!out.has(table)) out.set(table, new Map());
    out.get(table)!.set(column, type);
  }
  return out;
}

/** The columns of `datatable(...)` right after `union isfuzzy=true <name>,` in seed RULE 19. */
function seedDatatable(name: string): Map<string, string> {
  const text = readFileSync(join(SHARED, "seeds", "rule-19-sp-risk-escalation.txt"), "utf8");
  const at = text.indexOf(`${name},`);
  const m = /datatable\(([^)]*)\)/.exec(text.slice(at));
  assert.ok(at >= 0 && m !== null, `seed RULE 19 names ${name} with a datatable fallback`);
  return new Map(m[1]!.split(",").map((c) => c.trim().split(":") as [string, string]));
}

function fits(value: unknown, type: string): boolean {
  if (value === null) return true;
  switch (type) {
    case "string":
    case "guid":
      return typeof value === "string";
    case "datetime":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) && !Number.isNaN(Date.parse(value));
    case "dynamic":
      return typeof value === "object";
    case "bool":
      return typeof value === "boolean";
    case "int":
    case "long":
      return Number.isInteger(value);
    case "real":
      return typeof value === "number";
    case "timespan":
      return typeof value === "string";
    default:
      return false;
  }
}

function schemaOf(table: TableName, la: Map<string, Map<string, string>>): Map<string, string> {
  return TABLES[table].logAnalytics ? la.get(table)! : seedDatatable(table);
}

describe("simulator schema conformance", () => {
  const la = logAnalyticsSchemas();
  let sim: SimulationResult;
  before(async () => {
    sim = await run("schema", { seed: 3, auditEvents: 1_500 });
  });

  test("the declared columns are columns of the table, with the reference's types", () => {
    for (const table of TABLE_NAMES) {
      const schema = schemaOf(table, la);
      assert.ok(schema.size > 0, `${table} has a schema`);
      for (const c of TABLES[table].columns) assert.equal(schema.get(c.name), c.type, `${table}.${c.name}`);
    }
  });

  test("the seed-compatibility tables have exactly the seed datatable's columns, in order", () => {
    for (const table of ["RiskyServicePrincipals", "ServicePrincipalRiskEvents"] as const)
      assert.deepEqual(
        TABLES[table].columns.map((c) => `${c.name}:${c.type}`),
        [...seedDatatable(table)].map(([n, t]) => `${n}:${t}`),
      );
  });

  test("every field of every record is a column of its table and its value fits the column type", () => {
    let checked = 0;
    for (const table of TABLE_NAMES) {
      const schema = schemaOf(table, la);
      const declared = TABLES[table].columns.map((c) => c.name);
      const records = readNdjson(sim.outDir, table);
      assert.ok(records.length > 0, `${table} has records`);
      for (const r of records) {
        assert.deepEqual(Object.keys(r), declared, `${table} record keys are the declared columns, in order`);
        assert.equal(typeof r.TimeGenerated, "string", `${table} record has TimeGenerated`);
        for (const [k, v] of Object.entries(r)) {
          const type = schema.get(k);
          assert.ok(type !== undefined, `${table}.${k} is not a column`);
          assert.ok(fits(v, type), `${table}.${k} = ${JSON.stringify(v)} does not fit ${type}`);
        }
        checked++;
      }
    }
    assert.ok(checked > 1000);
  });

  test("nested AuditLogs fields have Entra's shapes", () => {
    for (const r of readNdjson(sim.outDir, "AuditLogs")) {
      const by = r.InitiatedBy as Record<string, Record<string, unknown>>;
      assert.equal(Object.keys(by).length, 1, "InitiatedBy names a user or an app, not both");
      if (by.user) assert.deepEqual(Object.keys(by.user), ["id", "displayName", "userPrincipalName", "ipAddress"]);
      // As Entra writes an app initiator (published records): appId (null there), displayName, servicePrincipalId, servicePrincipalName.
      else {
        assert.deepEqual(Object.keys(by.app!), ["appId", "displayName", "servicePrincipalId", "servicePrincipalName"]);
        assert.equal(by.app!.appId, null, "Entra leaves an app initiator's appId null");
      }
      for (const t of r.TargetResources as Record<string, unknown>[]) {
        assert.equal(typeof t.id, "string");
        assert.equal(typeof t.type, "string");
        for (const p of t.modifiedProperties as Record<string, unknown>[])
          assert.deepEqual(Object.keys(p), ["displayName", "oldValue", "newValue"]);
      }
      const details = r.AdditionalDetails as { key: string; value: string }[];
      // Conditional Access logs its policy changes with only a category, no User-Agent.
      if (r.LoggedByService === "Conditional Access") assert.deepEqual(details, [{ key: "Category", value: "Conditional Access" }]);
      else assert.equal(details[0]!.key, "User-Agent");
      assert.ok(["success", "failure"].includes(r.Result as string));
      assert.equal(r.ResultReason === "", r.Result === "success", "a failure, and only a failure, gives its reason");
      assert.equal(r.ActivityDisplayName, r.OperationName);
    }
  });

  test("the AuditLogs checked include the directory churn's categories and target types", () => {
    const records = readNdjson(sim.outDir, "AuditLogs");
    const categories = new Set(records.map((r) => r.Category));
    for (const c of ["UserManagement", "GroupManagement", "Device", "ApplicationManagement"]) assert.ok(categories.has(c), `category ${c}`);
    const types = new Set(records.flatMap((r) => (r.TargetResources as { type: string }[]).map((t) => t.type)));
    for (const t of ["User", "Group", "Device", "ServicePrincipal", "Application"]) assert.ok(types.has(t), `target type ${t}`);
    // A user target names its UPN (Entra leaves its display name null); a group or a device its display name.
    for (const r of records)
      for (const t of r.TargetResources as { type: string; displayName: unknown; userPrincipalName?: unknown }[])
        if (t.type === "User") assert.equal(typeof t.userPrincipalName, "string");
        else if (t.type === "Group" || t.type === "Device") assert.equal(typeof t.displayName, "string", `${r.OperationName} ${t.type}`);
  });
});
