/** String operators (term and substring) and list operators (in, has_any, …), table-driven. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasTerm } from "../../src/functions/operators-string.js";
import { type Case, call, dt, runCases } from "./helpers.js";

const S2 = ["string", "string"] as const;

const termCases: Case[] = [
  ["whole term, case-insensitive", "has", S2, "bool", ["North America", "america"], true],
  ["not a whole term", "has", S2, "bool", ["North America", "amer"], false],
  ["term inside guid", "has", S2, "bool", ["Kusto: ad67d136-c1db-4f9f-88ef-d94f3b6b0b5a;KustoExplorerQueryRun", "c1db"], true],
  ["term prefix only is not has", "has", S2, "bool", ["KustoExplorerQueryRun", "Kusto"], false],
  ["CIDR has '/'", "has", S2, "bool", ["10.0.0.0/8", "/"], true],
  ["plain IP has no '/'", "has", S2, "bool", ["10.0.0.1", "/"], false],
  ["needle with punctuation across terms", "has", S2, "bool", ["a-b-c", "b-c"], true],
  ["needle with punctuation must start at a term", "has", S2, "bool", ["ab-c", "b-c"], false],
  ["needle with leading punctuation", "has", S2, "bool", ["x.com", ".com"], true],
  ["IP needle", "has", S2, "bool", ["from 10.1.2.3 to", "10.1.2.3"], true],
  ["IP needle inside a longer IP", "has", S2, "bool", ["110.1.2.3", "10.1.2.3"], false],
  ["empty haystack", "has", S2, "bool", ["", "a"], false],
  ["empty needle matches", "has", S2, "bool", ["abc", ""], true],
  ["non-ASCII letters are term characters", "has", S2, "bool", ["caféteria", "caf"], false],
  ["non-ASCII term", "has", S2, "bool", ["le café noir", "CAFÉ"], true],
  ["later occurrence is a term", "has", S2, "bool", ["abcx abc", "abc"], true],
  ["!has", "!has", S2, "bool", ["North America", "asia"], true],
  ["has_cs is case-sensitive", "has_cs", S2, "bool", ["North America", "america"], false],
  ["has_cs match", "has_cs", S2, "bool", ["North America", "America"], true],
  ["!has_cs", "!has_cs", S2, "bool", ["North America", "america"], true],
  ["hasprefix", "hasprefix", S2, "bool", ["North America", "ame"], true],
  ["hasprefix not mid-term", "hasprefix", S2, "bool", ["North America", "meri"], false],
  ["!hasprefix", "!hasprefix", S2, "bool", ["North America", "meri"], true],
  ["hasprefix_cs", "hasprefix_cs", S2, "bool", ["North America", "ame"], false],
  ["hassuffix", "hassuffix", S2, "bool", ["North America", "RICA"], true],
  ["hassuffix not mid-term", "hassuffix", S2, "bool", ["North America", "eric"], false],
  ["hassuffix_cs", "hassuffix_cs", S2, "bool", ["North America", "RICA"], false],
  ["!hassuffix_cs", "!hassuffix_cs", S2, "bool", ["North America", "RICA"], true],
  ["has on a long converts with tostring", "has", ["long", "string"], "bool", [12345, "12345"], true],
  ["has on dynamic object text", "has", ["dynamic", "string"], "bool", [{ user: "alice" }, "alice"], true],
];

const substringCases: Case[] = [
  ["contains", "contains", S2, "bool", ["FabriKam", "BRik"], true],
  ["contains empty", "contains", S2, "bool", ["abc", ""], true],
  ["contains in empty", "contains", S2, "bool", ["", "a"], false],
  ["!contains", "!contains", S2, "bool", ["Fabrikam", "xyz"], true],
  ["contains_cs", "contains_cs", S2, "bool", ["FabriKam", "Kam"], true],
  ["contains_cs case", "contains_cs", S2, "bool", ["FabriKam", "kam"], false],
  ["!contains_cs", "!contains_cs", S2, "bool", ["Fabrikam", "Kam"], true],
  ["startswith", "startswith", S2, "bool", ["Fabrikam", "fab"], true],
  ["!startswith", "!startswith", S2, "bool", ["Fabrikam", "kam"], true],
  ["startswith_cs", "startswith_cs", S2, "bool", ["Fabrikam", "fab"], false],
  ["!startswith_cs", "!startswith_cs", S2, "bool", ["Fabrikam", "fab"], true],
  ["endswith", "endswith", S2, "bool", ["Fabrikam", "KAM"], true],
  ["!endswith", "!endswith", S2, "bool", ["Fabrikam", "brik"], true],
  ["endswith_cs", "endswith_cs", S2, "bool", ["Fabrikam", "kam"], true],
  ["!endswith_cs", "!endswith_cs", S2, "bool", ["Fabrikam", "KAM"], true],
  ["contains on datetime text", "contains", ["datetime", "string"], "bool", [dt("2024-01-02"), "2024-01"], true],
];

const listCases: Case[] = [
  ["in: string present", "in", ["string", "string", "string"], "bool", ["atRisk", "atRisk", "confirmedCompromised"], true],
  ["in is case-sensitive", "in", ["string", "string", "string"], "bool", ["atrisk", "atRisk", "x"], false],
  ["in~ ignores case", "in~", ["string", "string"], "bool", ["ATRISK", "atRisk"], true],
  ["!in", "!in", ["string", "string"], "bool", ["a", "b"], true],
  ["!in~", "!in~", ["string", "string"], "bool", ["B", "b"], false],
  ["in dynamic array item is flattened", "in", ["string", "dynamic"], "bool", ["anomalousToken", ["x", "anomalousToken"]], true],
  ["in empty dynamic array", "in", ["string", "dynamic"], "bool", ["a", []], false],
  ["in: empty string is a value", "in", ["string", "string"], "bool", ["", ""], true],
  ["in: long vs real items", "in", ["long", "real", "long"], "bool", [2, 2.0, 5], true],
  ["in: long vs dynamic numbers", "in", ["long", "dynamic"], "bool", [2, [1, 2]], true],
  ["in: null long is in nothing", "in", ["long", "long"], "bool", [null, 1], false],
  ["!in: null long", "!in", ["long", "long"], "bool", [null, 1], true],
  ["in: datetime", "in", ["datetime", "datetime"], "bool", [dt("2024-01-01"), dt("2024-01-01")], true],
  ["in: dynamic lhs string", "in", ["dynamic", "string"], "bool", ["a", "a"], true],
  ["in: string vs dynamic number element", "in", ["string", "dynamic"], "bool", ["1", [1]], true],
  ["has_any: string", "has_any", ["string", "string", "string"], "bool", ["North America", "asia", "america"], true],
  ["has_any: none", "has_any", ["string", "string"], "bool", ["North America", "asia"], false],
  ["has_any: dynamic array lhs element-wise", "has_any", ["dynamic", "dynamic"], "bool", [["anomalousToken", "other"], ["investigationsThreatIntelligence", "anomalousToken"]], true],
  ["has_any: dynamic array lhs no match", "has_any", ["dynamic", "dynamic"], "bool", [["unlikelyTravel"], ["anomalousToken"]], false],
  ["has_any: empty lhs array", "has_any", ["dynamic", "dynamic"], "bool", [[], ["anomalousToken"]], false],
  ["has_any: empty list", "has_any", ["string", "dynamic"], "bool", ["abc", []], false],
  ["has_any: term semantics", "has_any", ["string", "string"], "bool", ["anomalousTokens", "anomalousToken"], false],
  ["has_all: all present", "has_all", ["string", "string", "string"], "bool", ["a b c", "c", "a"], true],
  ["has_all: one missing", "has_all", ["string", "string", "string"], "bool", ["a b c", "c", "d"], false],
  ["has_all: array lhs, items in different elements", "has_all", ["dynamic", "dynamic"], "bool", [["x y", "z"], ["x", "z"]], true],
];

describe("term operators", () => runCases(test, termCases));
describe("substring operators", () => runCases(test, substringCases));
describe("list operators", () => runCases(test, listCases));

describe("hasTerm", () => {
  test("prefix and suffix modes", () => {
    assert.equal(hasTerm("abc def", "de", "prefix"), true);
    assert.equal(hasTerm("abc def", "ef", "suffix"), true);
    assert.equal(hasTerm("abc def", "ef", "prefix"), false);
  });
  test("in with a per-row list (no constants) builds per row", () => {
    assert.equal(call("in", ["string", "string", "string"], "bool", ["b", "a", "b"]), true);
  });
});
