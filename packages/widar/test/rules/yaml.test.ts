/** The YAML subset reader and writer: Sentinel rule files read exactly, written back identically. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { entryOf, parseYaml, toPlain } from "../../src/rules/yaml/yaml-reader.js";
import { stringifyYaml } from "../../src/rules/yaml/yaml-writer.js";

const RULE = `id: 0a8f1d4e-1111-2222-3333-444455556666
name: Workload Identity - thing: with colon
description: |
  'Detects X.
  Second line.'
severity: Medium
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - AuditLogs
queryFrequency: 1h
triggerThreshold: 0
tactics:
- Persistence
- PrivilegeEscalation
relevantTechniques: [T1098.001, 'T1078.004']
query: |
  let x = 1;   // comment: with colon
  - not a list

  print x # not a comment
version: 1.0.0
kind: Scheduled
`;

function plain(text: string): unknown {
  const r = parseYaml(text);
  assert.equal(r.error, undefined, JSON.stringify(r.error));
  return toPlain(r.node!);
}

describe("YAML reader", () => {
  test("reads a Sentinel rule: block scalars, nested sequences of mappings, flow sequences, typed scalars", () => {
    assert.deepEqual(plain(RULE), {
      id: "0a8f1d4e-1111-2222-3333-444455556666",
      name: "Workload Identity - thing: with colon",
      description: "'Detects X.\nSecond line.'\n",
      severity: "Medium",
      requiredDataConnectors: [{ connectorId: "AzureActiveDirectory", dataTypes: ["AuditLogs"] }],
      queryFrequency: "1h",
      triggerThreshold: 0,
      tactics: ["Persistence", "PrivilegeEscalation"],
      relevantTechniques: ["T1098.001", "T1078.004"],
      query: "let x = 1;   // comment: with colon\n- not a list\n\nprint x # not a comment\n",
      version: "1.0.0",
      kind: "Scheduled",
    });
  });

  test("keeps where a block scalar's content starts, and each key's line", () => {
    const node = parseYaml(RULE).node!;
    const q = entryOf(node, "query")!;
    assert.equal(q.line, 17);
    assert.equal(q.value.kind === "scalar" && q.value.contentLine, 18);
    assert.equal(q.value.kind === "scalar" && q.value.contentIndent, 2);
    assert.equal(entryOf(node, "kind")!.line, 23);
  });

  test("chomping, folding, quoting", () => {
    assert.deepEqual(plain("a: |-\n  x\n  y\n\nb: |+\n  z\n\nc: >\n  p\n  q\n\n  r\n"), { a: "x\ny", b: "z\n\n", c: "p q\nr\n" });
    assert.deepEqual(plain("a: 'it''s\n  folded\n\n  para'\nb: \"tab\\tq\\\"\\u00e9\"\n"), { a: "it's folded\npara", b: 'tab\tq"é' });
    assert.deepEqual(plain("a: ~\nb: true\nc: 1.5\nd: -3\ne: 0x10\nf:\n"), { a: null, b: true, c: 1.5, d: -3, e: "0x10", f: null });
    assert.deepEqual(plain("a: {k: v, n: [1, 'two']}\nb: []\nc: {}\n"), { a: { k: "v", n: [1, "two"] }, b: [], c: {} });
    assert.deepEqual(plain("m:\n  - [a,\n     b]\n"), { m: [["a", "b"]] });
  });

  test("refuses what rule files never need, with a line and column", () => {
    const cases: [string, string, number][] = [
      ["a: &x 1\n", "anchors", 1],
      ["a: 1\nb: *x\n", "anchors", 2],
      ["a: 1\na: 2\n", "duplicate key 'a'", 2],
      ["a:\n\tb: 1\n", "tab characters", 2],
      ["a: 1\n  b: 2\n", "mapping key cannot continue", 2],
      ["a: 1\n---\nb: 2\n", "only one YAML document", 2],
      ["a: 'open\n", "unterminated quoted string", 1],
      ["a: [1, 2\n", "unterminated flow collection", 1],
    ];
    for (const [text, message, line] of cases) {
      const r = parseYaml(text);
      assert.ok(r.error !== undefined, text);
      assert.match(r.error.message, new RegExp(message), text);
      assert.equal(r.error.line, line, text);
    }
  });
});

describe("YAML writer", () => {
  test("round-trips what it writes", () => {
    const values = [
      plain(RULE),
      { s: ["", " lead", "trail ", "a: b", "#x", "- y", "true", "1.0", "null", "it's", "x\ny", " multi\nline", "tab\there", "\u0001"] },
      { nested: [{ a: 1, b: [{ c: null }] }, [], {}, [1, [2, 3]]] },
    ];
    for (const v of values) assert.deepEqual(plain(stringifyYaml(v as never)), v);
  });

  test("writes Azure-Sentinel layout: indented sequences, literal queries, plain scalars where safe", () => {
    const text = stringifyYaml({ name: "A: b", tactics: ["Persistence"], query: "T\n| take 1\n", items: [{ k: "v", l: 2 }] });
    assert.equal(text, "name: 'A: b'\ntactics:\n  - Persistence\nquery: |\n  T\n  | take 1\nitems:\n  - k: v\n    l: 2\n");
  });
});
