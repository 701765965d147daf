/**
 * A readable rendering of a plan (what `widar query --explain` prints): one operator per line,
 * inputs indented beneath, each with its output schema.
 */
import { schemaToString } from "../schema.js";
import type { Expr, Plan } from "./ir.js";

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case "literal":
      return e.value === null ? `${e.type}(null)` : JSON.stringify(e.value);
    case "column":
      return e.name;
    case "member":
      return `${printExpr(e.target)}.${e.name}`;
    case "index":
      return `${printExpr(e.target)}[${printExpr(e.index)}]`;
    case "scalar-query":
      return `${e.asList ? "list" : "toscalar"}#${e.id}(…)`;
    case "call":
      return /^[a-z_][a-z0-9_]*$/.test(e.fn) || e.args.length !== 2
        ? `${e.fn}(${e.args.map(printExpr).join(", ")})`
        : `(${printExpr(e.args[0]!)} ${e.fn} ${printExpr(e.args[1]!)})`;
  }
}

function detail(p: Plan): string {
  switch (p.op) {
    case "table":
      return p.name;
    case "watchlist":
      return `_GetWatchlist('${p.alias}')`;
    case "values":
      return `${p.rows.length} rows`;
    case "externaldata":
      return `${p.format} ${p.urls.join(", ")}`;
    case "ipv4-lookup":
      return `${p.sourceKey} in ${p.rangeKey}${p.extraKeys.map((k) => `, ${k}`).join("")}${p.returnUnmatched ? " (unmatched kept)" : ""}`;
    case "print":
    case "distinct":
      return p.exprs.map((e) => `${e.name} = ${printExpr(e.expr)}`).join(", ");
    case "input":
    case "materialize":
      return `#${p.id}`;
    case "where":
      return printExpr(p.predicate);
    case "project":
      return p.steps.map((s) => `${s.name} = ${printExpr(s.expr)}`).join(", ");
    case "summarize":
      return `${p.aggregates.map((a) => `${a.name} = ${a.fn}(${a.args.map(printExpr).join(", ")})`).join(", ")}${p.by.length > 0 ? ` by ${p.by.map((b) => `${b.name} = ${printExpr(b.expr)}`).join(", ")}` : ""}`;
    case "take":
      return printExpr(p.count);
    case "sort":
      return p.keys.map((k) => `${printExpr(k.expr)} ${k.descending ? "desc" : "asc"}`).join(", ");
    case "top":
      return `${printExpr(p.count)} by ${p.keys.map((k) => `${printExpr(k.expr)} ${k.descending ? "desc" : "asc"}`).join(", ")}`;
    case "join":
      return `kind=${p.kind} on ${p.leftKeys.map((l, i) => `${l} == ${p.rightKeys[i]}`).join(", ")}`;
    case "union":
      return `${p.inputs.length} inputs`;
    case "mv-expand":
    case "mv-apply":
      return p.items.map((i) => `${i.name} = ${printExpr(i.expr)} to ${i.type}`).join(", ");
    case "range":
      return `${p.column} from ${printExpr(p.from)} to ${printExpr(p.to)} step ${printExpr(p.step)}`;
    case "count":
      return "";
    case "bind-input":
      return `#${p.id}`;
    case "parse":
      return `${printExpr(p.source)} kind=${p.mode} ${p.pattern.map((x) => (x.kind === "any" ? "*" : x.kind === "text" ? JSON.stringify(x.text) : `${x.name}:${x.type}`)).join(" ")}`;
    case "scan":
      return p.steps.map((st) => `step ${st.name}: ${printExpr(st.condition)}${st.assignments.map((a) => ` ${a.name} = ${printExpr(a.expr)}`).join(",")}`).join("; ");
    case "parse-kv":
      return `${printExpr(p.source)} as (${p.keys.map((k) => `${k.name}:${k.type}`).join(", ")})`;
    case "getschema":
    case "consume":
      return "";
    case "sample":
      return `${printExpr(p.count)}${p.distinctOf === undefined ? "" : ` of ${printExpr(p.distinctOf)}`}`;
    case "reduce":
      return `by ${printExpr(p.expr)} threshold=${p.threshold}`;
    case "evaluate":
      return `${p.plugin}(${p.args.map(printExpr).join(", ")})`;
    case "partition":
      return `by ${printExpr(p.key)}`;
    case "make-series":
      return `${p.aggregates.map((a) => `${a.name} = ${a.fn}(${a.args.map(printExpr).join(", ")})`).join(", ")} on ${printExpr(p.axis.on)}`;
    case "top-nested":
      return p.levels.map((l) => `of ${printExpr(l.key.expr)} by ${l.aggregate.fn}(…)`).join(", ");
  }
}

function children(p: Plan): Plan[] {
  switch (p.op) {
    case "join":
      return [p.left, p.right];
    case "union":
      return [...p.inputs];
    case "mv-apply":
    case "partition":
      return [p.input, p.subquery];
    case "bind-input":
      return [p.value, p.body];
    default:
      return "input" in p && typeof p.input === "object" ? [p.input] : [];
  }
}

/**
 * The plan, one operator a line. With `note`, each line starts with what it gives for the node
 * (`widar query --profile`: the node's time and rows) instead of ending with the schema.
 */
export function printPlan(plan: Plan, indent = "", note?: (p: Plan) => string): string {
  const line = note === undefined ? `${indent}${plan.op} ${detail(plan)}  → ${schemaToString(plan.schema)}` : `${note(plan)}${indent}${plan.op} ${detail(plan)}`;
  return [line, ...children(plan).map((c) => printPlan(c, `${indent}  `, note))].join("\n");
}
