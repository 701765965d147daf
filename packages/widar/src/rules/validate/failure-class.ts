/**
 * Why a query failed to bind, lower or run, in terms of who can fix it:
 *   table-absent     a table the catalog and the loaded data do not have (the user's environment);
 *                    also a parser used bare like a table (`GitHubAuditData | …`): Kusto cannot tell
 *   function-absent  a workspace function or parser nobody gave (`--functions`), called with `( )`
 *   externaldata     reads storage widar has no local copy of (`--externaldata`): the environment
 *   engine-gap       widar cannot lower or run what Kusto accepts (WQ001, WQ004, …): widar's
 *   query-error      the query itself: syntax, a column its table lacks, a type error
 * The first error decides, except that an environment cause anywhere wins over the errors it
 * brings along (an unknown table makes every column after it unknown too).
 */
import type { Diagnostic } from "@widar/kql";

export type FailureClass = "table-absent" | "function-absent" | "externaldata" | "engine-gap" | "query-error";

export const ENVIRONMENT_CLASSES: readonly FailureClass[] = ["table-absent", "function-absent", "externaldata"];

/**
 * Engine codes that report the query's own mistake: a runtime error of its values (an invalid
 * regex), an assertion, an invalid literal, a non-constant where a constant goes, a ragged
 * datatable, a huge range, no matching pattern. The rest (WQ001 not supported, WQ004 internal,
 * WQ011 a tabular/scalar mix-up the binder let through) are widar's.
 */
const QUERY_ERRORS = new Set(["WQ002", "WQ003", "WQ007", "WQ010", "WQ013", "WQ014", "WQ015", "WQ016"]);

/** The name a KS142 / KS204 / KS211 message is about. */
function unknownName(d: Diagnostic): string | undefined {
  return /^The name '([^']+)' does not refer/.exec(d.message)?.[1];
}

/** The query text right after a diagnostic's span (comments and blanks skipped). */
function after(query: string, d: Diagnostic): string {
  const end = (d.span?.start ?? 0) + (d.span?.length ?? 0);
  return query.slice(end).replace(/^(\s|\/\/[^\n]*\n?)*/, "");
}

/** The query text before the span, blanks and comments trimmed off its end. */
function before(query: string, d: Diagnostic): string {
  return query.slice(0, d.span?.start ?? 0).replace(/(\s|\/\/[^\n]*)*$/, "");
}

/**
 * Whether an unknown name stands where a table goes: a statement's head (the query's, or a let's
 * value), a union's operand, a join's or lookup's right side, a subquery's head. A name after a
 * dot or an operator is a column or a variable, whatever follows it.
 */
function inTableContext(query: string, d: Diagnostic, name: string): boolean {
  if (/_CL$/.test(name)) return true;
  const prev = before(query, d);
  const next = after(query, d);
  if (/[.$]$/.test(prev)) return false;
  if (/(^|;|\blet\s+[A-Za-z_][A-Za-z0-9_]*\s*=)$/.test(prev)) return !/^[=(.[]/.test(next);
  if (/\bunion\b[^|;()]*$/.test(prev) || /\b(join|lookup)\b[^|;()]*\($/.test(prev)) return true;
  return /\($/.test(prev) && next.startsWith("|");
}

/** The class of one error diagnostic of a query. */
export function diagnosticClass(query: string, d: Diagnostic): FailureClass {
  if (d.code.startsWith("WQ")) {
    if (d.code === "WQ006" && /externaldata|inline_external_table/.test(d.message)) return "externaldata";
    if (d.code === "WQ006" || d.code === "WQ005" || d.code === "WQ012") return "table-absent";
    return QUERY_ERRORS.has(d.code) ? "query-error" : "engine-gap";
  }
  const name = unknownName(d);
  if (name !== undefined) {
    if (d.code === "KS211") return "function-absent";
    if (after(query, d).startsWith("(")) return "function-absent";
    if (d.code === "KS204" || inTableContext(query, d, name)) return "table-absent";
  }
  return "query-error";
}

/** The class of a failed query from its error diagnostics (spans into `query`), or undefined if none. */
export function failureClass(query: string, errors: readonly Diagnostic[]): FailureClass | undefined {
  const classes = errors.filter((d) => d.severity === "error").map((d) => diagnosticClass(query, d));
  if (classes.length === 0) return undefined;
  return classes.find((c) => ENVIRONMENT_CLASSES.includes(c)) ?? classes[0];
}
