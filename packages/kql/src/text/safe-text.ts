/**
 * Output neutralisation, in one place: every text widar writes that may hold rule text, log
 * values, file paths or column names (all attacker-controlled) goes through one of these pure
 * functions for the medium it lands in.
 *
 * | medium | function | what it does |
 * | --- | --- | --- |
 * | terminal, one line (cells, headers, names) | `terminalText` | every unsafe character (below) → a visible `\uXXXX` |
 * | terminal, several lines (messages, source echo) | `terminalLines` | the same, keeping `\n` and `\t` |
 * | CSV cell | `csvField` | formula neutralised (`'` before `= + - @ TAB CR`, OWASP), unsafe characters visible, RFC 4180 quoting; `{ raw: true }` only quotes |
 * | JSON | `safeJsonStringify` | `JSON.stringify`, then C1, bidi, zero-width and line-separator characters as `\uXXXX` escapes (the value parses back unchanged) |
 * | HTML | `htmlText`, `htmlAttribute` | `& < > " '` (and `` ` `` in attributes) as entities, unsafe characters visible |
 * | Markdown inline / table cell | `markdownInline` | the characters that open Markdown constructs backslash-escaped (no link, image, emphasis, HTML, autolink or mention can form; text stays readable), line breaks as spaces, unsafe characters visible |
 *
 * "Unsafe" (`UNSAFE_CHARACTER`): C0 controls (ESC starts terminal escape sequences, BEL ends OSC
 * ones), DEL and C1 controls (U+0080–U+009F: U+009B is a one-byte CSI in 8-bit terminals), the
 * bidirectional controls (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069: "Trojan Source"
 * reordering), zero-width and invisible characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064,
 * U+FEFF, Hangul fillers, tag characters U+E0000–U+E007F: hidden text), the line and paragraph
 * separators U+2028/U+2029, interlinear annotations U+FFF9–U+FFFB, and lone surrogates. The
 * visible form keeps the character's identity (`\u001b`, `\u202e`, `\u{e0041}`), so an analyst
 * sees that something was there and what.
 *
 * The engine's diagnostic renderer uses `terminalLines`; the product's CLI, triage report and
 * web workbench import these from `@widar/kql`.
 *
 * @example
 * terminalText("\u001b[2Jx\u202e") // → "\\u001b[2Jx\\u202e"
 * csvField("=HYPERLINK(\"http://x\")") // → "\"'=HYPERLINK(\"\"http://x\"\")\""
 * markdownInline("[a](http://x)") // → "\\[a\\](http\\://x)"
 */

/** Characters never written raw to a terminal, a CSV cell, an HTML page or a Markdown report. */
export const UNSAFE_CHARACTER =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\u{e0000}-\u{e007f}\ud800-\udfff]/u;

const UNSAFE_ALL = new RegExp(UNSAFE_CHARACTER.source, "gu");
/** The same set without `\t` and `\n` (multi-line terminal text). */
const UNSAFE_BUT_LINES = new RegExp(UNSAFE_CHARACTER.source.replace("\\u0000-\\u001f", "\\u0000-\\u0008\\u000b-\\u001f"), "gu");
/** JSON.stringify already escapes C0 controls and lone surrogates; these it leaves raw. */
const JSON_UNSAFE = /[\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]/g;

/** The visible form of one unsafe character: `\u001b`, or `\u{e0041}` beyond the BMP. */
export function visibleEscape(ch: string): string {
  const cp = ch.codePointAt(0)!;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, "0")}`;
}

function escapeWith(s: string, re: RegExp): string {
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  re.lastIndex = 0;
  return s.replace(re, visibleEscape);
}

/** One line for a terminal (a cell, a header, a name, a path): every unsafe character visible. */
export function terminalText(s: string): string {
  return escapeWith(s, UNSAFE_ALL);
}

/** Text of several lines for a terminal (a message, a source line): as terminalText, `\n` and `\t` kept. */
export function terminalLines(s: string): string {
  return escapeWith(s, UNSAFE_BUT_LINES);
}

/** Whether a text holds a character terminalText would escape. */
export function hasUnsafeCharacter(s: string): boolean {
  return UNSAFE_CHARACTER.test(s);
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = new Set(["=", "+", "-", "@", "\t", "\r"]);

/** A text a spreadsheet will not evaluate: a single quote before a formula-starting character. */
export function neutraliseFormula(s: string): string {
  return s.length > 0 && FORMULA_START.has(s[0]!) ? `'${s}` : s;
}

/** Unsafe characters but the ones a quoted CSV field may hold (TAB, CR, LF). */
const CSV_UNSAFE = new RegExp(UNSAFE_CHARACTER.source.replace("\\u0000-\\u001f", "\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f"), "gu");

export interface CsvOptions {
  /** Write the text as it is, only quoted (`widar query --csv-raw`): for a program, not a spreadsheet. */
  readonly raw?: boolean;
}

/**
 * One CSV field (RFC 4180): quoted when it holds `"`, `,`, a line break or edge spaces. Unless
 * raw, a formula-starting text gets a leading `'` and unsafe characters are made visible.
 */
export function csvField(s: string, options: CsvOptions = {}): string {
  const text = options.raw === true ? s : neutraliseFormula(escapeWith(s, CSV_UNSAFE));
  return /[",\r\n]/.test(text) || text.startsWith(" ") || text.endsWith(" ") ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `JSON.stringify` whose output holds no C1, bidi, zero-width or line-separator character raw:
 * they are `\uXXXX` escapes (outside strings JSON is ASCII, so only string contents change, and
 * they parse back to the same value).
 */
export function safeJsonStringify(value: unknown, space?: number): string {
  const s = JSON.stringify(value, undefined, space);
  if (s === undefined) return s as unknown as string;
  JSON_UNSAFE.lastIndex = 0;
  return s.replace(JSON_UNSAFE, (m) => {
    let out = "";
    for (let i = 0; i < m.length; i++) out += `\\u${m.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return out;
  });
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/** Text inside an HTML element: entities for `& < > " '`, unsafe characters visible. */
export function htmlText(s: string): string {
  return terminalText(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/** A quoted HTML attribute value: as htmlText, and `` ` `` too. */
export function htmlAttribute(s: string): string {
  return terminalText(s).replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * Text inline in Markdown, a table cell included, escaped only where Markdown could read syntax,
 * so a report stays readable as plain text (`2026-11-20 08:55`, `20.50.70.10`, GUIDs as they are):
 * - always: the characters that open inline constructs or break a table, `\ * _ ` [ ] < > | ~ & $ # @`
 *   (emphasis, code, links and images, raw HTML and autolinks, entities, pipes, GFM strikethrough,
 *   math, issue references and mentions);
 * - GFM's extended autolinks: the `:` of `scheme://` and the `.` of `www.`;
 * - at the start of the text, what would make it a block: a list marker (`- `, `+ `, `1. `) or a
 *   thematic break (`---`); a setext underline cannot form, as line breaks are removed.
 * Line breaks become spaces; other unsafe characters are visible (terminalText).
 */
export function markdownInline(s: string): string {
  return terminalText(s.replace(/\r\n|[\r\n]/g, " "))
    .replace(/[\\*_`[\]<>|~&$#@]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/\b(www)\./gi, "$1\\.")
    .replace(/^(\s*)([-+])(?=\s|-|$)/, "$1\\$2")
    .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, "$1\\$2");
}
