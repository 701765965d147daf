/**
 * When Kusto.Language itself throws while binding a query (a defect of the analyser, not of
 * the query text as such), the query cannot run; this finds where, so that the diagnostic
 * points at the construct rather than at the whole text. Known causes:
 *
 * - a graph operator (`graph-match`, `graph-to-table`, …) whose input is not a graph: its
 *   binder reads the graph's columns from a table (`reading 'Columns'`);
 * - a literal argument the binder compares with a parameter's allowed string values
 *   (`countof(s, "a", guid(…))`): its constant folding cannot convert the literal
 *   (`Cannot convert to IConvertible`). Found by analysing the query again with each
 *   non-string literal argument replaced by `""` until the failure goes away.
 *
 * - a query with syntax errors the binder trips over (`let _allow materialize(union|fork`: a
 *   let without its `=` and an unfinished pipe, `Specified argument was out of the range`):
 *   the parser's own errors are the query's, with their spans, so they are the answer.
 *
 * Anything else is reported over the whole text (WQ008).
 */
import { type Diagnostic, type Span, engineError } from "../diagnostics.js";
import { type AnalyzerCatalog, analyze, parseSyntax, syntaxDiagnostics } from "./kusto-language.js";
import { type SyntaxNode, child, spanOf } from "./syntax.js";

const GRAPH_OPERATORS = new Set([
  "GraphMatchOperator",
  "GraphShortestPathsOperator",
  "GraphToTableOperator",
  "GraphMarkComponentsOperator",
  "GraphWhereNodesOperator",
  "GraphWhereEdgesOperator",
]);

/** Nodes in document order, without recursion (the tree may be a few hundred levels deep). */
function* walk(root: SyntaxNode): Generator<SyntaxNode> {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c !== null && c !== undefined && !c.isToken) stack.push(c);
    }
  }
}

function messageOf(e: unknown): string {
  const m = (e as { message?: unknown })?.message;
  return typeof m === "string" ? m : String(e);
}

/** Whether an input is certainly a table, not a graph (a table name, datatable, a tabular pipe). */
function isTableInput(input: SyntaxNode | null): boolean {
  if (input === null) return false;
  if (input.kind === "ParenthesizedExpression") return isTableInput(child(input, "Expression"));
  if (input.kind === "NameReference" || input.kind === "DataTableExpression") return true;
  if (input.kind !== "PipeExpression") return false;
  const op = child(input, "Operator");
  return op !== null && op.kind !== "MakeGraphOperator" && !GRAPH_OPERATORS.has(op.kind);
}

function wrongGraphInput(root: SyntaxNode): SyntaxNode | undefined {
  for (const n of walk(root)) {
    const op = n.kind === "PipeExpression" ? child(n, "Operator") : null;
    if (op !== null && GRAPH_OPERATORS.has(op.kind) && isTableInput(child(n, "Expression"))) return op;
  }
  return undefined;
}

const LITERAL_ARGUMENT = /LiteralExpression$/;

function failingArgument(text: string, root: SyntaxNode, catalog: AnalyzerCatalog): SyntaxNode | undefined {
  let tries = 0;
  for (const n of walk(root)) {
    if (n.kind !== "FunctionCallExpression") continue;
    const args = child(child(n, "ArgumentList") ?? n, "Expressions");
    for (const a of args?.children ?? []) {
      const arg = a?.kind === "SeparatedElement" ? a.children[0] : a;
      if (arg === null || arg === undefined || arg.isToken) continue;
      if (!LITERAL_ARGUMENT.test(arg.kind) || arg.kind === "StringLiteralExpression") continue;
      if (++tries > 64) return undefined;
      try {
        analyze(`${text.slice(0, arg.start)}""${text.slice(arg.end)}`, catalog);
        return arg;
      } catch {
        // Not this one.
      }
    }
  }
  return undefined;
}

export function explainAnalyzerFailure(text: string, catalog: AnalyzerCatalog, error: unknown): Diagnostic[] {
  const message = messageOf(error);
  let syntax: Diagnostic[] = [];
  try {
    syntax = syntaxDiagnostics(text).filter((d) => d.severity === "error");
  } catch {
    syntax = [];
  }
  if (syntax.length > 0) return syntax;
  const whole: Span = { start: 0, length: text.length };
  let root: SyntaxNode | undefined;
  try {
    root = parseSyntax(text);
  } catch {
    root = undefined;
  }
  if (root !== undefined) {
    const graph = /Columns/.test(message) ? wrongGraphInput(root) : undefined;
    if (graph !== undefined)
      return [engineError("WQ009", [`${graph.kind.replace(/Operator$/, "").replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase()} needs a graph as its input (make-graph or graph())`], spanOf(graph)).toDiagnostic()];
    const arg = /IConvertible/.test(message) ? failingArgument(text, root, catalog) : undefined;
    if (arg !== undefined)
      return [engineError("WQ009", ["Kusto.Language cannot compare this argument with the values the function allows; give one of its documented values (a string)"], spanOf(arg)).toDiagnostic()];
  }
  return [engineError("WQ008", [message], whole).toDiagnostic()];
}
