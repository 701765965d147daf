/**
 * Output neutralisation (src/text/safe-text.ts) against the payloads of issue 17: terminal
 * escape sequences, CSV formula injection, bidi overrides, zero-width and tag characters.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  UNSAFE_CHARACTER,
  csvField,
  hasUnsafeCharacter,
  htmlAttribute,
  htmlText,
  markdownInline,
  neutraliseFormula,
  safeJsonStringify,
  terminalLines,
  terminalText,
} from "../../src/index.js";

const ESC = "\u001b";
const BEL = "\u0007";

/** Payloads and the exact text a terminal must receive. */
const TERMINAL: readonly [string, string, string][] = [
  ["clear screen", `${ESC}[2J`, "\\u001b[2J"],
  ["OSC 8 hyperlink", `${ESC}]8;;http://evil${ESC}\\click${ESC}]8;;${ESC}\\`, "\\u001b]8;;http://evil\\u001b\\click\\u001b]8;;\\u001b\\"],
  ["window title (OSC 0, BEL)", `${ESC}]0;pwned${BEL}`, "\\u001b]0;pwned\\u0007"],
  ["8-bit CSI (C1)", "\u009b31m", "\\u009b31m"],
  ["NEL and DEL", "a\u0085b\u007f", "a\\u0085b\\u007f"],
  ["bidi override (Trojan Source)", "admin\u202Etxt.exe", "admin\\u202etxt.exe"],
  ["bidi isolates and marks", "\u2066a\u2069\u200e\u200f\u061c", "\\u2066a\\u2069\\u200e\\u200f\\u061c"],
  ["zero-width space, joiner, BOM", "ad\u200bmin\u200d\ufeff", "ad\\u200bmin\\u200d\\ufeff"],
  ["line separator", "a\u2028b", "a\\u2028b"],
  ["tag characters (hidden text)", "ok\u{e0041}\u{e0042}", "ok\\u{e0041}\\u{e0042}"],
  ["lone surrogate", "x\ud800y", "x\\ud800y"],
  ["newline, tab and CR in one line", "a\nb\tc\rd", "a\\u000ab\\u0009c\\u000dd"],
  ["plain text, accents, emoji and CJK untouched", "Zoë 😀 日本 ok", "Zoë 😀 日本 ok"],
];

describe("terminal text", () => {
  for (const [name, input, expected] of TERMINAL)
    test(name, () => {
      const out = terminalText(input);
      assert.equal(out, expected);
      assert.equal(hasUnsafeCharacter(out), false, "nothing unsafe remains");
    });

  test("terminalLines keeps line breaks and tabs, escapes the rest", () => {
    assert.equal(terminalLines(`line 1\n\tline 2 ${ESC}[31m\r`), "line 1\n\tline 2 \\u001b[31m\\u000d");
  });

  test("escaping is idempotent on its own output", () => {
    for (const [, input] of TERMINAL) assert.equal(terminalText(terminalText(input)), terminalText(input));
  });

  test("every character of the unsafe set is caught, and nothing printable beside it", () => {
    for (let cp = 0; cp < 0x10000; cp++) {
      const ch = String.fromCharCode(cp);
      const unsafe = UNSAFE_CHARACTER.test(ch);
      assert.equal(terminalText(ch) !== ch, unsafe, `U+${cp.toString(16)}`);
    }
    for (const ch of ["a", " ", "~", "é", "\u00a0", "\u2014", "\u20ac"]) assert.equal(UNSAFE_CHARACTER.test(ch), false, ch);
  });
});

