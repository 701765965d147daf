/** The data loaders' public API (re-exported by the engine's index; see ./loader.ts for codes). */
export { createTableBuilder, type TableBuilder } from "./accumulate.js";
export { type Coerced, type CoerceOptions, coerceValue, normalizeGuid, parseInstant } from "./coerce.js";
export { CsvParser, type CsvRecord, loadCsv, parseCsv } from "./csv.js";
export { type InferMode, inferSchema, inferType } from "./infer.js";
export { loadJsonArray, loadLogAnalyticsJson } from "./json.js";
export {
  type DataDiagnostic,
  type LoadOptions,
  type LoadProgress,
  type LoadResult,
  type LoadStats,
  loadTableFile,
  type RejectedRecord,
  sniffFormat,
  sniffText,
  type TableFileFormat,
  type TableFileOptions,
} from "./loader.js";
export { type CacheOptions, type CacheStatus, CACHE_VERSION, type CachedLoadResult, loadTableFileCached } from "./columnar-cache.js";
export { ENVELOPE_KEYS, JsonEnvelopeScanner, loadJsonEnvelope } from "./json-envelope.js";
export { type Peek, peekRecords } from "./peek.js";
export { isGzipFile } from "./source.js";
export type { JsonRecord, RecordTransform, TransformContext } from "./record-feed.js";
export { loadNdjson } from "./ndjson.js";
export { loadWatchlist, WATCHLIST_COLUMNS, type WatchlistOptions, type WatchlistResult, watchlistItemId } from "./watchlist.js";
