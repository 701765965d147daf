/**
 * The pack's NetworkAllowlist block: every rule but the two verbatim seeds carries the same
 * dual-stack block (one text, so one behaviour), and that block excludes IPv4 and IPv6 addresses
 * by single address, CIDR and `a-b` range, keeps everything else, and ignores watchlist entries
 * it cannot read instead of letting them disable the list. The seeds' IPv4-only block is tested
 * in test/seeds/network-allowlist.test.ts and reported by `widar validate` (WR112).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadRules } from "../../src/rules/load-rules.js";
import { errors, runFixture } from "../support/run-query.js";
import { RULES_DIR } from "./helpers.js";

/** The block's lines, from `let _allow ` to the closing `};`, without their indentation. */
function allowlistBlock(query: string): string | undefined {
  const lines = query.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith("let _allow "));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l === "};");
  return lines.slice(start, end + 1).join("\n");
}

const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);
const SEEDS = new Set(["RULE-18", "RULE-19"]);
const PACK_BLOCK = allowlistBlock(rules.find((r) => r.id === "CRED-01")!.query)!;

const WATCHLIST = [
  "SearchKey,IPOrRange,Description",
  "10.1.0.0/16,10.1.0.0/16,office IPv4 CIDR",
  "192.168.5.5,192.168.5.5,jump host (bare IPv4)",
  "172.16.0.1-172.16.0.100,172.16.0.1-172.16.0.100,VPN pool (IPv4 range)",
  "2003:e4:1f0d:8a00::/56,2003:e4:1f0d:8a00::/56,office IPv6 prefix",
  "2001:db8:aa::12, 2001:db8:aa::12 ,build agent (bare IPv6 with spaces)",
  "2603:1030:20e:3::100-2603:1030:20e:3::1ff,2603:1030:20e:3::100-2603:1030:20e:3::1ff,VPN pool (IPv6 range)",
  "not-an-address,not-an-address,a typo that must not disable the list",
  "",
].join("\n");

// Address → whether the block keeps it (true) or excludes it as allowlisted (false).
const CASES: readonly (readonly [string, boolean, string])[] = [
  ["10.1.2.3", false, "in the IPv4 CIDR"],
  ["10.2.0.1", true, "outside the IPv4 CIDR"],
  ["192.168.5.5", false, "the bare IPv4 address"],
  ["192.168.5.6", true, "next to the bare IPv4 address"],
  ["172.16.0.100", false, "IPv4 range upper bound"],
  ["172.16.0.101", true, "past the IPv4 range"],
  ["::ffff:10.1.9.9", false, "IPv4-mapped IPv6 form of an address in the IPv4 CIDR"],
  ["2003:e4:1f0d:8aff:1:2:3:4", false, "in the IPv6 /56"],
  ["2003:E4:1F0D:8A00::1", false, "in the IPv6 /56, upper case"],
  ["2003:e4:1f0d:8b00::1", true, "the next IPv6 /56"],
  ["2001:db8:aa::12", false, "the bare IPv6 address"],
  ["2001:db8:aa::13", true, "next to the bare IPv6 address"],
  ["2603:1030:20e:3::1ff", false, "IPv6 range upper bound"],
  ["2603:1030:20e:3::200", true, "past the IPv6 range"],
  ["8.8.8.8", true, "public IPv4"],
  ["2a01:4f8:c17:1a2b::1", true, "public IPv6"],
  ["", true, "no address (a service principal's change)"],
  ["not-an-ip", true, "not an address"],
];

const probe = (block: string) => `${block}
datatable(IPAddress:string, Label:string)[
${CASES.map(([ip, , label]) => `  "${ip}", "${label}"`).join(",\n")}
]
| invoke _ExcludeAllowlistedIPs()
| project Label`;

describe("the pack's NetworkAllowlist block", () => {
  test("every rule that reads the NetworkAllowlist carries the same dual-stack block; the seeds keep theirs", () => {
    const readers = rules.filter((r) => r.query.includes("_GetWatchlist('NetworkAllowlist')"));
    assert.ok(readers.length >= 25, `${readers.length} rules read the allowlist`);
    for (const r of readers) {
      const block = allowlistBlock(r.query);
      assert.ok(block !== undefined, r.id);
      if (SEEDS.has(r.id)) assert.match(block, /ipv4_is_in_any_range/, r.id);
      else assert.equal(block, PACK_BLOCK, `${r.id} has its own variant of the allowlist block`);
    }
  });

  test("excludes IPv4 and IPv6 single addresses, CIDRs and ranges; keeps the rest; an unreadable entry disables nothing", async () => {
    const r = await runFixture(probe(PACK_BLOCK), { watchlists: { NetworkAllowlist: WATCHLIST }, now: "2026-11-21T12:00:00Z" });
    assert.deepEqual(errors(r.diagnostics), []);
    assert.deepEqual(
      r.rows.map((row) => row.Label),
      CASES.filter(([, kept]) => kept).map(([, , label]) => label),
    );
  });

  test("no watchlist loaded, or an empty one: nothing is excluded", async () => {
    for (const watchlists of [{}, { NetworkAllowlist: "SearchKey,IPOrRange,Description\n" }] as Record<string, string>[]) {
      const r = await runFixture(`${probe(PACK_BLOCK)} | count`, { watchlists, now: "2026-11-21T12:00:00Z" });
      assert.deepEqual(errors(r.diagnostics), []);
      assert.deepEqual(r.rows, [{ Count: CASES.length }]);
    }
  });
});