/** CSV payloads (OWASP's CSV injection list) and the field written. */
const CSV: readonly [string, string, string][] = [
  ["HYPERLINK", '=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
  ["DDE", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
  ["plus", "+1+1", "'+1+1"],
  ["minus", "-2+3", "'-2+3"],
  ["at", "@SUM(1,2)", `"'@SUM(1,2)"`],
  ["tab", "\t=1", "'\t=1"],
  ["carriage return", "\r=1", `"'\r=1"`],
  ["escape sequence", `${ESC}]0;x${BEL}`, "\\u001b]0;x\\u0007"],
  ["bidi", "a\u202eb", "a\\u202eb"],
  ["plain", "hello", "hello"],
  ["comma and quote", 'a,"b"', '"a,""b"""'],
  ["line break kept inside quotes", "a\nb", '"a\nb"'],
  ["formula character not first", "a=b", "a=b"],
];

describe("CSV cells", () => {
  for (const [name, input, expected] of CSV) test(name, () => assert.equal(csvField(input), expected));

  test("raw mode only quotes", () => {
    assert.equal(csvField("=1+1", { raw: true }), "=1+1");
    assert.equal(csvField(`${ESC}x,y`, { raw: true }), `"${ESC}x,y"`);
  });

  test("neutraliseFormula alone", () => {
    assert.deepEqual(["=a", "+a", "-a", "@a", "\ta", "\ra", "a", ""].map(neutraliseFormula), ["'=a", "'+a", "'-a", "'@a", "'\ta", "'\ra", "a", ""]);
  });
});

describe("JSON", () => {
  const value = { name: `x\u0085\u202e\u200b\u2028${ESC}\u{e0041}`, n: 1, list: ["ok", "\u009b"] };

  test("C1, bidi, zero-width, separators and tags are escapes; the value parses back unchanged", () => {
    const s = safeJsonStringify(value);
    assert.equal(s, '{"name":"x\\u0085\\u202e\\u200b\\u2028\\u001b\\udb40\\udc41","n":1,"list":["ok","\\u009b"]}');
    assert.deepEqual(JSON.parse(s), value);
    assert.equal(hasUnsafeCharacter(s), false);
  });

  test("indentation is kept", () => {
    assert.equal(safeJsonStringify({ a: "\u202e" }, 2), '{\n  "a": "\\u202e"\n}');
  });
});

describe("HTML", () => {
  test("text and attributes cannot open a tag, close a quote or hide characters", () => {
    assert.equal(htmlText(`<img src=x onerror="alert('1')">&\u202e`), "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;\\u202e");
    assert.equal(htmlAttribute('" onmouseover=`x`'), "&quot; onmouseover=&#96;x&#96;");
  });
});

describe("Markdown inline", () => {
  const CASES: readonly [string, string, string][] = [
    ["link", "[click](http://evil)", "\\[click\\](http\\://evil)"],
    ["image", "![x](http://evil/p.png)", "!\\[x\\](http\\://evil/p.png)"],
    ["autolinks", "<http://evil> www.evil.com a@b.c", "\\<http\\://evil\\> www\\.evil.com a\\@b.c"],
    ["emphasis, code, html", "*b* _i_ `c` <b>", "\\*b\\* \\_i\\_ \\`c\\` \\<b\\>"],
    ["strikethrough, math, references, mentions", "~~x~~ $x$ #1 @team", "\\~\\~x\\~\\~ \\$x\\$ \\#1 \\@team"],
    ["table pipe and line break", "a|b\nc", "a\\|b c"],
    ["entity cannot reintroduce a character", "&#x202e;", "\\&\\#x202e;"],
    ["control characters visible", `${ESC}[2J`, "\\\\u001b\\[2J"],
    ["a list or heading cannot start", "- a", "\\- a"],
    ["an ordered list cannot start", "1. a", "1\\. a"],
    ["a thematic break cannot form", "---", "\\---"],
    ["a number or a dash that starts no list stays as it is", "91.0.12.34 -x", "91.0.12.34 -x"],
    ["times, addresses and ids stay readable", "2026-11-20 08:55 20.50.70.10 a1b2c3d4-0000-4000-8000-000000000000 (x, y)", "2026-11-20 08:55 20.50.70.10 a1b2c3d4-0000-4000-8000-000000000000 (x, y)"],
  ];
  for (const [name, input, expected] of CASES) test(name, () => assert.equal(markdownInline(input), expected));
});
