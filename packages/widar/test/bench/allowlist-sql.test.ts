/**
 * The SQL translations' allowlisted() (bench/pack-sql/_setup.sql) keeps exactly the addresses the
 * rules' _ExcludeAllowlistedIPs keeps, on a NetworkAllowlist with IPv4 and IPv6 addresses, CIDRs and
 * first-last ranges, unreadable entries and odd addresses: the bench tenant's few entries do not
 * reach these cases. The KQL block is read from a rule of the pack, so a change to it shows here.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { compile, execute } from "@widar/kql";
import { setupDuck } from "../../bench/pack/pack-runs.js";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { RULES_DIR } from "../rules/helpers.js";

const ENTRIES = [
  "10.0.0.0/8",
  " 192.168.1.5 ",
  "172.16.0.1-172.16.0.20",
  "2001:db8::/32",
  "2001:db9::10 - 2001:db9::20",
  "::ffff:198.51.100.0/120",
  "fe80::/10",
  "100.64.0.0-2001:db8::1",
  "garbage",
  "1.2.3.4-bad",
  "203.0.113.7/33",
  "64:ff9b::/96",
];

const ADDRESSES = [
  "10.1.2.3",
  "11.0.0.1",
  "192.168.1.5",
  "192.168.1.6",
  "172.16.0.10",
  "172.16.0.21",
  "2001:db8::1",
  "2001:DB8:0:0:0:0:0:A",
  "2001:db9::15",
  "2001:db9::21",
  "::ffff:10.0.0.1",
  "198.51.100.7",
  "198.51.101.7",
  "fe80::1",
  "febf:ffff::1",
  "fec0::1",
  "",
  "not-an-ip",
  "1.2.3.4",
  "203.0.113.7",
  "64:ff9b::1.2.3.4",
  "::10.0.0.9",
  "100.64.0.1",
  "1.2.3.256",
  "2001:db8::1::2",
  "10.1.2.3/8",
];

/** The rule's text from its first line to the end of its _ExcludeAllowlistedIPs function. */
function allowlistBlock(): string {
  const yaml = readFileSync(join(RULES_DIR, "RULE-01-sp-signin-suspicious-country.yaml"), "utf8");
  const query = yaml.slice(yaml.indexOf("query: |") + "query: |".length);
  const end = query.indexOf("\n  };", query.indexOf("let _ExcludeAllowlistedIPs"));
  return query
    .slice(0, end + "\n  };".length)
    .split("\n")
    .map((l) => l.replace(/^ {2}/, ""))
    .join("\n");
}

let dir: string;
let db: DuckDBInstance;
let conn: DuckDBConnection;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "widar-allowlist-sql-"));
  db = await DuckDBInstance.create(":memory:");
  conn = await db.connect();
});

after(() => {
  conn?.closeSync();
  db?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

test("allowlisted() keeps what _ExcludeAllowlistedIPs keeps", async () => {
  const csv = join(dir, "NetworkAllowlist.csv");
  writeFileSync(csv, `IPOrRange\n${ENTRIES.map((e) => `"${e}"`).join("\n")}\n`);
  const data = join(dir, "Addresses.ndjson");
  writeFileSync(data, `${ADDRESSES.map((a, i) => JSON.stringify({ N: i, IPAddress: a })).join("\n")}\n`);

  const query = `${allowlistBlock()}\nAddresses | invoke _ExcludeAllowlistedIPs() | project N`;
  const { catalog } = await buildCatalog({
    queryTexts: [query],
    tables: [{ name: "Addresses", path: data }],
    watchlists: [{ alias: "NetworkAllowlist", path: csv }],
    schemas: new Map([["Addresses", [{ name: "N", type: "long" }, { name: "IPAddress", type: "string" }]]]),
    load: { progress: false },
  });
  const compiled = compile(query, catalog);
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error"), []);
  const result = execute(compiled, catalog, {});
  const table = result.tables[result.tables.length - 1]!;
  const widarKept = Array.from({ length: table.rowCount }, (_, i) => ADDRESSES[Number(table.columns[0]!.get(i))]).sort();

  await conn.run("CREATE OR REPLACE TABLE watchlist_NetworkAllowlist (IPOrRange VARCHAR)");
  for (const e of ENTRIES) await conn.run(`INSERT INTO watchlist_NetworkAllowlist VALUES ('${e.replaceAll("'", "''")}')`);
  await conn.run("CREATE OR REPLACE TABLE watchlist_AutomationIdentities (IdentityId VARCHAR, Operations VARCHAR)");
  await conn.run("CREATE OR REPLACE TABLE watchlist_WorkloadIdentityInventory (ServicePrincipalId VARCHAR, AppId VARCHAR, OwnerIds VARCHAR)");
  await setupDuck(conn);
  await conn.run("CREATE OR REPLACE TABLE addresses (IPAddress VARCHAR)");
  for (const a of ADDRESSES) await conn.run(`INSERT INTO addresses VALUES ('${a.replaceAll("'", "''")}')`);
  const reader = await conn.runAndReadAll("SELECT IPAddress FROM addresses WHERE NOT allowlisted(IPAddress)");
  const sqlKept = (reader.getRowObjectsJson() as { IPAddress: string }[]).map((r) => r.IPAddress).sort();

  assert.deepEqual(sqlKept, widarKept);
  // Both drop some of each kind, or the comparison says little.
  for (const dropped of ["10.1.2.3", "192.168.1.5", "172.16.0.10", "2001:db8::1", "2001:db9::15", "198.51.100.7", "fe80::1"])
    assert.ok(!widarKept.includes(dropped), `${dropped} is allowlisted`);
  for (const kept of ["11.0.0.1", "2001:db9::21", "fec0::1", "", "not-an-ip"]) assert.ok(widarKept.includes(kept), `${kept} is not allowlisted`);
});
