/** AzureDiagnostics and custom *_CL tables: columns typed by their suffix, from the query and the data. */
import assert from "node:assert/strict";
import { rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { compile, execute } from "@widar/kql";
import { hasDynamicColumns, suffixColumnType, withSuffixColumns } from "../../src/catalog/dynamic-columns.js";
import { buildCatalog } from "../../src/data/load-catalog.js";

const dir = mkdtempSync(join(tmpdir(), "widar-dyncols-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("suffix-typed columns", () => {
  const cases: [string, string | undefined][] = [
    ["clientIP_s", "string"],
    ["httpStatus_d", "real"],
    ["identity_claim_appid_g", "guid"],
    ["isAccessPolicyMatch_b", "bool"],
    ["endTime_t", "datetime"],
    ["Message", undefined],
    ["_s", undefined],
    ["status_x", undefined],
  ];
  for (const [name, type] of cases) test(`${name} → ${type ?? "no type"}`, () => assert.equal(suffixColumnType(name), type));

  test("only AzureDiagnostics and *_CL tables take them; known columns keep their type", () => {
    assert.ok(hasDynamicColumns("AzureDiagnostics") && hasDynamicColumns("MyApp_CL") && !hasDynamicColumns("SigninLogs"));
    const s = withSuffixColumns([{ name: "a_s", type: "dynamic" }], ["a_s", "b_d", "c", "b_d"]);
    assert.deepEqual(s, [
      { name: "a_s", type: "dynamic" },
      { name: "b_d", type: "real" },
    ]);
  });

  test("a query over AzureDiagnostics binds the resource columns it names", async () => {
    const q = "AzureDiagnostics | where ResourceType == 'VAULTS' | project TimeGenerated, TenantId, Type, clientIP_s, httpStatusCode_d, properties_sku_Name_s";
    const { catalog } = await buildCatalog({ queryTexts: [q], tables: [] });
    const c = compile(q, catalog);
    assert.deepEqual(c.diagnostics, []);
    assert.deepEqual(
      execute(c, catalog).tables[0]!.schema.map((x) => `${x.name}:${x.type}`),
      ["TimeGenerated:datetime", "TenantId:string", "Type:string", "clientIP_s:string", "httpStatusCode_d:real", "properties_sku_Name_s:string"],
    );
  });

  test("loaded AzureDiagnostics records keep their own suffix columns, typed", async () => {
    const path = join(dir, "diag.ndjson");
    writeFileSync(path, `${JSON.stringify({ TimeGenerated: "2026-01-01T00:00:00Z", ResourceType: "VAULTS", requestUri_s: "https://v/x", newField_d: "12.5" })}\n`);
    const q = "AzureDiagnostics | project requestUri_s, newField_d, unseen_b";
    const { catalog } = await buildCatalog({ queryTexts: [q], tables: [{ name: "AzureDiagnostics", path }], load: { cache: false, progress: false, rejectsDir: dir } });
    const r = execute(compile(q, catalog), catalog);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.tables[0]!.rows(), [["https://v/x", 12.5, null]]);
  });
});
