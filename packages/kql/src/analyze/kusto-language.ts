/**
 * The adapter to Kusto.Language: parse + bind a query against widar's catalog, return the
 * analyser's diagnostics as widar diagnostics and its bound tree as plain `SyntaxNode`s.
 *
 * In: query text, the tables (name + schema) and watchlists the query may read.
 * Out: `Analysis` — the tree with every expression's result type, and diagnostics.
 */
import type { Diagnostic, Severity } from "../diagnostics.js";
import type { Schema } from "../schema.js";
import { schemaToString } from "../schema.js";
import { type KType, parseTypeName } from "../types.js";
import { type Bridge, kustoLanguage } from "./kusto-bridge.js";
import type { BoundSymbol, ResultType, SymbolKind, SyntaxNode } from "./syntax.js";

export interface AnalyzerCatalog {
  readonly tables: readonly { readonly name: string; readonly schema: Schema }[];
  /** Sentinel watchlists by alias: their own columns (widar adds SearchKey and the bookkeeping ones). */
  readonly watchlists?: ReadonlyMap<string, Schema>;
  /** Stored functions (a workspace's saved functions and parsers). */
  readonly functions?: readonly StoredFunction[];
}

/** A stored function: its name, Kusto parameter list (`(a:string, T:(x:long))`) and body text. */
export interface StoredFunction {
  readonly name: string;
  readonly parameters: string;
  readonly body: string;
}

/** The body as Kusto.Language takes it: one `{ ... }` block. */
function functionBody(body: string): string {
  const t = body.trim();
  return t.startsWith("{") && t.endsWith("}") ? t : `{\n${t}\n}`;
}

export interface Analysis {
  readonly text: string;
  readonly root: SyntaxNode;
  readonly diagnostics: readonly Diagnostic[];
}

/** Columns `_GetWatchlist` returns besides the watchlist's own (as Sentinel's function projects them). */
export const WATCHLIST_META_COLUMNS: Schema = [
  { name: "_DTItemId", type: "string" },
  { name: "LastUpdatedTimeUTC", type: "datetime" },
  { name: "SearchKey", type: "string" },
  { name: "WatchlistItem", type: "dynamic" },
];

export function watchlistSchema(own: Schema): Schema {
  const names = new Set(WATCHLIST_META_COLUMNS.map((c) => c.name));
  return [...WATCHLIST_META_COLUMNS, ...own.filter((c) => !names.has(c.name))];
}

/**
 * Table symbols by name and schema, shared by every catalog of the process: Kusto.Language
 * parses the schema text of a new symbol, which costs more than binding most queries (a
 * 70-column table several milliseconds), and the symbols are immutable. Bounded: cleared
 * when it outgrows a few workspaces' worth of tables.
 */
const tableSymbols = new Map<string, Bridge>();
const TABLE_SYMBOLS_MAX = 4096;

function tableSymbol(K: Bridge, name: string, schema: Schema): Bridge {
  const text = schemaToString(schema);
  const key = `${name}\u0000${text}`;
  let sym = tableSymbols.get(key);
  if (sym === undefined) {
    if (tableSymbols.size >= TABLE_SYMBOLS_MAX) tableSymbols.clear();
    sym = new K.Symbols.TableSymbol.$ctor7(name, text, "");
    tableSymbols.set(key, sym);
  }
  return sym;
}

interface Globals {
  readonly state: Bridge;
}

const globalsCache = new WeakMap<AnalyzerCatalog, Globals>();

function buildGlobals(K: Bridge, catalog: AnalyzerCatalog): Globals {
  const S = K.Symbols;
  const tables = catalog.tables.map((t) => tableSymbol(K, t.name, t.schema));
  const watchlists = catalog.watchlists ?? new Map<string, Schema>();
  const getWatchlist = new S.FunctionSymbol.ctor(
    "_GetWatchlist",
    (ctx: Bridge) => {
      const args = ctx.Arguments;
      const alias = args !== null && args.Count > 0 ? literalString(args.getItem(0)) : undefined;
      const own = alias === undefined ? undefined : watchlists.get(alias);
      if (own !== undefined) {
        return new S.TableSymbol.$ctor7(null, schemaToString(watchlistSchema(own)), "");
      }
      // An alias nobody loaded: Sentinel unpacks the items' bag, so its columns are open-ended.
      return new S.TableSymbol.$ctor7(null, schemaToString(WATCHLIST_META_COLUMNS), "").WithIsOpen(true);
    },
    S.Tabularity.Tabular,
    [new S.Parameter.$ctor2("watchlistAlias", S.ScalarTypes.String)],
  );
  // A table of the same name wins: a stored function may not shadow a table (Kusto refuses it).
  const tableNames = new Set(catalog.tables.map((t) => t.name));
  const functions = (catalog.functions ?? [])
    .filter((f) => !tableNames.has(f.name))
    .map((f) => new S.FunctionSymbol.$ctor16(f.name, f.parameters.trim() === "" ? "()" : f.parameters, functionBody(f.body), ""));
  const db = new S.DatabaseSymbol.$ctor1("widar", [...tables, ...functions, getWatchlist], false);
  const state = K.GlobalState.Default.WithDatabase(db);
  return { state };
}

