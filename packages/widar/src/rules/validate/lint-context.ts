/**
 * What every lint sees: the rule, its bound syntax tree (one walk, shared), the tables that exist
 * (the Log Analytics catalog plus `--schemas`), and the result schema of the empty-table run.
 * A lint returns findings: diagnostics with a span into the rule's query, or a file line for a
 * finding about a rule field (queryFrequency, entityMappings, …).
 */
import type { Catalog, Diagnostic, Schema, SyntaxNode } from "@widar/kql";
import type { Rule } from "../rule.js";
import { type Visit, walk } from "./syntax-walk.js";

export interface LintContext {
  readonly rule: Rule;
  readonly root: SyntaxNode;
  readonly visits: readonly Visit[];
  /** Tables a query may name: the Log Analytics catalog and the `--schemas` tables. */
  readonly knownTable: (name: string) => Schema | undefined;
  /** The catalog the rule was bound against (to evaluate constant expressions of the query). */
  readonly catalog: Catalog;
  /** Columns of the rule's result (from running it once on empty tables), when it ran. */
  readonly resultSchema: Schema | undefined;
}

export type Lint = (ctx: LintContext) => Diagnostic[];

export function lintContext(rule: Rule, root: SyntaxNode, catalog: Catalog, knownTable: LintContext["knownTable"], resultSchema: Schema | undefined): LintContext {
  return { rule, root, visits: walk(root), knownTable, catalog, resultSchema };
}

export function finding(code: string, severity: Diagnostic["severity"], message: string, node?: SyntaxNode): Diagnostic {
  return node === undefined
    ? { code, severity, message }
    : { code, severity, message, span: { start: node.start, length: Math.max(1, node.end - node.start) } };
}

/** A finding about a field of the rule file, at that field's line. */
export function fieldFinding(ctx: LintContext, field: string, code: string, severity: Diagnostic["severity"], message: string): Diagnostic {
  return { code, severity, message, file: ctx.rule.file, line: ctx.rule.fieldLines[field] ?? 1 };
}
