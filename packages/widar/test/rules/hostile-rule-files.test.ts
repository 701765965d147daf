/**
 * Hostile and careless rule folders (issue 17): each case through the command a user runs, with the
 * exact diagnostic codes and a non-zero exit; never a throw (the CLI would print `internal error`).
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { runExport } from "../../src/cli/export-command.js";
import { runRules } from "../../src/cli/rules-command.js";
import { runValidate } from "../../src/cli/validate-command.js";
import { capture, tempFiles } from "./helpers.js";

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A rule folder: files (path → text) and symbolic links (path → target). */
function folder(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = tempFiles(files);
  dirs.push(dir);
  for (const [path, target] of Object.entries(links)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  return dir;
}

const FIELDS = [
  "id: 11111111-2222-4333-8444-555555555555",
  "name: T",
  "description: t",
  "severity: Low",
  "queryFrequency: 1h",
  "queryPeriod: 1h",
  "triggerOperator: gt",
  "triggerThreshold: 0",
  "tactics: [Persistence]",
  "relevantTechniques: [T1098]",
  "version: 1.0.0",
  "kind: Scheduled",
];
const QUERY = "query: |\n  AuditLogs | take 1\n";
const RULE = `${FIELDS.join("\n")}\n${QUERY}`;

/** `a:` nested n deep, each level one space further in (the file grows as n²). */
function blockMappings(n: number): string {
  return `${Array.from({ length: n }, (_, i) => `${" ".repeat(i)}a:`).join("\n")} 1\n`;
}

const laughs = `${["a: &a [x, x, x, x, x, x, x, x, x, x]", ..."bcdefg".split("").map((c, i) => `${c}: &${c} [${Array(10).fill(`*${"abcdefg"[i]}`).join(", ")}]`)].join("\n")}\n${QUERY}`;

describe("hostile rule files: widar validate", () => {
  // name, the folder, the codes `validate` reports (in order), the last line
  const cases: [string, () => string, string[], string][] = [
    ["a rule whose fields are only under __proto__", () => folder({ "R-1.yaml": `__proto__:\n${FIELDS.map((l) => `  ${l}`).join("\n")}\n${QUERY}` }), ["WR014"], "0 passed, 1 failed"],
    ["a key that is not a Sentinel field", () => folder({ "R-1.yaml": `${RULE}Severity: High\nsupressionEnabled: true\n` }), ["WR014", "WR014"], "0 passed, 1 failed"],
    ["a sidecar with a key that is not a Sentinel field", () => folder({ "R-1.kql": "AuditLogs | take 1\n", "R-1.widar.yaml": "__proto__: {}\n" }), ["WR014"], "0 passed, 1 failed"],
    ["mappings nested 5,000 deep (a 12 MB file)", () => folder({ "R-1.yaml": blockMappings(5_000) }), ["WR015"], "0 passed, 1 failed"],
    ["mappings nested 100 deep", () => folder({ "R-1.yaml": blockMappings(100) }), ["WR015"], "0 passed, 1 failed"],
    ["flow collections nested 100,000 deep", () => folder({ "R-1.yaml": `a: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n` }), ["WR015"], "0 passed, 1 failed"],
    ["a billion laughs", () => folder({ "R-1.yaml": laughs }), ["WR015"], "0 passed, 1 failed"],
    ["a 5 MB query in YAML", () => folder({ "R-1.yaml": `${FIELDS.join("\n")}\nquery: |\n  AuditLogs | where OperationName != "${"x".repeat(5_000_000)}"\n` }), ["WR015"], "0 passed, 1 failed"],
    ["a 5 MB query in .kql", () => folder({ "R-1.kql": `AuditLogs | where OperationName != "${"x".repeat(5_000_000)}"\n` }), ["WR015"], "0 passed, 1 failed"],
    ["a query of 20,000 nested parentheses", () => folder({ "R-1.kql": `AuditLogs | where ${"(".repeat(20_000)}1 == 1${")".repeat(20_000)}\n` }), ["WQ054"], "0 passed, 1 failed"],
    ["a symbolic link back to its own folder", () => folder({ "R-1.yaml": RULE }, { self: "." }), ["WC002"], "1 passed, 1 failed"],
    ["a loop of symbolic links", () => folder({ "R-1.yaml": RULE }, { a: "b", b: "a" }), ["WC002", "WC002"], "1 passed, 2 failed"],
    ["a dangling symbolic link named as a rule", () => folder({ "R-1.yaml": RULE }, { "R-2.yaml": "nowhere.yaml" }), ["WC002"], "1 passed, 1 failed"],
    ["a dangling symbolic link named as a folder", () => folder({ "R-1.yaml": RULE }, { more: "nowhere" }), ["WC002"], "1 passed, 1 failed"],
    ["a schedule outside Sentinel's range (error WR107)", () => folder({ "R-1.yaml": RULE.replace("queryFrequency: 1h", "queryFrequency: 1m") }), ["WR107"], "0 passed, 1 failed"],
  ];
  for (const [name, make, codes, last] of cases) {
    test(name, async () => {
      const dir = make();
      const r = await capture((io) => runValidate([dir], io));
      const reported = [...r.stdout.matchAll(/ error ([A-Z]{2}\d{3}):/g)].map((m) => m[1]);
      assert.deepEqual(reported, codes, r.stdout.slice(0, 2_000));
      assert.equal(r.stdout.trimEnd().split("\n").pop(), last);
      assert.equal(r.code, 1);
    });
  }
});

describe("hostile rule files: export, fixtures, --functions", () => {
  test("a --functions folder with a link loop, a dangling link and a 5 MB parser: WR030 and WR015, exit 2", async () => {
    const fns = folder({ "ok.kql": "AuditLogs\n", "big.yaml": `FunctionName: Big\nFunctionQuery: |\n  ${"x".repeat(5_000_000)}\n` }, { self: ".", "gone.yaml": "nowhere" });
    const rule = folder({ "R-1.yaml": RULE });
    const r = await capture((io) => runValidate([rule, "--functions", fns], io));
    assert.equal(r.code, 2);
    assert.deepEqual(
      [...r.stderr.matchAll(/^(\S+?)(?::\d+)?: error ([A-Z]{2}\d{3}):/gm)].map((m) => [m[1]!.slice(fns.length + 1), m[2]]),
      [
        ["gone.yaml", "WR030"],
        ["self", "WR030"],
        ["big.yaml", "WR015"],
      ],
    );
  });


  test("a __proto__ rule is not exported, to ARM or to Sentinel YAML", async () => {
    const dir = folder({ "R-1.yaml": `__proto__:\n${FIELDS.map((l) => `  ${l}`).join("\n")}\n${QUERY}` });
    const out = join(dir, "out");
    const r = await capture((io) => runExport(["sentinel", "--out", out, join(dir, "R-1.yaml")], io));
    assert.equal(r.code, 1);
    assert.match(r.stderr, /R-1\.yaml:1:1: error WR014: /);
    assert.deepEqual([readdirSync(join(out, "arm")), readdirSync(join(out, "sentinel"))], [[], []]);
  });

  test("a dangling watchlist link: WD004 for the rule beside it (validation loads the watchlists), WC002 for the export, exit 1", async () => {
    const dir = folder({ "R-1.yaml": RULE, "watchlists/Good.csv": "SearchKey\nx\n" }, { "watchlists/Gone.csv": "nowhere.csv" });
    const out = join(dir, "out");
    const r = await capture((io) => runExport(["sentinel", "--out", out, dir], io));
    assert.equal(r.code, 1);
    assert.deepEqual(
      [...r.stderr.matchAll(/^(\S+): (?:error ([A-Z]{2}\d{3})|not exported)/gm)].map((m) => [m[1]!.slice(dir.length + 1), m[2] ?? "not exported"]),
      [
        ["R-1.yaml", "not exported"],
        ["watchlists/Gone.csv", "WD004"],
        ["watchlists/Gone.csv", "WC002"],
      ],
    );
    assert.deepEqual(readdirSync(join(out, "arm")), ["watchlist-Good.json"]);
  });

  test("fixture cases of null, [] and 5, and a dangling link among the cases, are reported, exit 1", async () => {
    const cases: Record<string, string> = {};
    for (const [name, json] of [
      ["null", "null"],
      ["list", "[]"],
      ["number", "5"],
    ])
      cases[`fixtures/R-1/${name}/case.json`] = json!;
    const dir = folder({ "R-1.yaml": RULE, ...cases }, { "fixtures/R-1/gone": "nowhere" });
    assert.ok(existsSync(join(dir, "fixtures/R-1/null/case.json")));
    const r = await capture((io) => runRules(["test", dir], io));
    assert.equal(r.code, 1);
    const errors = r.stdout.split("\n").filter((l) => l.startsWith("ERROR "));
    assert.deepEqual(errors, [
      "ERROR R-1/gone: cannot read: ENOENT: no such file or directory, stat '" + join(dir, "fixtures/R-1/gone") + "'",
      'ERROR R-1/list: case.json must be an object ({"now": ..., "alerts": [...]})',
      'ERROR R-1/null: case.json must be an object ({"now": ..., "alerts": [...]})',
      'ERROR R-1/number: case.json must be an object ({"now": ..., "alerts": [...]})',
    ]);
    assert.equal(r.stdout.trimEnd().split("\n").pop(), "0 passed, 4 failed");
  });
});
