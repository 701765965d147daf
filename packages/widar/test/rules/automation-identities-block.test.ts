/**
 * The pack-wide AutomationIdentities watchlist: every rule that reads it carries the same block
 * (one text, one behaviour), every rule that judges who changed the directory reads it, and the
 * block drops exactly the listed identities' listed operations (any operation when the Operations
 * column is empty), matching ids in any case and operation names with or without Entra's trailing
 * space.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadRules } from "../../src/rules/load-rules.js";
import { errors, runFixture } from "../support/run-query.js";
import { RULES_DIR } from "./helpers.js";

function automationBlock(query: string): string | undefined {
  const lines = query.split("\n").map((l) => l.trim());
  const start = lines.findIndex((l) => l.startsWith("let _automation "));
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l === "};");
  return lines.slice(start, end + 1).join("\n");
}

const rules = loadRules([RULES_DIR]).loaded.map((l) => l.rule!);
const BLOCK = automationBlock(rules.find((r) => r.id === "CRED-05")!.query)!;

// Rules that judge an audit initiator (who added a credential, granted a permission, created SPs...).
const INITIATOR_RULES = ["CRED-01", "CRED-02", "CRED-03", "CRED-05", "CRED-07", "CRED-08", "CRED-09", "CRED-10", "CRED-11", "CRED-12", "CRED-13", "CRED-14", "CRED-15", "RULE-09", "RULE-10", "RULE-17", "RULE-18W"];

const WATCHLIST = [
  "IdentityId,DisplayName,Operations,Description",
  "AAAAAAAA-0000-4000-8000-00000000000A,ci-pipeline,,any operation",
  "bbbbbbbb-0000-4000-8000-00000000000b,rotator,Update application – Certificates and secrets management;Add service principal credentials ,two operations",
  "",
].join("\n");

const CASES: readonly (readonly [string, string, boolean])[] = [
  ["aaaaaaaa-0000-4000-8000-00000000000a", "Add service principal", false],
  ["aaaaaaaa-0000-4000-8000-00000000000a", "Update application", false],
  ["bbbbbbbb-0000-4000-8000-00000000000b", "Update application – Certificates and secrets management ", false],
  ["BBBBBBBB-0000-4000-8000-00000000000B", "Add service principal credentials", false],
  ["bbbbbbbb-0000-4000-8000-00000000000b", "Add app role assignment to service principal", true],
  ["cccccccc-0000-4000-8000-00000000000c", "Add service principal credentials", true],
  ["", "Add service principal credentials", true],
];

const probe = `${BLOCK}
datatable(InitiatorId:string, OperationName:string, Label:long)[
${CASES.map(([id, op], i) => `  "${id}", "${op}", ${i}`).join(",\n")}
]
| invoke _ExcludeKnownAutomation()
| project Label`;

describe("the AutomationIdentities watchlist block", () => {
  test("the same block in every rule that reads the watchlist, and every initiator-judging rule reads it", () => {
    const readers = rules.filter((r) => r.query.includes("_GetWatchlist('AutomationIdentities')"));
    for (const r of readers) assert.equal(automationBlock(r.query), BLOCK, `${r.id} has its own variant of the automation block`);
    assert.deepEqual(
      INITIATOR_RULES.filter((id) => !readers.some((r) => r.id === id)),
      [],
      "rules that judge an initiator without the AutomationIdentities watchlist",
    );
    for (const r of readers) assert.match(r.query, /\| invoke _ExcludeKnownAutomation\(\)/, r.id);
  });

  test("drops the listed identities' listed operations (any when Operations is empty); ids match in any case", async () => {
    const r = await runFixture(probe, { watchlists: { AutomationIdentities: WATCHLIST }, now: "2026-11-21T12:00:00Z" });
    assert.deepEqual(errors(r.diagnostics), []);
    assert.deepEqual(
      r.rows.map((row) => row.Label),
      CASES.flatMap(([, , kept], i) => (kept ? [i] : [])),
    );
  });

  test("no watchlist loaded, or an empty one: nothing is dropped", async () => {
    for (const watchlists of [{}, { AutomationIdentities: "IdentityId,DisplayName,Operations,Description\n" }] as Record<string, string>[]) {
      const r = await runFixture(`${probe} | count`, { watchlists, now: "2026-11-21T12:00:00Z" });
      assert.deepEqual(errors(r.diagnostics), []);
      assert.deepEqual(r.rows, [{ Count: CASES.length }]);
    }
  });
});
