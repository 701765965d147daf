/** @widar/kql — the embedded KQL engine. See docs/ARCHITECTURE.md for the stages. */
export { analyze, WATCHLIST_META_COLUMNS, watchlistSchema } from "./analyze/kusto-language.js";
export type { Analysis, AnalyzerCatalog, StoredFunction } from "./analyze/kusto-language.js";
export type { SyntaxNode } from "./analyze/syntax.js";
export * from "./diagnostics.js";
export { Catalog, compile, execute, runQuery } from "./engine.js";
export { type CompileCache, type CompiledParts, diskCompileCache } from "./compile-cache.js";
export type { CompiledQuery, CompileOptions, QueryOptions, QueryResult } from "./engine.js";
export { DEFAULT_LIMITS, LIMIT_OPTIONS, MAX_OPERATOR_ROWS, resolveLimits } from "./limits.js";
export type { QueryLimits, ResolvedLimits } from "./limits.js";
export { MAX_BRACKET_DEPTH, MAX_QUERY_CHARS } from "./analyze/text-guards.js";
export type { NodeProfile } from "./exec/context.js";
export { type Column, ColumnBuilder, columnFromValues, concatColumns } from "./exec/column.js";
export { Table } from "./exec/table.js";
export { createWindowCache, WindowCache, type WindowCacheStats } from "./exec/window-cache.js";
export type { Plan, Expr } from "./plan/ir.js";
export type { IpLocation, IpLocator } from "./functions/registry-types.js";
// The address parser of parse_ipv6 and the ipv6_* functions, for the product to read addresses as rules do.
export { type Ipv6, parseIpv6 } from "./functions/ipv6.js";
export * from "./schema.js";
export * from "./types.js";
export { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from "./functions/datetime-text.js";
export * from "./data/index.js";
export { printExpr, printPlan } from "./plan/print-plan.js";
export * from "./text/safe-text.js";
