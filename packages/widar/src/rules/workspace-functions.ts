/**
 * A workspace's saved functions and Sentinel's parsers, read from files, to add to a Catalog so
 * that queries bind them as Log Analytics binds workspace functions (`GitHubAuditData | …`,
 * `imAuthentication(starttime=…)`).
 *
 * In: paths (files, or directories searched recursively) of
 *   - Sentinel parser YAML: `FunctionName` (or ASIM's `ParserName`), `FunctionParams` /
 *     `ParserParams` (a list of Name / Type / Default), `FunctionQuery` / `ParserQuery`; the
 *     `FunctionAlias` and ASIM's `EquivalentBuiltInParser` name the same function too;
 *   - `.create function` / `.create-or-alter function` commands (`.kql` or `.csl`);
 *   - any other `.kql` / `.csl` file: a function without parameters named after the file.
 * Out: the functions (name, Kusto parameter list, body, file and line) and WR03x diagnostics with
 * file and line. A YAML file of a directory that is no parser (a rule, a workbook) is skipped;
 * one named explicitly is an error.
 *
 * @example
 * const { functions, diagnostics } = loadWorkspaceFunctions(["parsers/"]);
 * for (const f of functions) catalog.addFunction(f);
 */
import { existsSync, statSync } from "node:fs";
import { basename, extname } from "node:path";
import type { Diagnostic, StoredFunction } from "@widar/kql";
import { walkFiles } from "./find-rule-files.js";
import { readRuleText } from "./read-rule-text.js";
import { parseYaml, toPlain } from "./yaml/yaml-reader.js";

export interface WorkspaceFunction extends StoredFunction {
  /** Where it was defined (a diagnostic about it points there). */
  readonly file: string;
  readonly line: number;
}

export interface WorkspaceFunctions {
  readonly functions: readonly WorkspaceFunction[];
  readonly diagnostics: readonly Diagnostic[];
}

const FILE = /\.(ya?ml|kql|csl)$/i;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function problem(code: string, message: string, file: string, line = 1, severity: Diagnostic["severity"] = "error"): Diagnostic {
  return { code, severity, message, file, line };
}

/** Files under the paths: a file as given, a directory's function files recursively, sorted. */
function functionFiles(paths: readonly string[], diagnostics: Diagnostic[]): { path: string; explicit: boolean }[] {
  const out: { path: string; explicit: boolean }[] = [];
  for (const p of paths) {
    if (!existsSync(p)) diagnostics.push(problem("WR030", "not found", p, undefined));
    else if (statSync(p).isDirectory()) {
      const found = walkFiles(p, (name) => FILE.test(name), (name) => name === "node_modules");
      for (const u of found.unreadable) diagnostics.push(problem("WR030", `cannot read: ${u.reason}`, u.path));
      out.push(...found.files.map((f) => ({ path: f, explicit: false })));
    } else out.push({ path: p, explicit: true });
  }
  return out;
}

