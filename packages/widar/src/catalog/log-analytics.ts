/**
 * The Log Analytics catalog: the 898 tables of the Azure Monitor table reference with their
 * columns and types, generated into this repository (./generated, by scripts/gen-catalog.mjs)
 * so that nothing outside it is needed at run time.
 *
 * The JSON is read on first use, not imported: most commands never need it, and a JSON module
 * import would have to be copied into dist by the build. It is found relative to this module
 * from both layouts: src/catalog/ (tsx, tests) and dist/src/catalog/ (compiled; the JSON stays
 * in src/, three levels up from there).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ColumnSchema, KType, Schema } from "@widar/kql";

const FILE = "log-analytics-tables.json";
const CANDIDATES = [`./generated/${FILE}`, `../../../src/catalog/generated/${FILE}`];

// The generator writes only Kusto type names; anything else (a hand-edited file) reads as dynamic.
// A local list rather than the engine's parseTypeName: this module then imports only types.
const TYPES = new Set<string>(["bool", "int", "long", "real", "decimal", "string", "datetime", "timespan", "guid", "dynamic"]);

let tables: ReadonlyMap<string, Schema> | undefined;
let lowerNames: Map<string, string> | undefined;

/** Where the generated catalog file is (first candidate that exists). */
export function catalogFilePath(): string {
  for (const rel of CANDIDATES) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error(`widar's Log Analytics catalog (${FILE}) is missing: run node scripts/gen-catalog.mjs`);
}

/** Every Log Analytics table by name (case-sensitive, as Kusto's are), columns in reference order. */
export function logAnalyticsTables(): ReadonlyMap<string, Schema> {
  if (tables === undefined) {
    const raw = JSON.parse(readFileSync(catalogFilePath(), "utf8")) as Record<string, [string, string][]>;
    const m = new Map<string, Schema>();
    for (const [name, cols] of Object.entries(raw)) {
      const schema: ColumnSchema[] = cols.map(([col, type]) => Object.freeze({ name: col, type: (TYPES.has(type) ? type : "dynamic") as KType }));
      m.set(name, Object.freeze(schema));
    }
    tables = m;
  }
  return tables;
}

/** A table's schema, or undefined when Log Analytics has no table of that exact name. */
export function tableSchema(name: string): Schema | undefined {
  return logAnalyticsTables().get(name);
}

/**
 * The existing table an unknown name most likely means ("did you mean …?"), or undefined when
 * the name exists or nothing is close. In order: the same name in another case; the closest
 * name by edit distance (case-insensitive) within a third of the length (typos), or any
 * distance when one name contains the other and is at least half its length
 * (`RiskyServicePrincipals` → `AADRiskyServicePrincipals`). Ties go to the alphabetically first.
 */
export function suggestTable(name: string): string | undefined {
  const all = logAnalyticsTables();
  if (all.has(name) || name.trim() === "") return undefined;
  if (lowerNames === undefined) lowerNames = new Map([...all.keys()].map((n) => [n.toLowerCase(), n]));
  const lower = name.toLowerCase();
  const sameCase = lowerNames.get(lower);
  if (sameCase !== undefined) return sameCase;
  const typoLimit = Math.max(2, Math.floor(lower.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [cand, original] of lowerNames) {
    const contains = (cand.includes(lower) && lower.length * 2 >= cand.length) || (lower.includes(cand) && cand.length * 2 >= lower.length);
    const limit = contains ? Math.max(cand.length, lower.length) : Math.min(typoLimit, bestDistance);
    if (Math.abs(cand.length - lower.length) > limit) continue;
    const d = editDistance(lower, cand, limit);
    if (d > limit) continue;
    if (d < bestDistance || (d === bestDistance && best !== undefined && original < best)) {
      best = original;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
