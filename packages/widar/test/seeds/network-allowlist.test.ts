/**
 * The seeds' NetworkAllowlist block (identical in both rules), verbatim, invoked on a table of
 * IPs: it must exclude an IP by CIDR, by bare IP (→ /32) and by an `a-b` range, and keep the
 * rest. Neither seed rule invokes `_ExcludeAllowlistedIPs` itself, so the test appends the call.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { seedQuery } from "../support/paths.js";
import { errors, runFixture } from "../support/run-query.js";

function allowlistBlock(file: "rule-sp-creation-burst.txt" | "rule-19-sp-risk-escalation.txt"): string {
  const lines = seedQuery(file).split("\n");
  const start = lines.findIndex((l) => l.startsWith("let _allow "));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("};"));
  return lines.slice(start, end + 1).join("\n");
}

const WATCHLIST = [
  "SearchKey,IPOrRange,Description",
  "10.1.0.0/16,10.1.0.0/16,office CIDR",
  "192.168.5.5,192.168.5.5,jump host (bare IP)",
  "172.16.0.1-172.16.0.100,172.16.0.1-172.16.0.100,VPN pool (range)",
  "",
].join("\n");

const PROBE = `
datatable(IPAddress:string, Label:string)[
  "10.1.2.3", "in CIDR",
  "10.2.0.1", "outside CIDR",
  "192.168.5.5", "bare IP",
  "192.168.5.6", "next to bare IP",
  "172.16.0.50", "in range",
  "172.16.0.100", "range upper bound",
  "172.16.0.101", "past range",
  "8.8.8.8", "public",
  "not-an-ip", "invalid"
]
| invoke _ExcludeAllowlistedIPs()
| project IPAddress, Label`;

describe("seed NetworkAllowlist exclusion", () => {
  for (const file of ["rule-sp-creation-burst.txt", "rule-19-sp-risk-escalation.txt"] as const) {
    test(`${file}: excludes by CIDR, bare IP and range; keeps the rest`, async () => {
      const r = await runFixture(`${allowlistBlock(file)}\n${PROBE}`, {
        watchlists: { NetworkAllowlist: WATCHLIST },
        now: "2026-11-21T12:00:00Z",
      });
      assert.deepEqual(errors(r.diagnostics), []);
      assert.deepEqual(r.rows, [
        { IPAddress: "10.2.0.1", Label: "outside CIDR" },
        { IPAddress: "192.168.5.6", Label: "next to bare IP" },
        { IPAddress: "172.16.0.101", Label: "past range" },
        { IPAddress: "8.8.8.8", Label: "public" },
        { IPAddress: "not-an-ip", Label: "invalid" },
      ]);
    });
  }

  test("no watchlist loaded: nothing is excluded", async () => {
    const r = await runFixture(`${allowlistBlock("rule-sp-creation-burst.txt")}\n${PROBE} | count`, {
      now: "2026-11-21T12:00:00Z",
    });
    assert.deepEqual(errors(r.diagnostics), []);
    assert.deepEqual(r.rows, [{ Count: 9 }]);
  });
});
