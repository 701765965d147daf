/**
 * The columnar cache: a finished load (typed columns, schema, diagnostics, stats, rejected
 * records) written to disk, so that loading the same unchanged file again reads columns instead
 * of parsing text. A cache file is valid for one source file at one size and modification time,
 * loaded with one set of options (table, schema, format, transform's cacheKey, salt); anything
 * else is a miss and the file is loaded, and cached, afresh.
 *
 * File layout (version CACHE_VERSION; all numbers little-endian):
 *   "WIDARCOL" (8 bytes) | u32 header length | header JSON | blocks, each 8-byte aligned
 * The header names each column's blocks by [offset, length]:
 *   f64  — the Float64Array of a fixed-width column, plus its null mask (Uint8Array) if any;
 *   dict — string / guid columns: the distinct values as one JSON array, and a Uint32Array of
 *          indexes into it per row (0xFFFFFFFF = null); log columns repeat a few values a lot;
 *   json — dynamic columns: all values as one JSON array text (JSON.parse is V8's fastest reader).
 * A file that fails any check (magic, version, key, bounds, JSON) is a miss, never an error.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { type Column, FixedColumn, ObjectColumn } from "../exec/column.js";
import { Table } from "../exec/table.js";
import type { Schema } from "../schema.js";
import { isFixedWidth, type Json, type Value } from "../types.js";
import type { DataDiagnostic, LoadResult, LoadStats, RejectedRecord } from "./accumulate.js";
import { loadTableFile, type TableFileOptions } from "./loader.js";

export const CACHE_VERSION = 1;
const MAGIC = Buffer.from("WIDARCOL", "latin1");
const NULL_INDEX = 0xffffffff;
/** Rejected records' text kept in a cache file, at most (the rest are counted, not replayed). */
const MAX_REJECT_TEXT = 8 * 1024 * 1024;

export interface CacheOptions {
  /** The directory of cache files (created when missing). */
  readonly dir: string;
  /** Anything else the caller's result depends on (a product's mapping version, ...). */
  readonly salt?: string;
}

export type CacheStatus = "hit" | "miss" | "off";

export interface CachedLoadResult extends LoadResult {
  /** hit: read from the cache; miss: loaded and cached; off: not cacheable or not writable. */
  readonly cache: CacheStatus;
}

type Block = [offset: number, length: number];
type ColumnBlock = { kind: "f64"; values: Block; nulls: Block | null } | { kind: "dict"; dict: Block; index: Block } | { kind: "json"; text: Block };

interface Header {
  readonly version: number;
  readonly key: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly schema: Schema;
  readonly rowCount: number;
  readonly stats: LoadStats;
  readonly diagnostics: DataDiagnostic[];
  readonly rejects: RejectedRecord[];
  readonly columns: ColumnBlock[];
}

/**
 * `loadTableFile` through the cache in `cache.dir`: a hit replays the stored load (its
 * diagnostics, and its rejected records to `onReject`); a miss loads the file and stores it.
 * Without `cache`, or with a transform that has no cacheKey, it is a plain load ("off").
 */
export async function loadTableFileCached(path: string, opts: TableFileOptions & { readonly cache?: CacheOptions }): Promise<CachedLoadResult> {
  const cache = opts.cache;
  if (cache === undefined || (opts.transform !== undefined && opts.transform.cacheKey === undefined)) {
    return { ...(await loadTableFile(path, opts)), cache: "off" };
  }
  let src: { size: number; mtimeMs: number };
  try {
    src = await stat(path);
  } catch {
    return { ...(await loadTableFile(path, opts)), cache: "off" };
  }
  const key = cacheKey(path, opts, cache);
  const file = join(cache.dir, `${createHash("sha256").update(key).digest("hex").slice(0, 40)}.wcol`);
  const hit = await readCache(file, key, src);
  if (hit !== undefined) {
    for (const r of hit.rejects) opts.onReject?.(r);
    return { table: hit.table, schema: hit.table.schema, diagnostics: hit.diagnostics, stats: hit.stats, cache: "hit" };
  }
  const rejects: RejectedRecord[] = [];
  let rejectText = 0;
  const result = await loadTableFile(path, {
    ...opts,
    onReject: (r) => {
      if (rejectText < MAX_REJECT_TEXT) {
        rejects.push(r);
        rejectText += r.text.length;
      }
      opts.onReject?.(r);
    },
  });
  // A file that could not be read is not cached: the next run should try again.
  if (result.diagnostics.some((d) => d.code === "WD004")) return { ...result, cache: "off" };
  const ok = await writeCache(file, key, src, result, rejects);
  return { ...result, cache: ok ? "miss" : "off" };
}

function cacheKey(path: string, opts: TableFileOptions, cache: CacheOptions): string {
  return JSON.stringify([
    CACHE_VERSION,
    resolve(path),
    opts.table,
    opts.schema ?? null,
    opts.format ?? null,
    opts.transform?.cacheKey ?? null,
    opts.maxDiagnosticsPerCode ?? null,
    cache.salt ?? null,
  ]);
}

