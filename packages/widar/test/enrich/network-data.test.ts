/**
 * The ISP/cloud prefix table is well-formed (aligned CIDRs, no two operators claiming the same
 * address), lookups find the most specific prefix, and every public IP the simulator writes
 * resolves to a table entry — so offline enrichment always has something true to say.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HIGH_RISK_COUNTRIES, NETWORK_PREFIXES, intToIp, ipToInt, lookupNetwork, parseCidr } from "../../src/simulator/index.js";
import { hostInPrefix } from "../../src/enrich/network-data.js";
import { readNdjson, run } from "../simulator/helpers.js";

describe("simulator network data", () => {
  test("prefixes are aligned CIDRs and do not overlap between operators", () => {
    const ranges = NETWORK_PREFIXES.map((p) => {
      const [ip] = p.cidr.split("/");
      const r = parseCidr(p.cidr);
      assert.equal(ipToInt(ip!), r.base, `${p.cidr} is aligned`);
      return { p, ...r };
    });
    for (const a of ranges)
      for (const b of ranges)
        if (a !== b && a.p.asn !== b.p.asn)
          assert.ok(a.base + a.size <= b.base || b.base + b.size <= a.base, `${a.p.cidr} (AS${a.p.asn}) overlaps ${b.p.cidr} (AS${b.p.asn})`);
  });

  test("the table names the operators the issue lists, and networks in high-risk countries", () => {
    const asns = new Set(NETWORK_PREFIXES.map((p) => p.asn));
    for (const asn of [7922, 3320, 8075, 16509, 15169, 14061, 16276, 24940]) assert.ok(asns.has(asn), `AS${asn}`);
    assert.ok(NETWORK_PREFIXES.filter((p) => HIGH_RISK_COUNTRIES.has(p.country)).length >= 4);
  });

  test("lookups and address arithmetic", () => {
    assert.equal(lookupNetwork("73.12.34.56")?.asn, 7922);
    assert.equal(lookupNetwork("52.226.131.7")?.isp, "Microsoft Corporation");
    assert.equal(lookupNetwork("175.45.176.9")?.country, "KP");
    assert.equal(lookupNetwork("10.0.0.1"), undefined);
    assert.equal(lookupNetwork("not an ip"), undefined);
    // IPv6: Entra logs a client's IPv6 address whenever its network has one.
    assert.equal(lookupNetwork("2003:e4:1f0d:8a12::44")?.asn, 3320);
    assert.equal(lookupNetwork("2600:1700:5a20:4e07:8d2:41ff:fe1c:92a0")?.asn, 7018);
    assert.equal(lookupNetwork("2600:1710::1"), undefined, "outside 2600:1700::/28");
    for (const bad of ["::1", "fe80::1", "2003::1::2", "2003:e4:1f0d:8a12:0:0:0:0:44", "2003:e4g::1", ":::"])
      assert.equal(lookupNetwork(bad), undefined, bad);
    assert.equal(intToIp(ipToInt("203.0.113.255")!), "203.0.113.255");
    for (const p of NETWORK_PREFIXES)
      for (const i of [0, 1, 977, 123_456]) assert.equal(lookupNetwork(hostInPrefix(p, i)), p, `${p.cidr} host ${i}`);
  });

  test("every public IP in the simulated logs resolves to a table entry", async () => {
    const sim = await run("ips", { seed: 2 });
    const ips = new Set<string>();
    for (const r of readNdjson(sim.outDir, "AuditLogs")) {
      const ip = (r.InitiatedBy as { user?: { ipAddress: string } }).user?.ipAddress;
      if (ip) ips.add(ip);
    }
    for (const table of ["SigninLogs", "AADServicePrincipalSignInLogs"] as const)
      for (const r of readNdjson(sim.outDir, table)) ips.add(r.IPAddress as string);
    assert.ok(ips.size > 20);
    for (const ip of ips) assert.ok(lookupNetwork(ip) !== undefined, `${ip} resolves`);
  });
});
