/**
 * The check after lowering: every function a plan calls must be in the function library (a
 * scalar, window or aggregate function, under the role it is called in). A missing one is a
 * `not supported: NAME` diagnostic (WQ001) at the call, reported when the query is compiled —
 * so `widar validate` finds it without data — rather than when a row first reaches it.
 */
import { type Diagnostic, notSupported } from "../diagnostics.js";
import { lookupAggregate, lookupScalar, lookupWindow } from "../functions/registry.js";
import type { AggregateCall, Expr, Plan, PlanOp } from "./ir.js";

type Visit = { [K in PlanOp]: (p: Extract<Plan, { op: K }>) => { plans: readonly Plan[]; exprs: readonly Expr[]; aggregates?: readonly AggregateCall[] } };

const none = { plans: [], exprs: [] };

/** The sub-plans, expressions and aggregate calls of each kind of plan node. */
const parts: Visit = {
  table: () => none,
  watchlist: () => none,
  values: (p) => ({ plans: [], exprs: p.rows.flat() }),
  externaldata: () => none,
  "ipv4-lookup": (p) => ({ plans: [p.input, p.lookup], exprs: [] }),
  print: (p) => ({ plans: [], exprs: p.exprs.map((e) => e.expr) }),
  input: () => none,
  where: (p) => ({ plans: [p.input], exprs: [p.predicate] }),
  project: (p) => ({ plans: [p.input], exprs: p.steps.map((s) => s.expr) }),
  summarize: (p) => ({ plans: [p.input], exprs: p.by.map((b) => b.expr), aggregates: p.aggregates }),
  take: (p) => ({ plans: [p.input], exprs: [p.count] }),
  sort: (p) => ({ plans: [p.input], exprs: p.keys.map((k) => k.expr) }),
  top: (p) => ({ plans: [p.input], exprs: [p.count, ...p.keys.map((k) => k.expr)] }),
  distinct: (p) => ({ plans: [p.input], exprs: p.exprs.map((e) => e.expr) }),
  count: (p) => ({ plans: [p.input], exprs: [] }),
  join: (p) => ({ plans: [p.left, p.right], exprs: [] }),
  union: (p) => ({ plans: p.inputs, exprs: [] }),
  "mv-expand": (p) => ({ plans: [p.input], exprs: p.items.map((i) => i.expr) }),
  "mv-apply": (p) => ({ plans: [p.input, p.subquery], exprs: p.items.map((i) => i.expr) }),
  "bind-input": (p) => ({ plans: [p.value, p.body], exprs: [] }),
  materialize: (p) => ({ plans: [p.input], exprs: [] }),
  range: (p) => ({ plans: [], exprs: [p.from, p.to, p.step] }),
  parse: (p) => ({ plans: [p.input], exprs: [p.source] }),
  "parse-kv": (p) => ({ plans: [p.input], exprs: [p.source] }),
  scan: (p) => ({
    plans: [p.input],
    exprs: [...p.declared.map((d) => d.initial), ...p.steps.flatMap((s) => [s.condition, ...s.assignments.map((a) => a.expr)])],
  }),
  getschema: (p) => ({ plans: [p.input], exprs: [] }),
  sample: (p) => ({ plans: [p.input], exprs: p.distinctOf === undefined ? [p.count] : [p.count, p.distinctOf] }),
  consume: (p) => ({ plans: [p.input], exprs: [] }),
  reduce: (p) => ({ plans: [p.input], exprs: [p.expr] }),
  evaluate: (p) => ({ plans: [p.input], exprs: p.args, aggregates: p.aggregate === undefined ? [] : [p.aggregate] }),
  partition: (p) => ({ plans: [p.input, p.subquery], exprs: [p.key] }),
  "make-series": (p) => ({
    plans: [p.input],
    exprs: [...p.by.map((b) => b.expr), ...p.defaults, p.axis.on, p.axis.step, ...(p.axis.from ? [p.axis.from] : []), ...(p.axis.to ? [p.axis.to] : [])],
    aggregates: p.aggregates,
  }),
  "top-nested": (p) => ({
    plans: [p.input],
    exprs: p.levels.flatMap((l) => [l.key.expr, ...(l.count ? [l.count] : []), ...(l.others ? [l.others] : [])]),
    aggregates: p.levels.map((l) => l.aggregate),
  }),
};

function checkExpr(e: Expr, out: Diagnostic[], plans: Set<Plan>): void {
  switch (e.kind) {
    case "call":
      if (lookupScalar(e.fn) === undefined && lookupWindow(e.fn) === undefined) out.push(notSupported(e.fn, e.span).toDiagnostic());
      for (const a of e.args) checkExpr(a, out, plans);
      return;
    case "member":
      checkExpr(e.target, out, plans);
      return;
    case "index":
      checkExpr(e.target, out, plans);
      checkExpr(e.index, out, plans);
      return;
    case "scalar-query":
      checkPlan(e.plan, out, plans);
      return;
    default:
      return;
  }
}

function checkPlan(p: Plan, out: Diagnostic[], seen: Set<Plan>): void {
  // Plans are shared (materialize, let-bound tables): each is checked once.
  if (seen.has(p)) return;
  seen.add(p);
  const { plans, exprs, aggregates } = (parts[p.op] as (x: Plan) => ReturnType<Visit[PlanOp]>)(p);
  for (const a of aggregates ?? []) {
    if (lookupAggregate(a.fn) === undefined) out.push(notSupported(a.fn, a.span).toDiagnostic());
    for (const x of a.args) checkExpr(x, out, seen);
  }
  for (const e of exprs) checkExpr(e, out, seen);
  for (const c of plans) checkPlan(c, out, seen);
}

/** The not-supported diagnostics of a query's plans (empty when everything it calls exists). */
export function checkPlans(plans: readonly Plan[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<Plan>();
  for (const p of plans) checkPlan(p, out, seen);
  // One diagnostic per call site.
  const keyed = new Map(out.map((d) => [`${d.message}@${d.span?.start}`, d]));
  return [...keyed.values()];
}
