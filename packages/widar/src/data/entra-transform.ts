/**
 * The engine's RecordTransform for Entra sources: every JSON record read from a file, in
 * whatever dialect (./source-dialect.ts), becomes a row of the target table through the mapping
 * tables (./mappings), or is set aside with a reason:
 * - batches and pages are opened, their elements mapped one by one;
 * - a record of another table is not loaded (WD014: one diagnostic per source, with a count);
 * - a diagnostic record whose `properties` is not an object, or a batch whose `records` is not
 *   an array, is malformed: rejected (WD013) with its text;
 * - source fields no column takes are reported (WD003, once per path).
 * A target without a mapping of its own (a custom table name) adopts the table of the first
 * mapped record it meets; rows with Log Analytics column names pass through unchanged.
 */
import type { RecordTransform, TransformContext } from "@widar/kql";
import { logAnalyticsRowCheck } from "./log-analytics-rows.js";
import {
  type DialectMapping,
  MAPPINGS_VERSION,
  mappingFor,
  type TableMapping,
  tableForActivityEvent,
  tableForCategory,
  tableForGraph,
} from "./mappings/index.js";
import { type CompiledMapping, compileMapping, unreadPaths } from "./record-mapper.js";
import { classifyRecord, describeSource, isObject, type SourceKind } from "./source-dialect.js";

type Row = Record<string, unknown>;

interface Tally {
  count: number;
  line: number | undefined;
}

const compiled = new WeakMap<DialectMapping, CompiledMapping>();
/** Fields read to route a record to its table: never reported as unread. */
const ROUTING = ["category", "signInEventTypes"];

function compiledOf(m: DialectMapping): CompiledMapping {
  let c = compiled.get(m);
  if (c === undefined) compiled.set(m, (c = compileMapping(m, ROUTING)));
  return c;
}

/** The mapping that fills `target` from a record of source `k`, or why there is none. */
function mappingOf(target: TableMapping, k: SourceKind): DialectMapping | undefined {
  if (k.dialect === "diagnostic") {
    const c = k.category.toLowerCase();
    return target.diagnostic?.categories.some((x) => x.toLowerCase() === c) ? target.diagnostic : undefined;
  }
  if (k.dialect === "graph") {
    const g = target.graph;
    if (g === undefined || g.resource !== k.resource) return undefined;
    return k.resource !== "signIn" || g.signInEventType === k.signInEventType ? g : undefined;
  }
  if (k.dialect === "activity-event") return target.activityEvent;
  return undefined;
}

/** The Log Analytics table a mapped source's records belong to. */
export function naturalTable(k: SourceKind): TableMapping | undefined {
  if (k.dialect === "diagnostic") return tableForCategory(k.category);
  if (k.dialect === "graph") return tableForGraph(k.resource, k.signInEventType);
  if (k.dialect === "activity-event") return tableForActivityEvent();
  return undefined;
}

export interface EntraTransformOptions {
  /** Catalog table names: a row whose `Type` names another of them belongs to that table. */
  readonly knownTables?: ReadonlySet<string>;
  /** The target table's columns, when its schema is known: rows are checked against them (./log-analytics-rows.ts). */
  readonly columns?: ReadonlySet<string>;
}

/** The transform that loads records of any Entra dialect into `target`. */
export function entraTransform(target: string, opts: EntraTransformOptions = {}): RecordTransform & { readonly adopted: () => string | undefined } {
  let mapping = mappingFor(target);
  let adopted: string | undefined;
  const skipped = new Map<string, Tally>();
  const unread = new Map<string, Tally>();
  const rows = opts.columns === undefined || opts.columns.size === 0 ? undefined : logAnalyticsRowCheck(target, opts.columns);

  const skip = (what: string, ctx: TransformContext) => {
    const t = skipped.get(what);
    if (t === undefined) skipped.set(what, { count: 1, line: ctx.line });
    else t.count++;
  };

  const one = (rec: Row, ctx: TransformContext, k: SourceKind = classifyRecord(rec)): Row | undefined => {
    switch (k.dialect) {
      case "diagnostic":
      case "graph":
      case "activity-event": {
        if (k.dialect === "diagnostic" && !k.wellFormed) {
          ctx.reject("WD013", `a diagnostic record's 'properties' must be an object, found ${kindOf(rec.properties)}; record skipped`, rec);
          return undefined;
        }
        if (mapping === undefined) {
          const natural = naturalTable(k);
          if (natural !== undefined && adopted === undefined) {
            mapping = natural;
            adopted = natural.table;
          }
        }
        const dm = mapping === undefined ? undefined : mappingOf(mapping, k);
        if (dm === undefined) {
          const home = naturalTable(k)?.table;
          skip(`${describeSource(k)}${home !== undefined ? ` (table ${home})` : " (no Log Analytics mapping in widar)"}`, ctx);
          return undefined;
        }
        const cm = compiledOf(dm);
        unreadPaths(rec, cm, (p) => {
          const t = unread.get(p);
          if (t === undefined) unread.set(p, { count: 1, line: ctx.line });
          else t.count++;
        });
        return cm.map(rec);
      }
      default: {
        const type = rec.Type;
        const la = mapping?.logAnalytics;
        if (la !== undefined && type === la.fromTable) return compiledOf(la).map(rec);
        if (typeof type === "string" && type !== target && opts.knownTables?.has(type)) {
          skip(`Log Analytics rows of ${type}`, ctx);
          return undefined;
        }
        return rows === undefined ? rec : rows.check(rec, ctx);
      }
    }
  };

  const many = (items: unknown, what: string, ctx: TransformContext): Row[] | undefined => {
    if (!Array.isArray(items)) {
      ctx.reject("WD013", `${what} must be an array of records, found ${kindOf(items)}; skipped`);
      return undefined;
    }
    const out: Row[] = [];
    for (const item of items) {
      if (!isObject(item)) {
        ctx.reject("WD005", `an element of ${what} is ${kindOf(item)}, not a JSON object; skipped`, item);
        continue;
      }
      const r = one(item, ctx);
      if (r !== undefined) out.push(r);
    }
    return out;
  };

  return {
    cacheKey: `entra:${target}:${MAPPINGS_VERSION}:${[...(opts.knownTables ?? [])].length}`,
    adopted: () => adopted,
    map(rec, ctx) {
      const k = classifyRecord(rec);
      if (k.dialect === "batch") return many(k.records, "'records'", ctx);
      if (k.dialect === "page") return many(k.value, "'value'", ctx);
      return one(rec, ctx, k);
    },
    finish(ctx) {
      rows?.finish(ctx);
      const into = adopted ?? target;
      for (const [what, t] of skipped) {
        ctx.report("WD014", "info", `${t.count} record(s) of ${what} are not loaded into ${into}`, undefined, t.line);
      }
      // One line for all of them: a sign-in carries a dozen properties its table has no column for.
      if (unread.size > 0) {
        const list = [...unread].map(([path, t]) => `${path} (${t.count})`).join(", ");
        const first = Math.min(...[...unread.values()].map((t) => t.line ?? Number.POSITIVE_INFINITY));
        ctx.report("WD003", "info", `source fields with no column in ${into}, ignored (records): ${list}`, [...unread.keys()].join(","), Number.isFinite(first) ? first : undefined);
      }
    },
  };
}

function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
