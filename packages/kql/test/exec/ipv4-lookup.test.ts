/** evaluate ipv4_lookup: the plug-in page's examples (its lookup table inlined as a datatable). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { run } from "../support.js";

const IP_DATA = `let IP_Data = datatable(network:string, continent_code:string, continent_name:string, country_iso_code:string, country_name:string)
[
  "111.68.128.0/17","AS","Asia","JP","Japan",
  "5.8.0.0/19","EU","Europe","RU","Russia",
  "223.255.254.0/24","AS","Asia","SG","Singapore",
  "46.36.200.51/32","OC","Oceania","CK","Cook Islands",
  "2.20.183.0/24","EU","Europe","GB","United Kingdom",
  "192.165.8.0/21","EU","Europe","SE","Sweden",
];`;

describe("evaluate ipv4_lookup (ipv4-lookup-plugin.md)", () => {
  test("each address with the range that holds it; unmatched addresses dropped", () => {
    const r = run(`${IP_DATA}
      datatable(ip:string)['2.20.183.12', '5.8.1.2', '10.1.2.3', '46.36.200.51'] | evaluate ipv4_lookup(IP_Data, ip, network) | order by ip asc`);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.columns, ["ip", "network", "continent_code", "continent_name", "country_iso_code", "country_name"]);
    assert.deepEqual(r.rows, [
      ["2.20.183.12", "2.20.183.0/24", "EU", "Europe", "GB", "United Kingdom"],
      ["46.36.200.51", "46.36.200.51/32", "OC", "Oceania", "CK", "Cook Islands"],
      ["5.8.1.2", "5.8.0.0/19", "EU", "Europe", "RU", "Russia"],
    ]);
  });

  test("return_unmatched = true keeps the others with empty lookup columns", () => {
    const r = run(`${IP_DATA}
      datatable(ip:string)['5.8.1.2', '10.1.2.3'] | evaluate ipv4_lookup(IP_Data, ip, network, return_unmatched = true) | project ip, country_name | order by ip asc`);
    assert.deepEqual(r.rows, [
      ["10.1.2.3", ""],
      ["5.8.1.2", "Russia"],
    ]);
  });

  test("extra keys must be equal too (the page's third example: Sweden is not matched)", () => {
    const r = run(`${IP_DATA}
      datatable(ip:string, continent_name:string, country_iso_code:string)['2.20.183.12', 'Europe', 'GB', '5.8.1.2', 'Europe', 'RU', '192.165.12.17', 'Europe', '']
      | evaluate ipv4_lookup(IP_Data, ip, network, continent_name, country_iso_code) | project ip, country_name | order by ip asc`);
    assert.deepEqual(r.rows, [
      ["2.20.183.12", "United Kingdom"],
      ["5.8.1.2", "Russia"],
    ]);
  });
});