/** Writes the cache file atomically (a temp file renamed), so a reader never sees half of one. */
async function writeCache(file: string, key: string, src: { size: number; mtimeMs: number }, r: LoadResult, rejects: RejectedRecord[]): Promise<boolean> {
  const blocks: Buffer[] = [];
  let offset = 0; // relative to the start of the blocks
  const add = (b: Buffer): Block => {
    const at: Block = [offset, b.length];
    blocks.push(b);
    offset += b.length;
    const pad = (8 - (offset % 8)) % 8;
    if (pad > 0) {
      blocks.push(Buffer.alloc(pad));
      offset += pad;
    }
    return at;
  };
  const columns = r.table.columns.map((c, j) => encodeColumn(c, r.table.schema[j]!.type, r.table.rowCount, add));
  const header: Header = {
    version: CACHE_VERSION,
    key,
    size: src.size,
    mtimeMs: src.mtimeMs,
    schema: r.table.schema,
    rowCount: r.table.rowCount,
    stats: r.stats,
    diagnostics: r.diagnostics,
    rejects,
    columns,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const prefix = Buffer.alloc(12);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, 8);
  const pad = Buffer.alloc((8 - ((12 + headerBytes.length) % 8)) % 8);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(join(file, ".."), { recursive: true });
    await writeFile(tmp, Buffer.concat([prefix, headerBytes, pad, ...blocks]));
    await rename(tmp, file);
    return true;
  } catch {
    await rm(tmp, { force: true }).catch(() => {});
    return false;
  }
}

function encodeColumn(c: Column, type: Schema[number]["type"], n: number, add: (b: Buffer) => Block): ColumnBlock {
  if (isFixedWidth(type)) {
    const values = new Float64Array(n);
    let nulls: Uint8Array | null = null;
    if (c instanceof FixedColumn) {
      values.set(c.values.subarray(0, n));
      nulls = c.nulls;
    } else {
      for (let i = 0; i < n; i++) {
        const v = c.get(i);
        if (v === null) (nulls ??= new Uint8Array(n))[i] = 1;
        else values[i] = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
      }
    }
    return {
      kind: "f64",
      values: add(Buffer.from(values.buffer, values.byteOffset, values.byteLength)),
      nulls: nulls === null ? null : add(Buffer.from(nulls.buffer, nulls.byteOffset, nulls.byteLength)),
    };
  }
  if (type === "dynamic") {
    const vals: Value[] = new Array(n);
    for (let i = 0; i < n; i++) vals[i] = c.get(i);
    return { kind: "json", text: add(Buffer.from(JSON.stringify(vals), "utf8")) };
  }
  const dict = new Map<string, number>();
  const index = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = c.get(i);
    if (v === null) {
      index[i] = NULL_INDEX;
      continue;
    }
    const s = v as string;
    let k = dict.get(s);
    if (k === undefined) dict.set(s, (k = dict.size));
    index[i] = k;
  }
  return {
    kind: "dict",
    dict: add(Buffer.from(JSON.stringify([...dict.keys()]), "utf8")),
    index: add(Buffer.from(index.buffer, index.byteOffset, index.byteLength)),
  };
}

interface CacheHit {
  readonly table: Table;
  readonly diagnostics: DataDiagnostic[];
  readonly stats: LoadStats;
  readonly rejects: RejectedRecord[];
}

async function readCache(file: string, key: string, src: { size: number; mtimeMs: number }): Promise<CacheHit | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return undefined;
  }
  try {
    if (buf.length < 12 || !buf.subarray(0, 8).equals(MAGIC)) return undefined;
    const hlen = buf.readUInt32LE(8);
    const header = JSON.parse(buf.toString("utf8", 12, 12 + hlen)) as Header;
    if (header.version !== CACHE_VERSION || header.key !== key || header.size !== src.size || header.mtimeMs !== src.mtimeMs) return undefined;
    const base = 12 + hlen + ((8 - ((12 + hlen) % 8)) % 8);
    // Typed arrays need 8-byte alignment; a pooled Buffer may start anywhere, so copy if not.
    let bytes = buf;
    if (buf.byteOffset % 8 !== 0) {
      bytes = Buffer.allocUnsafeSlow(buf.length);
      buf.copy(bytes);
    }
    const view = (b: Block): Uint8Array => {
      const [off, len] = b;
      if (off < 0 || base + off + len > bytes.length) throw new Error("cache block out of bounds");
      return new Uint8Array(bytes.buffer, bytes.byteOffset + base + off, len);
    };
    const n = header.rowCount;
    const columns = header.columns.map((cb, j) => decodeColumn(cb, header.schema[j]!.type, n, view));
    return { table: new Table(header.schema, columns, n), diagnostics: header.diagnostics, stats: header.stats, rejects: header.rejects };
  } catch {
    return undefined;
  }
}

function decodeColumn(cb: ColumnBlock, type: Schema[number]["type"], n: number, view: (b: Block) => Uint8Array): Column {
  if (cb.kind === "f64") {
    const v = view(cb.values);
    const values = new Float64Array(v.buffer, v.byteOffset, n);
    const nulls = cb.nulls === null ? null : view(cb.nulls).subarray(0, n);
    return new FixedColumn(type, values, nulls);
  }
  if (cb.kind === "json") {
    const v = view(cb.text);
    const vals = JSON.parse(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("utf8")) as Json[];
    if (vals.length !== n) throw new Error("cache column length");
    return new ObjectColumn(type, vals as Value[]);
  }
  const d = view(cb.dict);
  const dict = JSON.parse(Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString("utf8")) as string[];
  const iv = view(cb.index);
  const index = new Uint32Array(iv.buffer, iv.byteOffset, n);
  const vals: Value[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = index[i]!;
    vals[i] = k === NULL_INDEX ? null : dict[k]!;
  }
  return new ObjectColumn(type, vals);
}
