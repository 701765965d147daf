/**
 * Subplans computed once per execution. Lowering gives a `let` used three times one plan object
 * referenced from three places (a DAG, not a tree); without help the executor would compute it
 * three times (RULE-13's 90-day sign-in scan). A node referenced more than once whose result
 * depends on nothing bound outside it (no free `input`: a function's parameter, mv-apply's or
 * partition's rows) gives the same table every time within one execution, so the executor keeps
 * its first result. Kusto allows this: a let's expression is evaluated "a constant number of
 * times" (the same latitude under which toscalar calls are shared).
 */
import type { Expr, Plan } from "../plan/ir.js";

const isPlan = (x: unknown): x is Plan => typeof x === "object" && x !== null && typeof (x as { op?: unknown }).op === "string" && "schema" in x;

/** The plans a node reads directly: its inputs and the subqueries inside its expressions. */
function planChildren(node: Plan): Plan[] {
  const out: Plan[] = [];
  const visit = (v: unknown): void => {
    if (typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    if (isPlan(v)) {
      out.push(v);
      return;
    }
    const e = v as Partial<Expr> & Record<string, unknown>;
    // A literal's value is data (a dynamic value may hold any keys): never walked.
    if (e.kind === "literal") return;
    if (e.kind === "scalar-query" && isPlan(e.plan)) {
      out.push(e.plan);
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  for (const [k, v] of Object.entries(node)) if (k !== "schema" && k !== "op") visit(v);
  return out;
}

/** Input ids a node reads that it does not bind itself. */
function freeInputs(node: Plan, memo: Map<Plan, ReadonlySet<number>>): ReadonlySet<number> {
  const known = memo.get(node);
  if (known !== undefined) return known;
  const free = new Set<number>();
  if (node.op === "input") free.add(node.id);
  else {
    const bound = node.op === "bind-input" ? node.id : node.op === "mv-apply" || node.op === "partition" ? node.inputId : undefined;
    for (const c of planChildren(node)) {
      // The binding node's own input (bind-input's value, mv-apply's rows) is read outside it.
      const inside = bound !== undefined && (node.op === "bind-input" ? c === node.body : c === (node as { subquery: Plan }).subquery);
      for (const id of freeInputs(c, memo)) if (!(inside && id === bound)) free.add(id);
    }
  }
  memo.set(node, free);
  return free;
}

const cache = new WeakMap<readonly Plan[], ReadonlySet<Plan>>();

/** The nodes of these plans that are referenced more than once and bind-free (computed once per plan list). */
export function sharedPlans(roots: readonly Plan[]): ReadonlySet<Plan> {
  const known = cache.get(roots);
  if (known !== undefined) return known;
  const refs = new Map<Plan, number>();
  const stack: Plan[] = [...roots];
  while (stack.length > 0) {
    const p = stack.pop()!;
    const n = (refs.get(p) ?? 0) + 1;
    refs.set(p, n);
    if (n === 1) stack.push(...planChildren(p));
  }
  const memo = new Map<Plan, ReadonlySet<number>>();
  const shared = new Set<Plan>();
  for (const [p, n] of refs) if (n > 1 && p.op !== "input" && p.op !== "materialize" && freeInputs(p, memo).size === 0) shared.add(p);
  cache.set(roots, shared);
  return shared;
}
