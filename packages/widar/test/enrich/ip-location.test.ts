/**
 * widar's offline IP geolocation answers geo_info_from_ip_address for every block of its network
 * table (by country name, as the Kusto function gives it), and null outside it; `widar query`
 * uses it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runQuery } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { offlineIpLocator } from "../../src/enrich/ip-location.js";
import { NETWORK_PREFIXES, hostInPrefix } from "../../src/enrich/network-data.js";

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
    for (const ip of ["10.1.2.3", "192.0.2.1", "not an ip", "300.1.1.1", "1.1.1.1"]) assert.equal(offlineIpLocator(ip), null, ip);
  });

  test("queries over widar's catalog get it", async () => {
    const { catalog } = await buildCatalog({ queryTexts: [], tables: [] });
    const r = runQuery("print c = tostring(geo_info_from_ip_address('95.216.33.7').country)", catalog, { now: 0 });
    assert.deepEqual(r.tables[0]!.row(0), ["Finland"]);
  });
});
