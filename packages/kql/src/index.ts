/** @widar/kql — the embedded KQL engine. See docs/ARCHITECTURE.md for the stages. */
export { analyze, WATCHLIST_META_COLUMNS, watchlistSchema } from "./analyze/kusto-language.js";
export type { Analysis, AnalyzerCatalog } from "./analyze/kusto-language.js";
export type { SyntaxNode } from "./analyze/syntax.js";
export * from "./diagnostics.js";
export { Catalog, compile, execute, runQuery } from "./engine.js";
export { type CompileCache, type CompiledParts, diskCompileCache } from "./compile-cache.js";
export type { CompiledQuery, QueryOptions, QueryResult } from "./engine.js";
export type { NodeProfile } from "./exec/context.js";
export { type Column, ColumnBuilder, columnFromValues } from "./exec/column.js";
export { Table } from "./exec/table.js";
export { createWindowCache, WindowCache, type WindowCacheStats } from "./exec/window-cache.js";
export type { Plan, Expr } from "./plan/ir.js";
export type { IpLocation, IpLocator } from "./functions/registry-types.js";
export * from "./schema.js";
export * from "./types.js";
export { formatDatetime, formatTimespan, parseDatetime, parseTimespan } from "./functions/datetime-text.js";
export * from "./data/index.js";
export { printExpr, printPlan } from "./plan/print-plan.js";
