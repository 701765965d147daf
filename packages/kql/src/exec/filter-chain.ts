/**
 * A chain of filters over a table scan (`T | where TimeGenerated > ago(14d) | where ResultType
 * == "0" | where TimeGenerated > ago(1d)`, as a `let` over a 14-day scan filtered again for its
 * last day): the time bounds of every filter in the chain choose the rows through the table's
 * time index at once, and each filter then runs over those rows only. Without this the last
 * day's filter would read the 14 days the lower ones return. Filters commute, and each keeps
 * the rows' order, so the rows are those of the chain run bottom-up.
 */
import type { Expr, Plan } from "../plan/ir.js";
import type { ExecContext } from "./context.js";
import { where } from "./operators/where.js";
import { conform } from "./operators/sources.js";
import type { Table } from "./table.js";
import { impliedRange, prunedScan } from "./time-pruning.js";

type Where = Extract<Plan, { op: "where" }>;

interface Chain {
  /** The filters, bottom (over the scan) first. */
  readonly filters: readonly Where[];
  readonly scan: Extract<Plan, { op: "table" }>;
  /** Every filter's predicate in one conjunction, for the range they imply together. */
  readonly all: Expr;
}

const chains = new WeakMap<Where, Chain | null>();

function chainOf(p: Where): Chain | null {
  const known = chains.get(p);
  if (known !== undefined) return known;
  const filters: Where[] = [];
  let node: Plan = p;
  while (node.op === "where") {
    filters.unshift(node);
    node = node.input;
  }
  const chain: Chain | null =
    node.op === "table" && filters.length > 1
      ? { filters, scan: node, all: { kind: "call", type: "bool", fn: "and", args: filters.map((f) => f.predicate) } }
      : null;
  chains.set(p, chain);
  return chain;
}

/** The chain's rows when `p` tops two or more filters over a loaded table; else undefined. */
export function filterChain(p: Where, ctx: ExecContext): Table | undefined {
  const chain = chainOf(p);
  if (chain === null) return undefined;
  const raw = ctx.source.table(chain.scan.name);
  if (raw === undefined) return undefined;
  const scanned = prunedScan(raw, chain.all, ctx);
  let rows = conform(scanned.table, chain.scan.schema);
  if (scanned.predicateHolds) return rows;
  for (const f of chain.filters) {
    // A filter that is nothing but bounds on the time column the rows were chosen by holds already.
    if (scanned.prunedBy !== undefined && impliedRange(f.predicate, scanned.prunedBy, ctx)?.complete === true) continue;
    rows = where(f, rows, ctx);
  }
  return rows;
}
