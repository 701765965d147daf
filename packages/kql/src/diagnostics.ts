/**
 * Diagnostics: every user-facing failure of the engine. A KQL problem carries a span of the
 * query text; a data problem carries a file, line and (where known) column. Never a stack trace.
 */
import { terminalLines, terminalText } from "./text/safe-text.js";

export type Severity = "error" | "warning" | "info";

export interface Span {
  readonly start: number;
  readonly length: number;
}

export interface Diagnostic {
  /** `KSnnn` from Kusto.Language, `WQnnn` from widar's engine, `WDnnn` for data. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Thrown inside the engine and caught at its boundary, where it becomes a Diagnostic. */
export class KqlError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly span?: Span,
  ) {
    super(message);
    this.name = "KqlError";
  }
  toDiagnostic(): Diagnostic {
    return { code: this.code, severity: "error", message: this.message, span: this.span };
  }
}

/** widar engine diagnostic codes with their message templates (one table, typed parameters). */
export const ENGINE_CODES = {
  WQ001: "not supported: {0}",
  WQ002: "runtime error in {0}: {1}",
  WQ003: "query has no result (only let statements)",
  WQ004: "internal: {0}",
  WQ005: "table '{0}' is not available offline: {1}",
  WQ006: "{0} is not available offline: {1}",
  WQ007: "{0}",
  WQ008: "Kusto.Language failed to analyse this query ({0}); widar cannot run it: rewrite the expression it fails on",
  WQ009: "{0} (Kusto.Language fails on this construct)",
  WQ057: "'set {0}' needs a positive constant",
} as const;

export type EngineCode = keyof typeof ENGINE_CODES;

export function engineError(code: EngineCode, args: readonly string[], span?: Span): KqlError {
  const msg = ENGINE_CODES[code].replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? "");
  return new KqlError(code, msg, span);
}

/**
 * A failure that is not the query's: widar's own bug (WQ004) at the span where it happened, or
 * a JS stack overflow (WQ054: the query nests deeper than the stack holds).
 */
export function internalError(e: unknown, span?: Span): KqlError {
  if (e instanceof KqlError) return e;
  const err = e instanceof Error ? e : new Error(String((e as { message?: unknown })?.message ?? e));
  const out =
    err instanceof RangeError && /call stack/i.test(err.message)
      ? new KqlError("WQ054", "the query nests too deeply for widar's stack (operators, expressions or let references); simplify it", span)
      : engineError("WQ004", [`${err.name}: ${err.message}`], span);
  // Kept for WIDAR_DEBUG and tests; never shown to a user.
  Object.defineProperty(out, "cause", { value: err, enumerable: false });
  return out;
}

export function notSupported(name: string, span?: Span): KqlError {
  return engineError("WQ001", [name], span);
}

/** Line (1-based) and column (1-based) of an offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * `FILE:LINE:COL: error CODE: message`, the source line and a caret under the span. The path,
 * the message and the echoed source go through terminalText/terminalLines (text/safe-text.ts):
 * rule text and data are untrusted, and no escape sequence or bidi override reaches a terminal.
 */
export function renderDiagnostic(d: Diagnostic, text: string | undefined, file: string): string {
  const message = terminalText(d.message);
  if (d.span === undefined || text === undefined) {
    // Data problems print as `PATH:LINE: …` (tools parse that form); the column goes in the text.
    const where = d.file !== undefined ? `${terminalText(d.file)}${d.line !== undefined ? `:${d.line}` : ""}` : terminalText(file);
    const col = d.file !== undefined && d.column !== undefined ? ` (column ${d.column})` : "";
    return `${where}: ${d.severity} ${d.code}: ${message}${col}`;
  }
  const { line, column } = lineAndColumn(text, d.span.start);
  const lines = text.split("\n");
  const src = (lines[line - 1] ?? "").replace(/\r$/, "");
  const width = Math.max(1, Math.min(d.span.length, src.length - column + 1));
  // The caret sits under the escaped text: measure the prefix and the span as printed.
  const pad = terminalLines(src.slice(0, column - 1)).length;
  const under = Math.max(1, terminalLines(src.slice(column - 1, column - 1 + width)).length);
  const caret = `${" ".repeat(pad)}${"^".repeat(under)}`;
  return `${terminalText(file)}:${line}:${column}: ${d.severity} ${d.code}: ${message}\n  ${terminalLines(src)}\n  ${caret}`;
}
