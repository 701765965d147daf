/**
 * How deeply a YAML stream's collections nest, checked before anything recursive runs: the
 * composer and every consumer after it recurse per level, so a hostile file (mappings nested
 * 5,000 deep, `[[[[…` 100,000 deep) is refused here with the offset of a collection past the
 * limit. Two passes, both with explicit state:
 *   - on the lexer's tokens, flow nesting (`[`, `{`) and the block indicators of one line
 *     (`- - - - x`): the only ways to nest deeply in few characters, and the ones the `yaml`
 *     parser is slow on (seconds for 100,000 `[`), so this pass stops at the limit;
 *   - on the parser's syntax tree, the nesting of every collection (block nesting needs a wider
 *     indentation per level, so the file size limit already keeps that tree small).
 */
import { type CST, Lexer } from "yaml";

// The lexer's control tokens, which stand for no source text.
const CONTROL = new Set(["\u0002", "\u0018", "\u001f"]);
const BLOCK_INDICATORS = new Set(["-", "?", ":"]);

/** The offset where flow collections, or block indicators on one line, pass `maxDepth`. */
export function tooDeepInTokensAt(text: string, maxDepth: number): number | undefined {
  let offset = 0;
  let flow = 0;
  let onLine = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++flow > maxDepth) return offset;
    } else if (token === "]" || token === "}") flow = Math.max(0, flow - 1);
    else if (token === "\n" || token === "\r\n") onLine = 0;
    else if (BLOCK_INDICATORS.has(token) && flow === 0 && ++onLine > maxDepth) return offset;
    if (!CONTROL.has(token)) offset += token.length;
  }
  return undefined;
}

/** The offset of a collection nested deeper than `maxDepth` (the outermost such one on its path), or undefined. */
export function tooDeepInTreeAt(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    switch (token.type) {
      case "document":
        if (token.value !== undefined) stack.push([token.value, depth]);
        break;
      case "block-map":
      case "block-seq":
      case "flow-collection": {
        if (depth + 1 > maxDepth) return token.offset;
        for (const item of token.items as CST.CollectionItem[]) {
          if (item.key) stack.push([item.key, depth + 1]);
          if (item.value) stack.push([item.value, depth + 1]);
        }
        break;
      }
      default:
        break;
    }
  }
  return undefined;
}
