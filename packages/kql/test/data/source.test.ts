/**
 * Reading lines: whatever the chunk boundaries (1 MiB reads, gzip's 256 KiB), a file's lines come
 * out as the plain text split on `\n` would give them: `\r` of CRLF and a leading BOM removed,
 * multi-byte characters cut by a chunk boundary intact, short files and a last line without `\n`.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { readLineBatches } from "../../src/data/source.js";
import { fixture } from "./fixtures.js";

async function lines(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of readLineBatches(path)) out.push(...batch);
  return out;
}

/** What the reader must return for a file's text: split on LF, CR before LF dropped, no BOM. */
function expected(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const parts = body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}

// A line of 1,000 characters with a 3-byte (€) and a 4-byte (𝄞) character, so that over a
// few MiB chunk boundaries fall inside lines and inside characters.
const long = (i: number) => `{"i":${i},"s":"${"€a𝄞b".repeat(150)}${"x".repeat(i % 97)}"}`;
const big = Array.from({ length: 4000 }, (_, i) => long(i));

const CASES: [string, string][] = [
  ["empty", ""],
  ["one byte", "a"],
  ["two bytes and a newline", "a\n"],
  ["a BOM only", "\ufeff"],
  ["a BOM and a short line", "\ufeffab"],
  ["CRLF", "a\r\nb\r\n\r\nc"],
  ["no final newline", "first\nsecond"],
  ["blank lines kept", "\n\nx\n\n"],
  ["a lone CR inside a line", "a\rb\n"],
  ["lines across 1 MiB chunks, characters cut by the boundaries", `\ufeff${big.join("\n")}\n`],
  ["CRLF across chunks", big.join("\r\n")],
  ["one line longer than three chunks", `${"y".repeat(3_500_000)}\nz\n`],
];

describe("readLineBatches", () => {
  for (const [name, text] of CASES)
    test(name, async () => {
      for (const file of [`lines-${name.replace(/\W+/g, "-")}.txt`, `lines-${name.replace(/\W+/g, "-")}.txt.gz`]) {
        const got = await lines(fixture(file, text));
        assert.equal(got.length, expected(text).length, file);
        assert.deepEqual(got, expected(text), file);
      }
    });
});