/** A Kusto literal for a parameter's default as YAML gives it (`'*'` reads as the string `*`). */
function defaultLiteral(value: unknown, type: string): string {
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = String(value).trim();
  if (type.toLowerCase() !== "string" || /^(['"@]|h['"]|"|\()/.test(text)) return text;
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** `FunctionParams` as a Kusto parameter list, or a message when it is not a list of Name/Type. */
function parameterList(params: unknown): string | { error: string } {
  if (params === undefined || params === null) return "()";
  if (typeof params === "string") return params.trim().startsWith("(") ? params.trim() : `(${params.trim()})`;
  if (!Array.isArray(params)) return { error: "the parameters must be a list of Name / Type (/ Default)" };
  const parts: string[] = [];
  for (const p of params as Record<string, unknown>[]) {
    const name = p?.Name;
    const type = p?.Type;
    if (typeof name !== "string" || typeof type !== "string") return { error: "each parameter needs a Name and a Type" };
    const def = p.Default;
    parts.push(`${name}:${type}${def === undefined || def === null ? "" : `=${defaultLiteral(def, type)}`}`);
  }
  return `(${parts.join(", ")})`;
}

function fromYaml(text: string, file: string, explicit: boolean): { functions: WorkspaceFunction[]; diagnostics: Diagnostic[] } {
  const parsed = parseYaml(text);
  if (parsed.error !== undefined) {
    // A limit or a refused key keeps its own code; a syntax error is this file's WR031.
    const { code, message, line, column } = parsed.error;
    return { functions: [], diagnostics: [{ ...problem(code === "WR010" ? "WR031" : code, `YAML: ${message}`, file, line), column }] };
  }
  const doc = toPlain(parsed.node) as Record<string, unknown> | null;
  const lines = new Map(parsed.node.kind === "map" ? parsed.node.entries.map((e) => [e.key, e.line] as const) : []);
  const isMap = doc !== null && typeof doc === "object" && !Array.isArray(doc);
  const name = isMap ? (doc.FunctionName ?? doc.ParserName) : undefined;
  const query = isMap ? (doc.FunctionQuery ?? doc.ParserQuery) : undefined;
  if (name === undefined && query === undefined) {
    // A rule or a workbook beside the parsers: not a function file.
    return { functions: [], diagnostics: explicit ? [problem("WR031", "not a Sentinel parser: no FunctionName / FunctionQuery", file)] : [] };
  }
  const queryKey = doc!.FunctionQuery !== undefined ? "FunctionQuery" : "ParserQuery";
  const nameKey = doc!.FunctionName !== undefined ? "FunctionName" : "ParserName";
  if (typeof name !== "string" || !NAME.test(name.trim()))
    return { functions: [], diagnostics: [problem("WR031", `${nameKey} must be a function name`, file, lines.get(nameKey))] };
  if (typeof query !== "string" || query.trim() === "")
    return { functions: [], diagnostics: [problem("WR031", `${name}: no ${queryKey}`, file, lines.get(queryKey) ?? 1)] };
  const paramKey = doc!.FunctionParams !== undefined ? "FunctionParams" : "ParserParams";
  const params = parameterList(doc![paramKey]);
  if (typeof params !== "string") return { functions: [], diagnostics: [problem("WR031", `${name}: ${params.error}`, file, lines.get(paramKey))] };
  const line = (lines.get(queryKey) ?? 0) + 1;
  const names = [name.trim()];
  for (const alias of [doc!.FunctionAlias, doc!.EquivalentBuiltInParser])
    if (typeof alias === "string" && NAME.test(alias.trim()) && !names.includes(alias.trim())) names.push(alias.trim());
  return { functions: names.map((n) => ({ name: n, parameters: params, body: query, file, line })), diagnostics: [] };
}

/** The end (exclusive) of the bracketed group opening at `open`, skipping string literals. */
function groupEnd(text: string, open: number): number {
  const close = text[open] === "(" ? ")" : "}";
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
    } else if (c === text[open]) depth++;
    else if (c === close && --depth === 0) return i + 1;
  }
  return -1;
}

/** `.create[-or-alter] function [ifnotexists] [with (...)] Name(params) { body }`. */
function fromCreateCommand(text: string, file: string): WorkspaceFunction | Diagnostic {
  const head = /^\s*\.(?:create-or-alter|create|alter)\s+function\s+(?:ifnotexists\s+)?/i.exec(text)!;
  let at = head[0].length;
  const withProps = /^with\s*\(/i.exec(text.slice(at));
  if (withProps !== null) {
    const end = groupEnd(text, at + withProps[0].length - 1);
    if (end < 0) return problem("WR032", "unclosed `with (` of .create function", file);
    at = end;
  }
  const sig = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(/.exec(text.slice(at));
  if (sig === null) return problem("WR032", ".create function: expected the function's name and parameters", file);
  const open = at + sig[0].length - 1;
  const close = groupEnd(text, open);
  const bodyOpen = close < 0 ? -1 : text.indexOf("{", close);
  if (bodyOpen < 0) return problem("WR032", `.create function ${sig[1]}: expected the body in { }`, file);
  const bodyEnd = groupEnd(text, bodyOpen);
  if (bodyEnd < 0) return problem("WR032", `.create function ${sig[1]}: unclosed body`, file);
  const line = text.slice(0, bodyOpen).split("\n").length;
  return { name: sig[1]!, parameters: text.slice(open, close), body: text.slice(bodyOpen, bodyEnd), file, line };
}

function fromKql(text: string, file: string): WorkspaceFunction | Diagnostic {
  if (/^\s*\.(create|create-or-alter|alter)\s+function\b/i.test(text)) return fromCreateCommand(text, file);
  const name = basename(file, extname(file));
  if (!NAME.test(name)) return problem("WR032", `'${name}' is not a function name: name the file after the function, or write .create function`, file);
  if (text.trim() === "") return problem("WR032", `${name}: the file is empty`, file);
  return { name, parameters: "()", body: text, file, line: 1 };
}

/** Loads every function under the paths; a name defined twice keeps the later file's (WR033). */
export function loadWorkspaceFunctions(paths: readonly string[]): WorkspaceFunctions {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, WorkspaceFunction>();
  for (const { path, explicit } of functionFiles(paths, diagnostics)) {
    const read = readRuleText(path, "WR030");
    if ("diagnostic" in read) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    const { text } = read;
    const found: WorkspaceFunction[] = [];
    if (/\.ya?ml$/i.test(path)) {
      const r = fromYaml(text, path, explicit);
      diagnostics.push(...r.diagnostics);
      found.push(...r.functions);
    } else {
      const r = fromKql(text, path);
      if ("code" in r) diagnostics.push(r);
      else found.push(r);
    }
    for (const f of found) {
      const before = byName.get(f.name);
      if (before !== undefined)
        diagnostics.push(problem("WR033", `function ${f.name} is defined again (first in ${before.file}:${before.line}); this definition is used`, f.file, f.line, "warning"));
      byName.set(f.name, f);
    }
  }
  return { functions: [...byName.values()], diagnostics };
}
