/** String functions and regex functions, table-driven. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { KqlError } from "../../src/diagnostics.js";
import { lookupScalar } from "../../src/functions/registry.js";
import { type Case, call, dt, runCases, site, ts } from "./helpers.js";

const strings: Case[] = [
  ["strlen", "strlen", ["string"], "long", ["hello"], 5],
  ["strlen empty", "strlen", ["string"], "long", [""], 0],
  ["strlen counts code points", "strlen", ["string"], "long", ["a😀"], 2],
  ["strlen of a long", "strlen", ["long"], "long", [12345], 5],
  ["strlen of null long (tostring → \"\")", "strlen", ["long"], "long", [null], 0],
  ["tolower", "tolower", ["string"], "string", ["AbC"], "abc"],
  ["toupper", "toupper", ["string"], "string", ["AbC"], "ABC"],
  ["toupper of null dynamic", "toupper", ["dynamic"], "string", [null], ""],
  ["strcat", "strcat", ["string", "string", "string"], "string", ["a", "b", "c"], "abc"],
  ["strcat converts", "strcat", ["string", "long", "bool"], "string", ["10.0.0.1/", 32, true], "10.0.0.1/32true"],
  ["strcat null long is empty", "strcat", ["string", "long"], "string", ["x", null], "x"],
  ["strcat datetime", "strcat", ["datetime"], "string", [dt("2024-01-02T03:04:05Z")], "2024-01-02T03:04:05Z"],
  ["strcat timespan", "strcat", ["timespan"], "string", [ts("1h")], "01:00:00"],
  ["strcat dynamic", "strcat", ["dynamic"], "string", [{ a: [1, "x"] }], '{"a":[1,"x"]}'],
  ["strcat_delim", "strcat_delim", ["string", "string", "long"], "string", ["-", "a", 1], "a-1"],
  ["substring from", "substring", ["string", "long"], "string", ["123456", 1], "23456"],
  ["substring with length", "substring", ["string", "long", "long"], "string", ["123456", 2, 2], "34"],
  ["substring negative start", "substring", ["string", "long", "long"], "string", ["123456", -2, 2], "56"],
  ["substring beyond end", "substring", ["string", "long"], "string", ["abc", 5], ""],
  ["substring null start", "substring", ["string", "long"], "string", ["abc", null], ""],
  ["substring zero length", "substring", ["string", "long", "long"], "string", ["abc", 0, 0], ""],
  ["indexof", "indexof", ["string", "string"], "long", ["abcdefg", "cde"], 2],
  ["indexof missing", "indexof", ["string", "string"], "long", ["abcdefg", "z"], -1],
  ["indexof with start", "indexof", ["string", "string", "long"], "long", ["abcabc", "a", 1], 3],
  ["indexof with length too short", "indexof", ["string", "string", "long", "long"], "long", ["abcdefg", "cde", 1, 2], -1],
  ["indexof occurrence", "indexof", ["string", "string", "long", "long", "long"], "long", ["abcabcabc", "abc", 0, -1, 3], 6],
  ["indexof negative occurrence is null", "indexof", ["string", "string", "long", "long", "long"], "long", ["abc", "a", 0, -1, -1], null],
  ["indexof empty lookup", "indexof", ["string", "string"], "long", ["abc", ""], 0],
  ["replace_string", "replace_string", ["string", "string", "string"], "string", ["A magic trick", "magic", "cool"], "A cool trick"],
  ["replace_string all", "replace_string", ["string", "string", "string"], "string", ["aaa", "a", "b"], "bbb"],
  ["replace_string empty lookup", "replace_string", ["string", "string", "string"], "string", ["abc", "", "x"], "abc"],
  ["split", "split", ["string", "string"], "dynamic", ["aa_bb_cc", "_"], ["aa", "bb", "cc"]],
  ["split index", "split", ["string", "string", "long"], "dynamic", ["10.0.0.1-10.0.0.9", "-", 1], ["10.0.0.9"]],
  ["split index out of range", "split", ["string", "string", "long"], "dynamic", ["a-b", "-", 5], []],
  ["split empty string", "split", ["string", "string"], "dynamic", ["", "-"], [""]],
  ["split no delimiter", "split", ["string", "string"], "dynamic", ["abc", "-"], ["abc"]],
  ["strrep", "strrep", ["string", "long"], "string", ["ab", 3], "ababab"],
  ["strrep delimiter", "strrep", ["string", "long", "string"], "string", ["ab", 2, ","], "ab,ab"],
  ["strrep zero", "strrep", ["string", "long"], "string", ["ab", 0], ""],
  ["reverse", "reverse", ["string"], "string", ["abc"], "cba"],
  ["strcmp", "strcmp", ["string", "string"], "int", ["a", "b"], -1],
  ["strcmp equal", "strcmp", ["string", "string"], "int", ["a", "a"], 0],
  ["translate", "translate", ["string", "string", "string"], "string", ["abc", "x", "abc"], "xxx"],
  ["translate delete", "translate", ["string", "string", "string"], "string", ["ab", "", "abc"], "c"],
  ["url_encode", "url_encode", ["string"], "string", ["a b/c"], "a+b%2fc"],
  ["url_decode", "url_decode", ["string"], "string", ["a%20b"], "a b"],
  ["url_decode invalid", "url_decode", ["string"], "string", ["%E0%A4%A"], ""],
  ["base64 encode", "base64_encode_tostring", ["string"], "string", ["Kusto1"], "S3VzdG8x"],
  ["base64 decode", "base64_decode_tostring", ["string"], "string", ["S3VzdG8x"], "Kusto1"],
  ["base64 decode invalid", "base64_decode_tostring", ["string"], "string", ["!!"], ""],
  ["string_size", "string_size", ["string"], "long", ["é"], 2],
  [
    "parse_url",
    "parse_url",
    ["string"],
    "dynamic",
    ["https://user:pw@host.com:8080/p/a?x=1&y=z#frag"],
    { Scheme: "https", Host: "host.com", Port: "8080", Path: "/p/a", Username: "user", Password: "pw", "Query Parameters": { x: "1", y: "z" }, Fragment: "frag" },
  ],
  ["parse_url invalid", "parse_url", ["string"], "dynamic", ["not a url"], {}],
];

const IPRANGE = String.raw`^\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+$`;

const regexes: Case[] = [
  ["matches regex", "matches regex", ["string", "string"], "bool", ["10.0.0.1-10.0.0.9", IPRANGE], true],
  ["matches regex no match", "matches regex", ["string", "string"], "bool", ["10.0.0.0/8", IPRANGE], false],
  ["matches regex partial (unanchored)", "matches regex", ["string", "string"], "bool", ["xaby", "ab"], true],
  ["matches regex empty", "matches regex", ["string", "string"], "bool", ["", "^$"], true],
  ["matches regex inline flag", "matches regex", ["string", "string"], "bool", ["ABC", "(?i)abc"], true],
  ["extract group 1", "extract", ["string", "long", "string"], "string", ["x=([0-9]+)", 1, "a x=42 b"], "42"],
  ["extract group 0", "extract", ["string", "long", "string"], "string", ["[0-9]+", 0, "a 42 b"], "42"],
  ["extract no match", "extract", ["string", "long", "string"], "string", ["z", 0, "abc"], ""],
  ["extract bad group", "extract", ["string", "long", "string"], "string", ["(a)", 3, "abc"], ""],
  ["extract typed", "extract", ["string", "long", "string", "string"], "long", ["([0-9]+)", 1, "n=17", "long"], 17],
  ["extract typed no match is null", "extract", ["string", "long", "string", "string"], "long", ["([0-9]+)", 1, "none", "long"], null],
  ["extract_all whole matches", "extract_all", ["string", "string"], "dynamic", ["[0-9]+", "a1b22c333"], ["1", "22", "333"]],
  ["extract_all one group", "extract_all", ["string", "string"], "dynamic", ["([a-z])[0-9]", "a1b2"], ["a", "b"]],
  ["extract_all two groups", "extract_all", ["string", "string"], "dynamic", ["([a-z])([0-9])", "a1b2"], [["a", "1"], ["b", "2"]]],
  ["extract_all selected groups", "extract_all", ["string", "dynamic", "string"], "dynamic", ["([a-z])([0-9])", [2], "a1b2"], ["1", "2"]],
  ["extract_all no match is null", "extract_all", ["string", "string"], "dynamic", ["[0-9]", "abc"], null],
  ["replace_regex", "replace_regex", ["string", "string", "string"], "string", ["abc123", "[0-9]", "#"], "abc###"],
  ["replace_regex groups", "replace_regex", ["string", "string", "string"], "string", ["john smith", "(\\w+) (\\w+)", "\\2, \\1"], "smith, john"],
  ["replace_regex whole match \\0", "replace_regex", ["string", "string", "string"], "string", ["ab", "b", "[\\0]"], "a[b]"],
  ["replace_regex empty matches", "replace_regex", ["string", "string", "string"], "string", ["ab", "x*", "-"], "-a-b-"],
  ["replace (deprecated order)", "replace", ["string", "string", "string"], "string", ["[0-9]", "#", "a1"], "a#"],
  ["countof normal overlapping", "countof", ["string", "string"], "long", ["aaaa", "aa"], 3],
  ["countof regex", "countof", ["string", "string", "string"], "long", ["aaaa", "aa", "regex"], 2],
  ["countof none", "countof", ["string", "string"], "long", ["abc", "z"], 0],
  ["trim", "trim", ["string", "string"], "string", ["--", "--ab--cd----"], "ab--cd"],
  ["trim whitespace", "trim", ["string", "string"], "string", [String.raw`\s`, "  a b  "], "a b"],
  ["trim_start", "trim_start", ["string", "string"], "string", ["[0-9]", "12ab34"], "ab34"],
  ["trim_end", "trim_end", ["string", "string"], "string", ["[0-9]", "12ab34"], "12ab"],
  ["trim empty regex", "trim", ["string", "string"], "string", ["", "ab"], "ab"],
];

describe("string functions", () => runCases(test, strings));
describe("regex functions", () => runCases(test, regexes));

describe("regex errors", () => {
  test("an invalid constant regex fails at bind time with a KqlError", () => {
    const fn = lookupScalar("matches regex")!;
    assert.throws(() => fn.bind(site("matches regex", ["string", "string"], "bool", [undefined, "(a"])), KqlError);
  });
  test("an invalid per-row regex throws a KqlError from the kernel", () => {
    const k = lookupScalar("extract")!.bind(site("extract", ["string", "long", "string"], "string"));
    assert.throws(() => k(["(a", 0, "x"]), KqlError);
  });
  test("lookbehind is not RE2 and is rejected", () => {
    assert.throws(() => call("matches regex", ["string", "string"], "bool", ["ab", "(?<=a)b"]), KqlError);
  });
});
