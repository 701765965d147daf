/** The data loaders' public API (re-exported by the engine's index; see ./loader.ts for codes). */
export { type Coerced, type CoerceOptions, coerceValue, normalizeGuid, parseInstant } from "./coerce.js";
export { CsvParser, type CsvRecord, loadCsv, parseCsv } from "./csv.js";
export { type InferMode, inferSchema, inferType } from "./infer.js";
export { loadJsonArray, loadLogAnalyticsJson } from "./json.js";
export {
  type DataDiagnostic,
  type LoadOptions,
  type LoadResult,
  type LoadStats,
  loadTableFile,
  sniffFormat,
  type TableFileFormat,
  type TableFileOptions,
} from "./loader.js";
export { loadNdjson } from "./ndjson.js";
export { loadWatchlist, WATCHLIST_COLUMNS, type WatchlistOptions, type WatchlistResult, watchlistItemId } from "./watchlist.js";
