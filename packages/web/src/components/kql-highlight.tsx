/**
 * KQL shown with its tokens coloured (keywords, operators, strings, comments, numbers) and,
 * optionally, diagnostic spans underlined. Every token is a text node: a query holding `<script>`
 * shows as that text.
 */
import type { Diagnostic } from "../api";

const KEYWORDS = new Set(
  (
    "where project extend summarize by join on kind union take limit top order sort asc desc count distinct let render parse evaluate mv-expand mv-apply " +
    "make-series range datatable print search find as and or not in has contains startswith endswith matches regex between with invoke lookup " +
    "project-away project-rename project-keep project-reorder getschema serialize sample sample-distinct top-nested partition fork facet externaldata set declare query_parameters"
  ).split(" "),
);

export interface Token {
  readonly kind: "keyword" | "string" | "comment" | "number" | "pipe" | "ident" | "space" | "other";
  readonly text: string;
  readonly start: number;
}

/** Splits KQL into display tokens (a colouring, not a parse: Kusto.Language on the server decides what is valid). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = /(\/\/[^\n]*)|("(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)|(\d+(?:\.\d+)?(?:[a-z]+)?)|(\|)|([A-Za-z_][A-Za-z0-9_-]*)|(\s+)|(.)/gs;
  for (const m of text.matchAll(re)) {
    const kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "number" : m[4] ? "pipe" : m[5] ? (KEYWORDS.has(m[5]) ? "keyword" : "ident") : m[6] ? "space" : "other";
    out.push({ kind, text: m[0], start: m.index ?? 0 });
  }
  return out;
}

/** The text cut at every diagnostic boundary, each piece with its token kind and whether an error covers it. */
function pieces(text: string, diagnostics: readonly Diagnostic[]): { kind: string; text: string; error: boolean }[] {
  const spans = diagnostics.filter((d) => d.span !== null && d.severity === "error").map((d) => [d.span!.start, d.span!.start + Math.max(1, d.span!.length)] as const);
  const cuts = new Set<number>();
  for (const [a, b] of spans) cuts.add(a).add(b);
  const out: { kind: string; text: string; error: boolean }[] = [];
  for (const t of tokenize(text)) {
    let from = t.start;
    const end = t.start + t.text.length;
    const inner = [...cuts].filter((c) => c > from && c < end).sort((x, y) => x - y);
    for (const c of [...inner, end]) {
      out.push({ kind: t.kind, text: text.slice(from, c), error: spans.some(([a, b]) => from >= a && from < b) });
      from = c;
    }
  }
  // An error at the very end (a missing operand) still shows: one marked space.
  if (spans.some(([a]) => a >= text.length)) out.push({ kind: "space", text: " ", error: true });
  return out;
}

export function KqlHighlight({ text, diagnostics = [], class: cls = "kql" }: { text: string; diagnostics?: readonly Diagnostic[]; class?: string }) {
  return (
    <pre class={cls} aria-hidden={cls !== "kql" ? "true" : undefined}>
      {pieces(text, diagnostics).map((p) => (
        <span class={`tok-${p.kind}${p.error ? " diag-error" : ""}`}>{p.text}</span>
      ))}
      {"\n"}
    </pre>
  );
}
