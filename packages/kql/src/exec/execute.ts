/**
 * The executor's entry: runs a plan node by node. Every plan op has its handler here (the
 * Record type makes a forgotten op a compile error).
 */
import { KqlError, internalError } from "../diagnostics.js";
import type { Plan, PlanOp } from "../plan/ir.js";
import type { ExecContext } from "./context.js";
import { setPlanRunner } from "./evaluate.js";
import { count, distinct } from "./operators/distinct.js";
import { join } from "./operators/join.js";
import { mvApply } from "./operators/mv-apply.js";
import { mvExpand } from "./operators/mv-expand.js";
import { parse } from "./operators/parse.js";
import { parseKv } from "./operators/parse-kv.js";
import { evaluate } from "./operators/evaluate.js";
import { externalData } from "./operators/external-data.js";
import { ipv4Lookup } from "./operators/ipv4-lookup.js";
import { makeSeries } from "./operators/make-series.js";
import { topNested } from "./operators/top-nested.js";
import { project } from "./operators/project.js";
import { reduce } from "./operators/reduce.js";
import { consume, getschema, partition, sample } from "./operators/reshape.js";
import { scan } from "./operators/scan.js";
import { conform, input, print, range, tableScan, values, watchlist } from "./operators/sources.js";
import { sort, top } from "./operators/sort.js";
import { summarize } from "./operators/summarize.js";
import { take } from "./operators/take.js";
import { union } from "./operators/union.js";
import { where } from "./operators/where.js";
import type { Table } from "./table.js";
import { prunedScan } from "./time-pruning.js";
import { filterChain } from "./filter-chain.js";
import { windowedSummarize } from "./windowed-summarize.js";

type Handlers = { [K in PlanOp]: (plan: Extract<Plan, { op: K }>, ctx: ExecContext) => Table };

const handlers: Handlers = {
  table: tableScan,
  watchlist,
  values,
  externaldata: externalData,
  "ipv4-lookup": (p, c) => ipv4Lookup(p, run(p.input, c), run(p.lookup, c)),
  print,
  input,
  range,
  where: (p, c) => {
    // A filter straight over a table scan may read only the rows in its time range.
    if (p.input.op === "table") {
      const raw = c.source.table(p.input.name);
      if (raw !== undefined) {
        const scanned = prunedScan(raw, p.predicate, c);
        const rows = conform(scanned.table, p.input.schema);
        // Rows chosen by the very bounds the predicate consists of: nothing left to test.
        return scanned.predicateHolds ? rows : where(p, rows, c);
      }
    }
    return filterChain(p, c) ?? where(p, run(p.input, c), c);
  },
  project: (p, c) => project(p, run(p.input, c), c),
  summarize: (p, c) => windowedSummarize(p, c) ?? summarize(p, run(p.input, c), c),
  take: (p, c) => take(p, run(p.input, c), c),
  sort: (p, c) => sort(p, run(p.input, c), c),
  top: (p, c) => top(p, run(p.input, c), c),
  distinct: (p, c) => distinct(p, run(p.input, c), c),
  count: (p, c) => count(p, run(p.input, c)),
  join: (p, c) => {
    // A semi or anti join only asks whether a key occurs on its other side: a `distinct` there
    // (`| join kind=leftanti (T | distinct Id, Time)`) need not remove duplicates.
    const probeOnlyRight = p.kind === "leftsemi" || p.kind === "leftanti";
    const probeOnlyLeft = p.kind === "rightsemi" || p.kind === "rightanti";
    return join(p, run(probeOnlyLeft ? withoutDistinct(p.left) : p.left, c), run(probeOnlyRight ? withoutDistinct(p.right) : p.right, c), c);
  },
  union: (p, c) => union(
    p,
    p.inputs.map((i) => run(i, c)),
  ),
  "mv-expand": (p, c) => mvExpand(p, run(p.input, c), c),
  "mv-apply": (p, c) => mvApply(p, run(p.input, c), c, run),
  "bind-input": (p, c) => {
    const prev = c.inputs.get(p.id);
    c.inputs.set(p.id, run(p.value, c));
    try {
      return run(p.body, c);
    } finally {
      if (prev === undefined) c.inputs.delete(p.id);
      else c.inputs.set(p.id, prev);
    }
  },
  parse: (p, c) => parse(p, run(p.input, c), c),
  "parse-kv": (p, c) => parseKv(p, run(p.input, c), c),
  scan: (p, c) => scan(p, run(p.input, c), c),
  getschema: (p, c) => getschema(p, run(p.input, c)),
  sample: (p, c) => sample(p, run(p.input, c), c),
  consume: (p, c) => {
    run(p.input, c);
    return consume(p);
  },
  reduce: (p, c) => reduce(p, run(p.input, c), c),
  evaluate: (p, c) => evaluate(p, run(p.input, c), c),
  partition: (p, c) => partition(p, run(p.input, c), c, run),
  "make-series": (p, c) => makeSeries(p, run(p.input, c), c),
  "top-nested": (p, c) => topNested(p, run(p.input, c), c),
  materialize: (p, c) => {
    let t = c.materialized.get(p.id);
    if (t === undefined) {
      t = run(p.input, c);
      c.materialized.set(p.id, t);
    }
    return t;
  },
};

const undistinct = new WeakMap<Plan, Plan>();

/** A `distinct` as the projection of its expressions, keeping duplicates (one plan object per distinct). */
function withoutDistinct(p: Plan): Plan {
  if (p.op !== "distinct") return p;
  let q = undistinct.get(p);
  if (q === undefined) undistinct.set(p, (q = { op: "project", input: p.input, steps: p.exprs, schema: p.schema }));
  return q;
}

export function run(plan: Plan, ctx: ExecContext): Table {
  if (ctx.shared.has(plan)) {
    let t = ctx.sharedResults.get(plan);
    if (t === undefined) {
      t = runNode(plan, ctx);
      ctx.sharedResults.set(plan, t);
    }
    return t;
  }
  return runNode(plan, ctx);
}

/**
 * One node: one level deeper (WQ054 past the nesting limit), a time and heap checkpoint, and
 * the node's span as the place of any failure that is not a KqlError (WQ004).
 */
function runNode(plan: Plan, ctx: ExecContext): Table {
  const outer = ctx.span;
  const span = plan.span ?? outer;
  ctx.span = span;
  try {
    ctx.checkpoint(span);
    const t = ctx.nested(span, () => runHandler(plan, ctx));
    ctx.checkpoint(span);
    return t;
  } catch (e) {
    // A KqlError without a place (thrown deep in a helper) is placed at this operator.
    if (e instanceof KqlError && e.span === undefined) throw new KqlError(e.code, e.message, span);
    throw internalError(e, span);
  } finally {
    ctx.span = outer;
  }
}

function runHandler(plan: Plan, ctx: ExecContext): Table {
  const handler = handlers[plan.op] as (p: Plan, c: ExecContext) => Table;
  if (ctx.profile === undefined) return handler(plan, ctx);
  // Profiling: a node's self time is its time less its inputs' (runs nested inside it).
  const outer = ctx.childMs;
  ctx.childMs = 0;
  const start = performance.now();
  const t = handler(plan, ctx);
  const total = performance.now() - start;
  let p = ctx.profile.get(plan);
  if (p === undefined) ctx.profile.set(plan, (p = { calls: 0, selfMs: 0, rows: 0 }));
  p.calls++;
  p.selfMs += total - ctx.childMs;
  p.rows += t.rowCount;
  ctx.childMs = outer + total;
  return t;
}

setPlanRunner(run);
