/** parse_xml: the Kusto reference's conversion table, its example, and malformed input. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseXml } from "../../src/functions/xml.js";
import { rows } from "../support.js";

const cases: [string, unknown][] = [
  ["<e/>", { e: null }],
  ["<e>text</e>", { e: "text" }],
  ['<e name="value" />', { e: { "@name": "value" } }],
  ['<e name="value">text</e>', { e: { "@name": "value", "#text": "text" } }],
  ["<e> <a>text</a> <b>text</b> </e>", { e: { a: "text", b: "text" } }],
  ["<e> <a>text</a> <a>text</a> </e>", { e: { a: ["text", "text"] } }],
  ["<e> text <a>text</a> </e>", { e: { "#text": "text", a: "text" } }],
  ["<e><a>1</a><a>2</a><a>3</a></e>", { e: { a: [1, 2, 3] } }],
  ["<e><a><x>1</x><x>2</x></a><a>3</a></e>", { e: { a: [{ x: [1, 2] }, 3] } }],
  ["<e a='1 &amp; 2' b=\"&lt;&#65;&#x42;&gt;\"/>", { e: { "@a": "1 & 2", "@b": "<AB>" } }],
  ["<?xml version=\"1.0\"?><!-- c --><e><![CDATA[<raw>]]></e>", { e: "<raw>" }],
  ["<e>007x</e>", { e: "007x" }],
];

test("the reference's conversion table", () => {
  for (const [xml, json] of cases) assert.deepEqual(parseXml(xml), json, xml);
});

test("malformed XML is null", () => {
  for (const bad of ["", "text", "<e>", "<e></f>", "<e a=1/>", "<e>&bogus;</e>", "<e/><f/>", "<e>a & b</e>"])
    assert.equal(parseXml(bad), null, bad);
});

test("the reference's example, through a query", () => {
  const xml = `<?xml version=\\"1.0\\" encoding=\\"UTF-8\\"?><duration><value>118.0</value><count>5.0</count><min>100.0</min><max>150.0</max></duration>`;
  assert.deepEqual(rows(`print d = parse_xml("${xml}") | project v = todouble(d.duration.value), m = todouble(d.duration.min)`), [[118, 100]]);
  assert.deepEqual(rows(`print d = parse_xml("<a>") | project isnull(d)`), [[true]]);
});
