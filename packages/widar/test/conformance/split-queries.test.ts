/** Splitting a practitioner's .kql file into the queries an editor would run one by one. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { splitQueries } from "../../src/conformance/split-queries.js";

const cases: [string, string, number[]][] = [
  ["one query, its leading comments with it", "//about\n\nT\n| take 1\n", [1]],
  ["lets and a blank line stay with their query", "let a = 1;\n\nlet b = 2;\n\nT | where x > a\n", [1]],
  ["a second query after a blank line", "T\n| take 1\n\nU\n| take 2\n", [1, 4]],
  ["a pipe after a blank line continues", "T\n\n| take 1\n", [1]],
  ["a named comment ends a query even without a blank line", "T | take 1\n//Advanced Hunting query\nU | take 1\n", [1, 2]],
  ["a comment that only mentions Advanced Hunting does not", "T\n//Advanced hunting doesn't keep roles\n| take 1\n", [1]],
  ["an open bracket or operator continues", "T\n| where x in (\n\n1, 2)\n", [1]],
  ["a // inside a string is no comment", "T | where u == 'http://x' |\n\ntake 1\n", [1]],
  ["comments between queries", "T\n\n//Microsoft Sentinel query\n\n//notes\n\nU\n", [1, 3]],
];

describe("splitQueries", () => {
  for (const [name, text, lines] of cases)
    test(name, () => {
      const qs = splitQueries(text);
      assert.deepEqual(
        qs.map((q) => q.line),
        lines,
      );
      // Nothing is lost: every code line is in exactly one query.
      const code = (t: string) => t.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("//"));
      assert.deepEqual(qs.flatMap((q) => code(q.text)), code(text));
    });
});