function literalString(expr: Bridge): string | undefined {
  if (expr === null || expr === undefined) return undefined;
  const v = expr.LiteralValue;
  return typeof v === "string" ? v : undefined;
}

const EMPTY_NODE: SyntaxNode = { kind: "QueryBlock", start: 0, end: 0, isToken: false, text: "", children: [], childNames: [], type: { kind: "none" }, expansion: () => undefined };

const SEVERITY: Record<string, Severity> = { Error: "error", Warning: "warning", Suggestion: "info", Information: "info" };

function diagnosticsOf(code: Bridge): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const list = code.GetDiagnostics();
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    diagnostics.push({
      code: String(d.Code),
      severity: SEVERITY[String(d.Severity)] ?? "error",
      message: String(d.Message),
      span: { start: d.Start, length: d.Length },
    });
  }
  return diagnostics;
}

function globalsOf(K: Bridge, catalog: AnalyzerCatalog): { state: Bridge } {
  let g = globalsCache.get(catalog);
  if (g === undefined) {
    g = buildGlobals(K, catalog);
    globalsCache.set(catalog, g);
  }
  return g;
}

/** Only the analyser's diagnostics of a query (no syntax tree is converted): whether it binds. */
export function analysisDiagnostics(text: string, catalog: AnalyzerCatalog): Diagnostic[] {
  const K = kustoLanguage();
  return diagnosticsOf(K.KustoCode.ParseAndAnalyze(text, globalsOf(K, catalog).state));
}

export function analyze(text: string, catalog: AnalyzerCatalog): Analysis {
  const K = kustoLanguage();
  const g = globalsOf(K, catalog);
  const code = K.KustoCode.ParseAndAnalyze(text, g.state);
  const diagnostics = diagnosticsOf(code);
  // KS245: the tree is deeper than Kusto.Language analyses (and deeper than converting it
  // recursively is safe); nothing would be done with it.
  if (diagnostics.some((d) => d.code === "KS245")) return { text, root: EMPTY_NODE, diagnostics };
  const conv = new Converter(K, g.state);
  return { text, root: conv.node(code.Syntax), diagnostics };
}

/**
 * The syntax tree alone (parsed, not bound: no types, no symbols), for explaining a query the
 * analyser failed on (./analyzer-failure.ts). Undefined past Kusto.Language's safe depth.
 */
export function parseSyntax(text: string): SyntaxNode | undefined {
  const K = kustoLanguage();
  const code = K.KustoCode.Parse(text, K.GlobalState.Default);
  const list = code.GetDiagnostics();
  for (let i = 0; i < list.Count; i++) if (String(list.getItem(i).Code) === "KS245") return undefined;
  return new Converter(K, K.GlobalState.Default).node(code.Syntax);
}

/** The parser's own diagnostics of the text (syntax only: nothing is bound). */
export function syntaxDiagnostics(text: string): Diagnostic[] {
  const K = kustoLanguage();
  return diagnosticsOf(K.KustoCode.Parse(text, K.GlobalState.Default));
}

class Converter {
  private readonly kindNames: Record<number, string> = {};
  private readonly symbolKindNames: Record<number, string> = {};
  private readonly ids = new Map<object, number>();

  constructor(
    K: Bridge,
    private readonly state: Bridge,
  ) {
    for (const [k, v] of Object.entries(K.Syntax.SyntaxKind)) if (typeof v === "number") this.kindNames[v] = k;
    for (const [k, v] of Object.entries(K.Symbols.SymbolKind)) if (typeof v === "number") this.symbolKindNames[v] = k;
  }

  private id(o: object): number {
    let n = this.ids.get(o);
    if (n === undefined) {
      n = this.ids.size + 1;
      this.ids.set(o, n);
    }
    return n;
  }

