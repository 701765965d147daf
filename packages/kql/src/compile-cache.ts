/**
 * Compiled queries kept on disk: Kusto.Language's parse and bind of a rule pack takes seconds
 * (the bound tree of every let, function and operator), while reading back the result takes
 * milliseconds. An entry is keyed by the query text, the catalog's schemas (tables and
 * watchlists, what binding depends on) and the engine's own analysis and lowering code, so an
 * edited rule, a changed schema or a new widar version is a miss, never a stale plan.
 *
 * The plan is a DAG (a `let` used three times is one node referenced thrice; the executor
 * computes it once by identity), so the file keeps shared objects shared: every array, object,
 * special number (NaN, ±Infinity, -0) and undefined is a tagged array, and an object referenced
 * twice is written once and referred to by number. A file that does not read back is a miss.
 *
 * @example
 * const cache = diskCompileCache(join(dataDir, ".widar", "cache"));
 * const compiled = compile(ruleText, catalog, { cache }); // the second process reads it back
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "./diagnostics.js";
import type { Plan, SetOption } from "./plan/ir.js";

/**
 * What compile produces for a text and catalog that is kept: the plans and diagnostics. The
 * bound syntax tree (CompiledQuery.analysis) holds Kusto.Language objects; a query read back
 * binds its text again only if something asks for it (validate's lints do, execution never).
 */
export interface CompiledParts {
  readonly plans: readonly Plan[];
  readonly diagnostics: readonly Diagnostic[];
  /** The query's `set` statements, as entries (a Map is not kept as such). */
  readonly setOptions?: readonly (readonly [string, SetOption])[];
}

export interface CompileCache {
  get(key: string): CompiledParts | undefined;
  set(key: string, parts: CompiledParts): void;
}

const FORMAT = 1;
let codeHash: string | undefined;

/** A digest of the engine's analysis and lowering code as built: a new version misses every entry. */
function engineCode(): string {
  if (codeHash !== undefined) return codeHash;
  const h = createHash("sha256").update(`format ${FORMAT}`);
  const self = fileURLToPath(import.meta.url);
  const here = dirname(self);
  if (existsSync(join(here, "analyze")) && existsSync(join(here, "plan")))
    for (const sub of ["analyze", "plan"]) {
      const dir = join(here, sub);
      for (const f of readdirSync(dir).sort()) if (f.endsWith(".js") || f.endsWith(".ts")) h.update(f).update(readFileSync(join(dir, f)));
    }
  // Bundled (the CLI's startup snapshot): this module is part of one file that holds all the
  // engine's code, and that file is the version.
  else h.update(readFileSync(self));
  codeHash = h.digest("hex").slice(0, 16);
  return codeHash;
}

/** The key of a query text bound against a catalog's schemas (as the analyser sees them). */
export function compileKey(text: string, schemas: unknown): string {
  return createHash("sha256")
    .update(engineCode())
    .update("\0")
    .update(text)
    .update("\0")
    .update(JSON.stringify(schemas, (_k, v) => (v instanceof Map ? [...v] : v)))
    .digest("hex");
}

type Encoded = null | boolean | number | string | Encoded[];

/** A value as JSON-safe tagged arrays, objects referenced more than once written once. */
export function encodeShared(root: unknown): Encoded {
  const seen = new Map<object, number>();
  const shared = new Set<object>();
  const count = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (seen.has(v)) {
      shared.add(v);
      return;
    }
    seen.set(v, -1);
    for (const x of Array.isArray(v) ? v : Object.values(v)) count(x);
  };
  count(root);
  const ids = new Map<object, number>();
  const enc = (v: unknown): Encoded => {
    if (v === undefined) return ["u"];
    if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0) ? v : ["n", String(Object.is(v, -0) ? "-0" : v)];
    if (typeof v !== "object" || v === null) {
      if (typeof v === "bigint" || typeof v === "function" || typeof v === "symbol") throw new Error(`cannot keep a ${typeof v}`);
      return v as Encoded;
    }
    const known = ids.get(v);
    if (known !== undefined) return ["r", known];
    let id = -1;
    if (shared.has(v)) ids.set(v, (id = ids.size));
    const body: Encoded = Array.isArray(v) ? ["a", ...v.map(enc)] : ["o", ...Object.entries(v).flatMap(([k, x]) => [k, enc(x)])];
    return id < 0 ? body : ["d", id, body];
  };
  return enc(root);
}

export function decodeShared(e: Encoded): unknown {
  const defined: unknown[] = [];
  const dec = (x: Encoded): unknown => {
    if (!Array.isArray(x)) return x;
    switch (x[0]) {
      case "u":
        return undefined;
      case "n":
        return x[1] === "-0" ? -0 : Number(x[1]);
      case "r":
        return defined[x[1] as number];
      case "d": {
        // Registered before its members are read, so that a member may refer back to it.
        const body = x[2] as Encoded[];
        const target: unknown = body[0] === "a" ? [] : {};
        defined[x[1] as number] = target;
        fill(target, body);
        return target;
      }
      default: {
        const target: unknown = x[0] === "a" ? [] : {};
        fill(target, x);
        return target;
      }
    }
  };
  const fill = (target: unknown, body: Encoded[]): void => {
    if (body[0] === "a") for (let i = 1; i < body.length; i++) (target as unknown[]).push(dec(body[i]!));
    else if (body[0] === "o")
      // defineProperty: a dynamic literal's key "__proto__" is a key, not the prototype.
      for (let i = 1; i < body.length; i += 2)
        Object.defineProperty(target, body[i] as string, { value: dec(body[i + 1]!), enumerable: true, writable: true, configurable: true });
    else throw new Error("not an encoded object");
  };
  return dec(e);
}

/** Entries as files `<key>.plan.json` in `dir` (created when first written). Unreadable files are misses. */
export function diskCompileCache(dir: string): CompileCache {
  return {
    get(key) {
      try {
        return decodeShared(JSON.parse(readFileSync(join(dir, `${key}.plan.json`), "utf8")) as Encoded) as CompiledParts;
      } catch {
        return undefined;
      }
    },
    set(key, parts) {
      try {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${key}.plan.json`);
        // Written aside and renamed, so a reader never sees half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(encodeShared(parts)));
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written only costs the next process a compile.
      }
    },
  };
}
