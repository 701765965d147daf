/** Workspace functions and Sentinel parsers from files (--functions): each form, bound and run. */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Catalog, Table, runQuery } from "@widar/kql";
import { loadWorkspaceFunctions } from "../../src/rules/workspace-functions.js";
import { tempFiles } from "./helpers.js";

const PARSER_YAML = `id: 32d7c900-875f-43d6-9e48-987fd5df3762
Function:
  Title: Parser for AppAudit
Category: Microsoft Sentinel Parser
FunctionName: AppAudit
FunctionAlias: AppAuditData
FunctionQuery: |
    let min = 2;
    T
    | where x >= min
    | extend Actor = strcat("u", tostring(x))
`;

const ASIM_YAML = `Parser:
  Title: filtering parser
ParserName: vimAppAudit
EquivalentBuiltInParser: _Im_AppAudit
ParserParams:
  - Name: starttime
    Type: long
    Default: 0
  - Name: actor
    Type: string
    Default: '*'
  - Name: disabled
    Type: bool
    Default: false
ParserQuery: |
  T
  | where not(disabled) and x >= starttime
  | extend Actor = strcat("u", tostring(x))
  | where actor == "*" or Actor == actor
`;

const dir = tempFiles({
  "parsers/AppAudit.yaml": PARSER_YAML,
  "parsers/asim/vimAppAudit.yaml": ASIM_YAML,
  "parsers/rule.yaml": "name: a rule, not a parser\nquery: T\n",
  "kql/Doubled.kql": "// a saved function: the file is its name\nT | extend y = x * 2\n",
  "kql/create.csl": ".create-or-alter function with (folder = 'x', docstring = 'top {n}') TopX(n:long = 1) { T | top n by x desc }\n",
  "bad/bad name.kql": "T\n",
  "bad/bad.yaml": "FunctionName: Bad\n",
});
after(() => rmSync(dir, { recursive: true, force: true }));

function catalogWith(paths: string[]) {
  const r = loadWorkspaceFunctions(paths);
  const schema = [{ name: "x", type: "long" as const }];
  const catalog = new Catalog().addTable("T", schema, Table.fromRows(schema, [[1], [2], [3]]));
  for (const f of r.functions) catalog.addFunction(f);
  return { ...r, catalog };
}

describe("loadWorkspaceFunctions", () => {
  const { functions, diagnostics, catalog } = catalogWith([join(dir, "parsers"), join(dir, "kql")]);

  test("every form, with aliases; a directory's non-parser YAML is skipped", () => {
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(functions.map((f) => `${f.name}${f.parameters}`).sort(), [
      "AppAudit()",
      "AppAuditData()",
      "Doubled()",
      "TopX(n:long = 1)",
      "_Im_AppAudit(starttime:long=0, actor:string='*', disabled:bool=false)",
      "vimAppAudit(starttime:long=0, actor:string='*', disabled:bool=false)",
    ]);
    const yaml = functions.find((f) => f.name === "AppAudit")!;
    assert.equal(yaml.line, 8); // the first line of FunctionQuery's text
  });

  const cases: [string, unknown[][]][] = [
    ["AppAudit | project Actor", [["u2"], ["u3"]]],
    ["AppAuditData | count", [[2]]],
    ["vimAppAudit(starttime=3) | project x", [[3]]],
    ["_Im_AppAudit(actor='u1') | project x", [[1]]],
    ["vimAppAudit | count", [[3]]],
    ["Doubled | where y > 4 | project y", [[6]]],
    ["TopX(2) | project x", [[3], [2]]],
    ["TopX | project x", [[3]]],
  ];
  for (const [q, rows] of cases)
    test(q, () => {
      const r = runQuery(q, catalog);
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(r.tables[0]!.rows(), rows);
    });

  test("bad files are WR03x diagnostics with file and line, never throws", () => {
    const r = loadWorkspaceFunctions([join(dir, "bad"), join(dir, "nowhere"), join(dir, "parsers", "rule.yaml")]);
    assert.deepEqual(r.functions, []);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.code} ${d.file!.slice(dir.length + 1)}:${d.line}`),
      ["WR030 nowhere:1", "WR032 bad/bad name.kql:1", "WR031 bad/bad.yaml:1", "WR031 parsers/rule.yaml:1"],
    );
  });

  test("a function defined twice keeps the later definition, with a warning", () => {
    const twice = tempFiles({ "a/F.kql": "T | take 1\n", "b/F.kql": "T | take 2\n" });
    try {
      const r = loadWorkspaceFunctions([join(twice, "a"), join(twice, "b")]);
      assert.equal(r.functions.length, 1);
      assert.match(r.functions[0]!.body, /take 2/);
      assert.deepEqual(
        r.diagnostics.map((d) => `${d.code} ${d.severity}`),
        ["WR033 warning"],
      );
    } finally {
      rmSync(twice, { recursive: true, force: true });
    }
  });
});