  node(n: Bridge): SyntaxNode {
    const kind = this.kindNames[n.Kind] ?? `Kind${n.Kind}`;
    if (n.IsToken) {
      return {
        kind,
        start: n.TextStart,
        end: n.End,
        isToken: true,
        text: String(n.Text ?? ""),
        children: [],
        childNames: [],
        type: { kind: "none" },
        expansion: () => undefined,
      };
    }
    const children: (SyntaxNode | null)[] = [];
    const childNames: string[] = [];
    for (let i = 0; i < n.ChildCount; i++) {
      const c = n.GetChild(i);
      children.push(c === null || c === undefined ? null : this.node(c));
      childNames.push(String(n.GetName(i) ?? ""));
    }
    const sym = n.ReferencedSymbol ?? null;
    const symbol = sym === null ? undefined : this.symbol(sym);
    let literal: unknown;
    if (kind.endsWith("LiteralExpression")) {
      const v = n.LiteralValue;
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") literal = v;
    }
    let expanded: SyntaxNode | null | undefined;
    const conv = this;
    return {
      kind,
      start: n.TextStart,
      end: n.End,
      isToken: false,
      text: "",
      children,
      childNames,
      type: this.resultType(n.ResultType ?? null),
      symbol,
      literal,
      expansion(): SyntaxNode | undefined {
        if (expanded === undefined) {
          const e = symbol?.isUserFunction ? n.GetExpansion() : null;
          expanded = e === null || e === undefined ? null : conv.node(e);
        }
        return expanded ?? undefined;
      },
    };
  }

  private symbol(sym: Bridge): BoundSymbol {
    const skind = this.symbolKindNames[sym.Kind] ?? "Other";
    const kind: SymbolKind = (
      ["Table", "Column", "Variable", "Function", "Parameter", "Operator", "Database", "Pattern"] as const
    ).includes(skind as never)
      ? (skind as SymbolKind)
      : "Other";
    let isUserFunction = false;
    let isAggregate = false;
    let parameters: { name: string; tabular: boolean; id: number; defaultValue?: SyntaxNode }[] | undefined;
    if (kind === "Function") {
      const sigs = sym.Signatures;
      const sig = sigs !== null && sigs.Count > 0 ? sigs.getItem(0) : null;
      isUserFunction = sig !== null && sig.Body !== null && sig.Body !== undefined;
      isAggregate = Boolean(this.state.IsAggregateFunction(sym));
      if (sig !== null) {
        parameters = [];
        for (let i = 0; i < sig.Parameters.Count; i++) {
          const p = sig.Parameters.getItem(i);
          // `(c:long = 0)`: the default's expression, for calls that leave the parameter out.
          const value = p.DefaultValue ?? null;
          parameters.push({
            name: String(p.Name),
            tabular: Boolean(p.IsTabular),
            id: this.id(p),
            defaultValue: value === null ? undefined : this.node(value),
          });
        }
      }
    }
    // A wildcard's tables (`union Device*`): Kusto.Language binds the name to a group of them.
    let members: { name: string; schema: Schema }[] | undefined;
    if (skind === "Group" && sym.Members !== null && sym.Members !== undefined) {
      members = [];
      for (let i = 0; i < sym.Members.Count; i++) {
        const m = sym.Members.getItem(i);
        const t = this.resultType(m);
        if (this.symbolKindNames[m.Kind] === "Table" && t.kind === "table") members.push({ name: String(m.Name), schema: t.schema });
      }
    }
    return { name: String(sym.Name ?? ""), kind, id: this.id(sym), isUserFunction, isAggregate, parameters, ...(members === undefined ? {} : { members }) };
  }

  private resultType(t: Bridge): ResultType {
    if (t === null) return { kind: "none" };
    const skind = this.symbolKindNames[t.Kind];
    if (skind === "Table" || skind === "Group" || skind === "Tuple") {
      const cols = t.Columns;
      const schema: { name: string; type: KType }[] = [];
      if (cols !== null && cols !== undefined)
        for (let i = 0; i < cols.Count; i++) {
          const c = cols.getItem(i);
          schema.push({ name: String(c.Name), type: scalarType(c.Type) });
        }
      if (skind === "Tuple") return { kind: "tuple", schema };
      return t.IsOpen === true ? { kind: "table", schema, open: true } : { kind: "table", schema };
    }
    if (skind === "Scalar") return { kind: "scalar", type: scalarType(t) };
    if (skind === "Error" || skind === "Void") return { kind: "none" };
    return { kind: "scalar", type: scalarType(t) };
  }
}

function scalarType(t: Bridge): KType {
  if (t === null || t === undefined) return "dynamic";
  const name = String(t.Name ?? "");
  return parseTypeName(name) ?? "dynamic";
}

/** The names of Kusto.Language's built-in scalar functions, aggregates and plug-ins (not hidden or obsolete). */
export function builtinNames(): { functions: string[]; aggregates: string[]; plugins: string[] } {
  const K = kustoLanguage();
  const names = (list: Bridge): string[] => {
    const out: string[] = [];
    // Bridge.NET's IReadOnlyList here is a plain JS array.
    for (const f of list as Bridge[]) if (!f.IsHidden && !f.IsObsolete) out.push(String(f.Name));
    return [...new Set(out)].sort();
  };
  return { functions: names(K.Functions.All), aggregates: names(K.Aggregates.All), plugins: names(K.PlugIns.All) };
}
