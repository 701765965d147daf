/** docs/rules.md is generated from the rule files: the checked-in file must equal a fresh generation. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { renderRulesDoc } from "../../src/rules/docs/rules-doc.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { REPO_ROOT } from "../support/paths.js";
import { RULES_DIR } from "./helpers.js";

describe("docs/rules.md", () => {
  const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);
  const fresh = renderRulesDoc(rules);

  test("equals a fresh generation (regenerate: widar rules doc rules --out docs/rules.md)", () => {
    assert.equal(readFileSync(join(REPO_ROOT, "docs", "rules.md"), "utf8"), fresh);
  });

  test("lists every rule with its id, title, tables, schedule, MITRE, severity logic, what it catches and not", () => {
    for (const r of rules) {
      const start = fresh.indexOf(`\n## ${r.id}\n`);
      const next = fresh.indexOf("\n## ", start + 1);
      const section = fresh.slice(start, next < 0 ? undefined : next);
      assert.ok(start >= 0, r.id);
      assert.ok(section.includes(r.title), r.id);
      for (const part of ["- **Tables**:", "- **Schedule**:", "- **MITRE ATT&CK**:", "- **Severity**:", "**Catches.**", "**Does not catch.**"])
        assert.ok(section.includes(part), `${r.id}: ${part}`);
      for (const t of r.techniques) assert.ok(section.includes(t), `${r.id}: ${t}`);
    }
  });
});
