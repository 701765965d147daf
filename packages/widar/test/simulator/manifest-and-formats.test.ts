/**
 * manifest.json agrees with the files (records and bytes per table); the la-json and csv outputs
 * carry the same records as ndjson in their own shapes; `events` scales the volume to exactly the
 * requested total; the watchlist has CIDR, bare-IP and range rows covering the offices' egress.
 */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SCENARIO_NAMES } from "../../src/simulator/scenarios.js";
import { TABLES, TABLE_NAMES } from "../../src/simulator/tables.js";
import { parseCsv, readNdjson, run } from "./helpers.js";

describe("simulator manifest and output formats", () => {
  test("manifest counts and sizes match the files", async () => {
    const sim = await run("manifest", { seed: 9 });
    const m = JSON.parse(readFileSync(join(sim.outDir, "manifest.json"), "utf8"));
    assert.deepEqual(m, JSON.parse(JSON.stringify(sim.manifest)));
    let total = 0;
    for (const table of TABLE_NAMES) {
      const entry = m.tables[table];
      assert.equal(entry.file, `${table}.ndjson`);
      assert.equal(readNdjson(sim.outDir, table).length, entry.records, table);
      assert.equal(statSync(join(sim.outDir, entry.file)).size, entry.bytes, table);
      total += entry.records;
    }
    assert.equal(m.events.written, total);
    assert.equal(m.seed, 9);
    assert.deepEqual(m.period, { start: "2026-11-19T00:00:00.000Z", end: "2026-11-21T00:00:00.000Z", days: 2 });
    assert.equal(m.scenarios.length, SCENARIO_NAMES.length);
  });

  test("--events scales benign volume to exactly the requested total", async () => {
    const sim = await run("events", { seed: 9, events: 8_000, scenarios: ["sp-burst-user"] });
    assert.equal(sim.manifest.events.written, 8_000);
    assert.equal(sim.manifest.events.requested, 8_000);
    const sp = sim.manifest.tables.AADServicePrincipalSignInLogs!.records;
    assert.ok(sp > 4_000, "most of the volume is SP sign-ins");
  });

  test("la-json is the Log Analytics query API shape, with dynamic cells as JSON text", async () => {
    const nd = await run("fmt-nd", { seed: 4, scenarios: ["sp-burst-user", "risk-escalation"] });
    const lj = await run("fmt-la", { seed: 4, scenarios: ["sp-burst-user", "risk-escalation"], format: "la-json" });
    for (const table of TABLE_NAMES) {
      const doc = JSON.parse(readFileSync(join(lj.outDir, `${table}.json`), "utf8"));
      assert.equal(doc.tables.length, 1);
      const t = doc.tables[0];
      assert.equal(t.name, table);
      assert.deepEqual(t.columns, TABLES[table].columns.map((c) => ({ name: c.name, type: c.type })));
      const records = readNdjson(nd.outDir, table);
      assert.equal(t.rows.length, records.length, table);
      records.forEach((r, i) => {
        TABLES[table].columns.forEach((c, j) => {
          const cell = t.rows[i][j];
          if (c.type === "dynamic") assert.deepEqual(JSON.parse(cell), r[c.name]);
          else assert.deepEqual(cell, r[c.name]);
        });
      });
    }
  });

  test("csv is the portal export shape: header, dynamic as JSON text, RFC 4180 quoting", async () => {
    const nd = await run("csv-nd", { seed: 4, scenarios: ["owner-then-credential"] });
    const cs = await run("csv-csv", { seed: 4, scenarios: ["owner-then-credential"], format: "csv" });
    for (const table of ["AuditLogs", "SigninLogs", "AADServicePrincipalSignInLogs"] as const) {
      const text = readFileSync(join(cs.outDir, `${table}.csv`), "utf8");
      assert.ok(text.endsWith("\r\n"));
      const [header, ...rows] = parseCsv(text);
      assert.deepEqual(header, TABLES[table].columns.map((c) => c.name));
      const records = readNdjson(nd.outDir, table);
      assert.equal(rows.length, records.length);
      records.forEach((r, i) => {
        TABLES[table].columns.forEach((c, j) => {
          const v = r[c.name];
          const expected = v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
          assert.equal(rows[i]![j], expected, `${table}[${i}].${c.name}`);
        });
      });
    }
  });

  test("the NetworkAllowlist watchlist has a CIDR, a bare IP and a range, IPv4 and IPv6, covering the dual-stack offices", async () => {
    const sim = await run("allow", { quiet: true, scenarios: [] });
    const [header, ...rows] = parseCsv(readFileSync(join(sim.outDir, "NetworkAllowlist.csv"), "utf8"));
    assert.deepEqual(header, ["SearchKey", "IPOrRange", "Description"]);
    const values = rows.map((r) => r[1]!);
    assert.ok(values.some((v) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(v)), "a CIDR row");
    assert.ok(values.some((v) => /^\d+\.\d+\.\d+\.\d+$/.test(v)), "a bare IP row");
    assert.ok(values.some((v) => /^\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+$/.test(v)), "a range row");
    assert.ok(values.some((v) => /^[0-9a-f:]+\/\d+$/.test(v)), "an IPv6 CIDR row");
    assert.ok(values.some((v) => /^[0-9a-f:]+-[0-9a-f:]+$/.test(v)), "an IPv6 range row");
    const egress = sim.tenant.offices.flatMap((o) => o.egress.map((e) => e.ip));
    assert.ok(egress.every((ip) => ip.startsWith("12.36.112.") || ip.startsWith("79.200.14.")));
    const egress6 = sim.tenant.offices.flatMap((o) => o.egress6.map((e) => e.ip));
    assert.ok(egress6.length > 0 && egress6.every((ip) => ip.startsWith("2600:1700:5a20:4e") || ip.startsWith("2003:e4:1f0d:8a")));
  });

  test("the AutomationIdentities watchlist lists the known CI/CD identity by object id, for any operation", async () => {
    const sim = await run("automation", { quiet: true, scenarios: [] });
    const [header, ...rows] = parseCsv(readFileSync(join(sim.outDir, "AutomationIdentities.csv"), "utf8"));
    assert.deepEqual(header, ["SearchKey", "IdentityId", "DisplayName", "Operations", "Description"]);
    assert.deepEqual(
      rows.map((r) => [r[1], r[2], r[3]]),
      [[sim.tenant.named.pipeline.id, sim.tenant.named.pipeline.displayName, ""]],
    );
  });

  test("the smallest tenant hosts every scenario", async () => {
    const sim = await run("min", { identities: 24 });
    assert.equal(sim.groundTruth.scenarios.length, SCENARIO_NAMES.length);
    assert.ok(sim.tenant.servicePrincipals.some((sp) => sp.kind === "saas"));
    assert.ok(sim.tenant.servicePrincipals.some((sp) => sp.kind === "managedIdentity"));
  });
});
