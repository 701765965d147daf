/**
 * The queries of a practitioner's `.kql` file. Such a file often holds several queries one after
 * another, as a Log Analytics or Advanced Hunting editor runs them: a blank-line separated block
 * at a time (the Sentinel query, then `//Advanced Hunting query` and the same query for Defender).
 *
 * A block starts a new query when the text so far is a complete query and the block does not
 * continue it: the text so far ends neither in a `let` statement's `;` nor in an open bracket, a
 * comma, a pipe or an operator, and the block's first line is no continuation (`| …`, `) …`,
 * `and …`). A comment line naming the other query (`//Advanced Hunting query`) ends the one
 * before it even without a blank line.
 *
 * @example
 * splitQueries("T | take 1\n\n//Advanced Hunting query\nU | take 1\n")
 * // → [{ text: "T | take 1\n", line: 1 }, { text: "//Advanced Hunting query\nU | take 1\n", line: 3 }]
 */

export interface FileQuery {
  readonly text: string;
  /** Line (1-based) of the query's first line in the file. */
  readonly line: number;
}

const OTHER_QUERY = /^\/\/\s*(advanced hunting|microsoft sentinel|sentinel) query\b/i;
const CONTINUES = /^(\||\)|\]|\}|,|\.(?!create)|and\b|or\b|on\b|by\b|with\b|kind\s*=)/i;
const OPEN_END = /(;|\(|\[|\{|,|\||=|==|!=|<|>|\+|-|\*|\/|\band|\bor|\bby|\bon)$/i;

function code(line: string): string {
  // A trailing `//` comment outside string literals is cut (a URL inside quotes is not a comment).
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote !== "") {
      if (c === "\\") i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "/" && line[i + 1] === "/") return line.slice(0, i).trim();
  }
  return line.trim();
}

export function splitQueries(text: string): FileQuery[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const queries: { lines: string[]; line: number; hasCode: boolean; lastCode: string }[] = [];
  let current: (typeof queries)[number] | undefined;
  let blankBefore = true;
  const complete = () => current?.hasCode === true && !OPEN_END.test(current.lastCode);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const c = code(raw);
    const isComment = c === "" && raw.trim().startsWith("//");
    if (raw.trim() === "") {
      blankBefore = true;
      current?.lines.push(raw);
      continue;
    }
    const boundary = isComment ? OTHER_QUERY.test(raw.trim()) : blankBefore && !CONTINUES.test(c);
    if (current === undefined || (boundary && complete())) {
      current = { lines: [], line: i + 1, hasCode: false, lastCode: "" };
      queries.push(current);
    }
    current.lines.push(raw);
    if (c !== "") {
      current.hasCode = true;
      current.lastCode = c;
      blankBefore = false;
    }
  }
  return queries
    .filter((q) => q.hasCode)
    .map((q) => ({ text: `${q.lines.join("\n").replace(/\s+$/, "")}\n`, line: q.line }));
}
