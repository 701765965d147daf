/** `widar data inspect`: format, dialect, tables with counts and time ranges, rejects; read-only. */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import { type CommandIO, runData } from "../../src/cli/data-command.js";
import { inspectFile } from "../../src/data/inspect.js";
import { fixturePath, tmpDir } from "./support.js";

async function capture(f: (io: CommandIO) => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await f({ stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, out: out.join(""), err: err.join("") };
}

describe("inspectFile", () => {
  test("an Event Hub stream of several categories: one line per table, time ranges", async () => {
    const r = await inspectFile(fixturePath("diagnostic", "workload-signins.eventhub.ndjson"));
    assert.equal(r.format, "ndjson");
    assert.deepEqual(r.dialects, ["diagnostic"]);
    assert.deepEqual(r.tables, [
      { table: "AADServicePrincipalSignInLogs", records: 3, coercedToNull: 0, first: "2026-11-21T11:05:28.3518405Z", last: "2026-11-21T11:20:13.1610640Z" },
      { table: "AADManagedIdentitySignInLogs", records: 1, coercedToNull: 0, first: "2026-11-21T11:06:49.2279838Z", last: "2026-11-21T11:06:49.2279838Z" },
      { table: "AADNonInteractiveUserSignInLogs", records: 1, coercedToNull: 0, first: "2026-11-21T11:21:14.1875602Z", last: "2026-11-21T11:21:14.1875602Z" },
    ]);
    assert.equal(r.rejected, 0);
  });

  test("hostile records: rejects counted, unmapped categories named, values nulled counted", async () => {
    const path = fixturePath("diagnostic", "hostile.eventhub.ndjson");
    const r = await inspectFile(path);
    assert.equal(r.rejected, 5);
    assert.deepEqual(r.unmapped, [{ source: "diagnostic category 'UserRiskEvents'", records: 1 }]);
    assert.deepEqual(
      r.tables.map((t) => [t.table, t.records, t.coercedToNull]),
      [
        ["AADServicePrincipalSignInLogs", 3, 3],
        ["AADManagedIdentitySignInLogs", 1, 0],
      ],
    );
    assert.equal(existsSync(join(path, "..", ".widar")), false, "inspecting writes nothing");
  });

  test("each export of the activity tables: its table, its time range, other categories named", async () => {
    const cases: [string[], string, [string, number][], { source: string; records: number }[]][] = [
      [["diagnostic", "activity-log.storage.json"], "ndjson", [["AzureActivity", 4]], []],
      [["diagnostic", "graph-activity.storage.json"], "ndjson", [["MicrosoftGraphActivityLogs", 3]], []],
      [["diagnostic", "defender-stream.eventhub.json"], "envelope", [["CloudAppEvents", 2]], [{ source: "diagnostic category 'AdvancedHunting-IdentityLogonEvents'", records: 1 }]],
      [["diagnostic", "risky-users.storage.json"], "ndjson", [["AADRiskyUsers", 2]], []],
      [["graph", "risky-users.json"], "envelope", [["AADRiskyUsers", 2]], []],
    ];
    for (const [parts, format, tables, unmapped] of cases) {
      const r = await inspectFile(fixturePath(...parts), false);
      assert.equal(r.format, format, parts[1]);
      assert.deepEqual(r.dialects, [parts[0] === "graph" ? "graph" : "diagnostic"], parts[1]);
      assert.deepEqual(
        r.tables.map((t) => [t.table, t.records]),
        tables,
        parts[1],
      );
      assert.deepEqual(r.unmapped, unmapped, parts[1]);
      assert.equal(r.rejected, 0);
    }
  });

  test("one Activity log blob line (`PT1H.json`, gzip) is found to be AzureActivity", async () => {
    const path = join(tmpDir(), "PT1H.json.gz");
    const [first] = readFileSync(fixturePath("diagnostic", "activity-log.storage.json"), "utf8").split("\n");
    writeFileSync(path, gzipSync(`${first}\r\n`));
    const r = await inspectFile(path, false);
    assert.equal(r.gzip, true);
    assert.equal(r.format, "ndjson");
    assert.deepEqual(r.dialects, ["diagnostic"]);
    assert.deepEqual(r.tables, [{ table: "AzureActivity", records: 1, coercedToNull: 0, first: "2026-11-21T11:08:41.2219560Z", last: "2026-11-21T11:08:41.2219560Z" }]);
  });

  test("Log Analytics rows: the table from `Type`, else from the file's name; gzip noticed", async () => {
    const dir = tmpDir();
    const byName = join(dir, "AuditLogs.ndjson.gz");
    writeFileSync(byName, gzipSync(`${JSON.stringify({ TimeGenerated: "2026-11-21T10:00:00Z", OperationName: "x" })}\n`));
    const a = await inspectFile(byName);
    assert.equal(a.gzip, true);
    assert.deepEqual(
      a.tables.map((t) => [t.table, t.records]),
      [["AuditLogs", 1]],
    );
    const mixed = join(dir, "export.json");
    writeFileSync(
      mixed,
      JSON.stringify([
        { Type: "SigninLogs", TimeGenerated: "2026-11-21T10:00:00Z" },
        { Type: "AuditLogs", TimeGenerated: "2026-11-21T09:00:00Z" },
        { Type: "SigninLogs", TimeGenerated: "2026-11-21T11:00:00Z" },
      ]),
    );
    const m = await inspectFile(mixed);
    assert.equal(m.format, "json-array");
    assert.deepEqual(
      m.tables.map((t) => [t.table, t.records, t.first, t.last]),
      [
        ["SigninLogs", 2, "2026-11-21T10:00:00.0000000Z", "2026-11-21T11:00:00.0000000Z"],
        ["AuditLogs", 1, "2026-11-21T09:00:00.0000000Z", "2026-11-21T09:00:00.0000000Z"],
      ],
    );
  });
});

describe("widar data inspect", () => {
  test("prints format, table, time range, counts and rejects; diagnostics on stderr", async () => {
    const r = await capture((io) => runData(["inspect", fixturePath("graph", "risky-service-principals.json"), fixturePath("diagnostic", "hostile.eventhub.ndjson")], io));
    assert.equal(r.code, 0);
    assert.match(r.out, /risky-service-principals\.json\n {2}format {5}JSON envelope/);
    assert.match(r.out, /records {4}Microsoft Graph\n/);
    assert.match(r.out, /table {6}AADRiskyServicePrincipals {2}\s+2 record\(s\) {2}2026-11-21T09:50:03\.1250000Z \.\. 2026-11-21T11:31:52\.7020000Z/);
    assert.match(r.out, /rejected {3}5 \(WD005 x2, WD013 x2, WD001 x1, WD002 x3; see the diagnostics above\)/);
    assert.match(r.out, /not read {3}1 record\(s\) of diagnostic category 'UserRiskEvents'/);
    assert.match(r.err, /hostile\.eventhub\.ndjson:3: warning WD001: not valid JSON.*\(column \d+\)/);
  });

  test("--json; exit 1 for an unreadable file; exit 2 for usage", async () => {
    const r = await capture((io) => runData(["inspect", "--json", fixturePath("graph", "sp-risk-detections.ndjson"), "/nonexistent/file.json"], io));
    assert.equal(r.code, 1);
    const [a, b] = r.out.trim().split("\n").map((l) => JSON.parse(l));
    assert.deepEqual(a.tables.map((t: { table: string }) => t.table), ["AADServicePrincipalRiskEvents"]);
    assert.equal(b.diagnostics[0].code, "WD004");
    assert.equal((await capture((io) => runData(["inspect"], io))).code, 2);
    assert.equal((await capture((io) => runData(["frobnicate"], io))).code, 2);
  });
});
