/**
 * Guards for Log Analytics query-API responses (`{"tables":[{"columns","rows"}]}`, ./json.ts):
 *
 * - a row must have one cell per column: a row with too few or too many is rejected with its
 *   number (WD017), never loaded shifted or padded;
 * - a whole-number cell of 16 or more digits is handed on as its text, so that the long
 *   column's range check (./coerce.ts) sees `-9223372036854775809` and not the double that
 *   JSON.parse would round it to (−2^63, long's minimum). Only cells directly in `rows` are
 *   touched: a number inside a dynamic cell's JSON stays a number.
 */

/** The response text with every long integer cell of `rows` quoted (one pass, no copy when there is none). */
export function quoteLongRowIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  const out: string[] = [];
  let from = 0;
  // Each open container: its kind, and for an object the key being read, for an array its key in the parent.
  const stack: { array: boolean; key: string | undefined }[] = [];
  let lastKey: string | undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // A string: a key when an object is open and a ':' follows.
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 34) j += text.charCodeAt(j) === 92 ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top !== undefined && !top.array) {
        let k = j + 1;
        while (k < n && /\s/.test(text[k]!)) k++;
        if (text[k] === ":") lastKey = text.slice(i + 1, j);
      }
      i = j;
    } else if (c === 123 || c === 91) {
      stack.push({ array: c === 91, key: lastKey });
      lastKey = undefined;
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      const depth = stack.length;
      const inRow = depth >= 2 && stack[depth - 1]!.array && stack[depth - 2]!.array && stack[depth - 2]!.key === "rows";
      if (inRow && /^-?\d{16,}$/.test(token)) {
        out.push(text.slice(from, i), `"${token}"`);
        from = j;
      }
      i = j - 1;
    }
  }
  if (from === 0) return text;
  out.push(text.slice(from));
  return out.join("");
}

/** Why a row cannot be loaded (its cell count), or undefined. */
export function rowShapeProblem(row: readonly unknown[], columns: number, index: number): string | undefined {
  if (row.length === columns) return undefined;
  return `row ${index + 1} has ${row.length} cell(s) for ${columns} column(s); skipped (its values would land in the wrong columns)`;
}
