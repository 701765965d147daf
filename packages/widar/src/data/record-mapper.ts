/**
 * A mapping table (./mappings) compiled into a function from a source record to a row keyed by
 * Log Analytics column names. Paths are resolved through own properties only, so a record's
 * `__proto__` or `constructor` key is data like any other and never reaches a prototype.
 */
import type { DialectMapping } from "./mappings/index.js";

type Getter = (rec: Readonly<Record<string, unknown>>) => unknown;

export interface CompiledMapping {
  /** The row for one source record. */
  map(rec: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Source paths the mapping reads: each field path and its first two levels. */
  readonly knownPaths: ReadonlySet<string>;
  /** Field paths read whole (an object read whole has no unread members). */
  readonly wholePaths: ReadonlySet<string>;
  /** The columns the mapping fills (fields and constants). */
  readonly columns: readonly string[];
}

/** Splits `a.b.c`; a path is member names only (no indexes: Entra's paths have none). */
export function pathSegments(path: string): string[] {
  return path.split(".");
}

/** The value at `path` in `rec` (undefined when any step is missing or not an object). */
export function getPath(rec: unknown, segments: readonly string[]): unknown {
  let v: unknown = rec;
  for (const s of segments) {
    if (typeof v !== "object" || v === null || Array.isArray(v) || !Object.hasOwn(v, s)) return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function getter(path: string): Getter {
  const segs = pathSegments(path);
  if (segs.length === 1) {
    const k = segs[0]!;
    return (rec) => (Object.hasOwn(rec, k) ? rec[k] : undefined);
  }
  if (segs.length === 2) {
    const [a, b] = segs as [string, string];
    return (rec) => {
      const o = Object.hasOwn(rec, a) ? rec[a] : undefined;
      return typeof o === "object" && o !== null && !Array.isArray(o) && Object.hasOwn(o, b) ? (o as Record<string, unknown>)[b] : undefined;
    };
  }
  return (rec) => getPath(rec, segs);
}

/** `routing`: source fields read to choose the table (`category`), so never unread. */
export function compileMapping(m: DialectMapping, routing: readonly string[] = []): CompiledMapping {
  const columns: string[] = [];
  const getters: Getter[][] = [];
  const codes: (Readonly<Record<string, string>> | undefined)[] = [];
  // Routing fields and the source's constant fields carry no row data: never reported unread.
  const fixed = [...routing, ...Object.keys(m.sourceConstants ?? {})];
  const known = new Set<string>(fixed);
  const whole = new Set<string>(fixed);
  for (const [path, column] of m.fields) {
    whole.add(path);
    let j = columns.indexOf(column);
    if (j < 0) {
      j = columns.push(column) - 1;
      getters.push([]);
      codes.push(m.codes?.[column]);
    }
    getters[j]!.push(getter(path));
    const segs = pathSegments(path);
    for (let i = 1; i <= Math.min(2, segs.length); i++) known.add(segs.slice(0, i).join("."));
  }
  const constants = Object.entries(m.constants ?? {});
  const n = columns.length;
  return {
    knownPaths: known,
    wholePaths: whole,
    columns: [...columns, ...constants.map(([c]) => c)],
    map(rec) {
      const out: Record<string, unknown> = {};
      for (let j = 0; j < n; j++) {
        const gs = getters[j]!;
        let v: unknown;
        for (let g = 0; g < gs.length; g++) {
          const x = gs[g]!(rec);
          if (x !== undefined && x !== null) {
            v = x;
            break;
          }
          if (x === null) v = null;
        }
        const code = codes[j];
        if (code !== undefined && (typeof v === "number" || typeof v === "string") && Object.hasOwn(code, String(v))) v = code[String(v)];
        if (v !== undefined) out[columns[j]!] = v;
      }
      for (const [c, v] of constants) out[c] = v;
      return out;
    },
  };
}

/**
 * Source fields the mapping does not read (top level, and one level into objects whose members
 * it reads one by one, such as `properties`): reported once per path so that nothing is
 * dropped unseen.
 */
export function unreadPaths(rec: Readonly<Record<string, unknown>>, m: CompiledMapping, out: (path: string) => void): void {
  for (const k in rec) {
    if (!Object.hasOwn(rec, k) || k.startsWith("@odata.")) continue;
    if (!m.knownPaths.has(k)) {
      out(k);
      continue;
    }
    const v = rec[k];
    if (typeof v !== "object" || v === null || Array.isArray(v) || m.wholePaths.has(k)) continue;
    for (const c in v) {
      if (Object.hasOwn(v, c) && !c.startsWith("@odata.") && !m.knownPaths.has(`${k}.${c}`)) out(`${k}.${c}`);
    }
  }
}
