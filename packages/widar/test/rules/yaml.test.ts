/** The YAML reader and writer (the `yaml` package): rule files read exactly, hostile ones refused with a code and a position, written back identically. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { YAML_LIMITS, entryOf, parseYaml, toPlain } from "../../src/rules/yaml/yaml-reader.js";
import { stringifyYaml } from "../../src/rules/yaml/yaml-writer.js";

const RULE = `id: 0a8f1d4e-1111-2222-3333-444455556666
name: "Workload Identity - thing: with colon"
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
    // YAML 1.2's core schema: `0x10` is a number, `1.0.0` and `0x1g` are strings.
    assert.deepEqual(plain("a: ~\nb: true\nc: 1.5\nd: -3\ne: 0x10\nf:\ng: 1.0.0\nh: 0x1g\n"), { a: null, b: true, c: 1.5, d: -3, e: 16, f: null, g: "1.0.0", h: "0x1g" });
    assert.deepEqual(plain("a: {k: v, n: [1, 'two']}\nb: []\nc: {}\n"), { a: { k: "v", n: [1, "two"] }, b: [], c: {} });
    assert.deepEqual(plain("m:\n  - [a,\n     b]\n"), { m: [["a", "b"]] });
  });

  test("the whole spec: anchors and aliases, tags, a directive, a BOM, CRLF, an indentation indicator", () => {
    assert.deepEqual(plain("a: &x [1, 2]\nb: *x\nc: !!str 12\n"), { a: [1, 2], b: [1, 2], c: "12" });
    assert.deepEqual(plain("%YAML 1.2\n---\na: 1\n"), { a: 1 });
    const crlf = parseYaml("\uFEFFa: 1\r\nq: |2\r\n    x\r\n  y\r\n").node!;
    assert.equal(entryOf(crlf, "a")!.column, 1);
    const q = entryOf(crlf, "q")!;
    assert.deepEqual([q.line, q.value.kind === "scalar" && q.value.value, q.value.kind === "scalar" && q.value.contentLine, q.value.kind === "scalar" && q.value.contentIndent], [2, "  x\ny\n", 3, 2]);
  });

  test("refuses a file it would misread, a prototype key, and what goes past a limit: code, line, column, quickly", () => {
    const nest = (open: string, close: string, n: number) => `a: ${open.repeat(n)}${close.repeat(n)}\n`;
    const laughs = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n");
    const cases: [string, string, string, number, number][] = [
      // name, text, code, line, column
      ["an alias without its anchor", "a: 1\nb: *x\n", "WR010", 2, 4],
      ["an alias inside its own anchor", "a: &x [*x]\n", "WR015", 1, 8],
      ["a duplicate key", "a: 1\na: 2\n", "WR010", 2, 1],
      ["a tab as indentation", "a:\n\tb: 1\n", "WR010", 2, 1],
      ["a second document", "a: 1\n---\nb: 2\n", "WR010", 2, 1],
      ["an unterminated string", "a: 'open\n", "WR010", 2, 1],
      ["an unknown tag", "a: !custom x\n", "WR010", 1, 4],
      ["a collection as a key", "? [a]\n: b\n", "WR010", 1, 3],
      ["__proto__ at the top", "__proto__:\n  id: x\n", "WR014", 1, 1],
      ["__proto__ nested", "a:\n  - __proto__: {b: 1}\n", "WR014", 2, 5],
      ["mappings nested 5,000 deep (flow)", nest("{a: ", "}", 5_000), "WR015", 1, 260],
      ["sequences nested 100,000 deep", nest("[", "]", 100_000), "WR015", 1, 68],
      ["an unclosed [ 500,000 deep", "[".repeat(500_000), "WR015", 1, 65],
      ["block sequences nested 200,000 deep on a line", `${"- ".repeat(200_000)}x\n`, "WR015", 1, 129],
      ["block mappings nested 100 deep", `${Array.from({ length: 100 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1\n`, "WR015", 65, 65],
      ["a billion laughs", `${laughs}\n`, "WR015", 5, 7],
      ["a file past the size limit", `q: |\n${"  x\n".repeat(YAML_LIMITS.maxChars / 4)}`, "WR015", 1, 1],
    ];
    for (const [name, text, code, line, column] of cases) {
      const started = process.hrtime.bigint();
      const r = parseYaml(text);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.deepEqual(r.error && [r.error.code, r.error.line, r.error.column], [code, line, column], `${name}: ${JSON.stringify(r.error)}`);
      // Not a timing assertion: a hostile file must not reach the slow parser at all (it takes seconds).
      assert.ok(ms < 2_000, `${name}: ${ms} ms`);
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
