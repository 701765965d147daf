/**
 * widar's offline IP geolocation answers geo_info_from_ip_address for every block of its network
 * table (by country name, as the Kusto function gives it), for the rest of the public Internet
 * from the installed datasets (the country only), and null for private and reserved space;
 * `widar query` uses it. The triage's IP sources give well-known addresses their real AS.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runQuery } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { lookupDatasets } from "../../src/enrich/ip-datasets.js";
import { offlineIpLocator } from "../../src/enrich/ip-location.js";
import { offlineIpSources } from "../../src/triage/ip-sources.js";
import { NETWORK_PREFIXES, hostInPrefix, isPublicAddress } from "../../src/enrich/network-data.js";

describe("offline IP geolocation", () => {
  test("every block of the table answers with its place, the country by name", () => {
    for (const p of NETWORK_PREFIXES) {
      const g = offlineIpLocator(hostInPrefix(p, 7));
      assert.ok(g !== null, p.cidr);
      assert.notEqual(g.country, p.country, `${p.country} has a name`);
      assert.deepEqual([g.state, g.city, g.latitude, g.longitude], [p.state, p.city, p.latitude, p.longitude], p.cidr);
    }
  });

  test("private, reserved, malformed and unknown addresses are null", () => {
    for (const ip of ["10.1.2.3", "192.0.2.1", "198.51.100.7", "100.64.0.1", "169.254.1.1", "not an ip", "300.1.1.1", "::1", "fe80::1", "2001:db8::1", "fd00::1"])
      assert.equal(offlineIpLocator(ip), null, ip);
  });

  test("the rest of the public Internet: the country from the installed whois data", () => {
    assert.deepEqual(offlineIpLocator("8.8.8.8"), { country: "United States", state: "", city: "", latitude: null, longitude: null });
    assert.equal(offlineIpLocator("2a00:1450:4001:800::200e")?.country, "Ireland", "Google's European IPv6 block, registered in Ireland");
    for (const ip of ["8.8.8.8", "20.190.128.1", "2606:4700:4700::1111"]) assert.ok(isPublicAddress(ip), ip);
  });

  test("queries over widar's catalog get it", async () => {
    const { catalog } = await buildCatalog({ queryTexts: [], tables: [] });
    const r = runQuery("print c = tostring(geo_info_from_ip_address('95.216.33.7').country)", catalog, { now: 0 });
    assert.deepEqual(r.tables[0]!.row(0), ["Finland"]);
  });
});

describe("the triage's IP sources", () => {
  // Well-known addresses, their AS and country as registered (RIR whois, RouteViews).
  const KNOWN: readonly [string, number, string, string | undefined][] = [
    ["8.8.8.8", 15169, "US", "cloud"], // Google Public DNS
    ["2001:4860:4860::8888", 15169, "US", "cloud"],
    ["20.190.128.1", 8075, "US", "cloud"], // login.microsoftonline.com's range
    ["52.95.110.1", 16509, "US", "cloud"], // Amazon
    ["2606:4700:4700::1111", 13335, "US", "cloud"], // Cloudflare DNS over IPv6
    ["151.101.1.69", 54113, "US", undefined], // Fastly: a CDN, not in the hosting list
  ];
  test("well-known addresses get their real AS, organisation and country from the installed datasets", async () => {
    const { catalog } = await buildCatalog({ queryTexts: [], tables: [] });
    const ip = offlineIpSources(catalog);
    for (const [address, asn, country, kind] of KNOWN) {
      const i = ip.info(address);
      assert.equal(i.asn, asn, address);
      assert.equal(i.country, country, address);
      assert.ok((i.organisation ?? "").length > 0, address);
      assert.equal(i.networkKind, kind, address);
    }
    assert.deepEqual(ip.info("10.0.0.1"), {});
    assert.deepEqual(lookupDatasets("not an ip"), {});
  });

  test("the allowlist's IPv6 CIDRs and ranges hold the addresses the rules exclude", async () => {
    const dir = mkdtempSync(join(tmpdir(), "widar-allow-"));
    try {
      const csv = join(dir, "NetworkAllowlist.csv");
      writeFileSync(
        csv,
        ["SearchKey,IPOrRange,Description", "a,2600:1700:5a20:4e00::/56,HQ v6", "b,2003:e4:1f0d:8a00:: - 2003:e4:1f0d:8aff:ffff:ffff:ffff:ffff,Berlin v6", "c,12.36.112.0/24,HQ v4"].join("\n"),
      );
      const { catalog } = await buildCatalog({ queryTexts: [], tables: [], watchlists: [{ alias: "NetworkAllowlist", path: csv }], load: { progress: false, cache: false } });
      const ip = offlineIpSources(catalog);
      assert.equal(ip.allowlisted("2600:1700:5a20:4e07:8d2:41ff:fe1c:92a0")?.note, "HQ v6");
      assert.equal(ip.allowlisted("2600:1700:5a20:4f00::1"), undefined, "outside the /56");
      assert.equal(ip.allowlisted("2003:e4:1f0d:8a12::44")?.note, "Berlin v6");
      assert.equal(ip.allowlisted("2003:e4:1f0d:8b00::1"), undefined, "past the range's end");
      assert.equal(ip.allowlisted("12.36.112.4")?.note, "HQ v4");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
