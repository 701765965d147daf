/**
 * Checks on the raw query text before Kusto.Language sees it. Kusto.Language refuses to analyse
 * a syntax tree deeper than about 500 levels (KS245), but only after parsing it, and parsing
 * deeply bracketed text takes it quadratic time (20,000 nested parentheses: half a minute).
 * Brackets nested past that depth can never be analysed, so widar answers at once (WQ054).
 * Text beyond `maxQueryChars` is refused too (WQ056): the parser's time grows with it and
 * cannot be interrupted.
 */
import { KqlError } from "../diagnostics.js";

/** Bracket depth past which Kusto.Language's own syntax-depth limit (KS245) is certain. */
export const MAX_BRACKET_DEPTH = 512;

/** Default longest query text, in characters (a rule pack's longest is a few thousand). */
export const MAX_QUERY_CHARS = 1 << 20;

/**
 * The first offset where brackets nest deeper than `limit`, or -1. String literals (`'…'`,
 * `"…"`, verbatim `@'…'`, multi-line ```` ``` ````) and `//` comments are skipped.
 */
export function tooDeepAt(text: string, limit = MAX_BRACKET_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
      const eol = text.indexOf("\n", i);
      i = eol < 0 ? n : eol;
    } else if (c === 96 && text.startsWith("```", i)) {
      const end = text.indexOf("```", i + 3);
      i = end < 0 ? n : end + 2;
    } else if (c === 39 || c === 34) {
      const verbatim = i > 0 && text.charCodeAt(i - 1) === 64;
      i = endOfString(text, i, c, verbatim);
    }
  }
  return -1;
}

function endOfString(text: string, start: number, quote: number, verbatim: boolean): number {
  const n = text.length;
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (!verbatim && c === 92) i++;
    else if (c === quote) {
      if (verbatim && text.charCodeAt(i + 1) === quote) i++;
      else return i;
    } else if (c === 10 && !verbatim) return i;
  }
  return n;
}

/** WQ054 / WQ056 for text Kusto.Language should not be given, or undefined. */
export function checkQueryText(text: string, maxQueryChars = MAX_QUERY_CHARS): KqlError | undefined {
  if (text.length > maxQueryChars)
    return new KqlError(
      "WQ056",
      `the query text is ${text.length.toLocaleString("en-US")} characters long, over the limit of ${maxQueryChars.toLocaleString("en-US")} (QueryOptions maxQueryChars)`,
      { start: maxQueryChars, length: 0 },
    );
  const at = tooDeepAt(text);
  if (at >= 0)
    return new KqlError(
      "WQ054",
      `brackets nest more than ${MAX_BRACKET_DEPTH} levels deep here: Kusto.Language cannot analyse a query this deep (KS245); simplify it`,
      { start: at, length: 1 },
    );
  return undefined;
}
