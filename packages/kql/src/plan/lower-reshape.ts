/**
 * Lowering of operators that reshape or sample the input: project-by-names, getschema, sample,
 * sample-distinct, consume, top-hitters, reduce, partition, evaluate (bag_unpack, pivot,
 * narrow), and the diagnostics for sources that need a network (externaldata and friends).
 */
import { type SyntaxNode, child, listItems, spanOf } from "../analyze/syntax.js";
import { engineError } from "../diagnostics.js";
import type { AggregateCall, Expr, Plan } from "./ir.js";
import { col, lit } from "./ir.js";
import { type LowerContext, schemaOf } from "./lower-context.js";
import { lowerExpr } from "./lower-scalar.js";
import { lowerMakeSeries, lowerTopNested } from "./lower-series.js";
import { aggregateCall } from "./lower-summarize.js";
import { lowerTabular } from "./lower-tabular.js";
import { nameOf, tokensText } from "./names.js";

/** Parameter names of the plug-ins, for named arguments. */
const PLUGIN_PARAMETERS: Record<string, readonly string[]> = {
  bag_unpack: ["column", "column_prefix", "columnsconflict", "ignoredproperties"],
};

/** Plug-ins widar runs (their output columns are known only when they run). */
export const EVALUATE_PLUGINS = ["bag_unpack", "pivot", "narrow", "ipv4_lookup"] as const;

/** Plug-ins that call out to another service: WQ006 (not available offline), not WQ001. */
export const REMOTE_PLUGINS: ReadonlySet<string> = new Set([
  "http_request",
  "http_request_post",
  "sql_request",
  "mysql_request",
  "postgresql_request",
  "cosmosdb_sql_request",
  "azure_digital_twins_query_request",
  "ai_chat_completion",
  "ai_chat_completion_prompt",
  "ai_embeddings",
  "execute_query",
  "execute_show_command",
]);

/** The diagnostic for a plug-in widar does not run, at its call (also with no input table). */
export function pluginNotRun(ctx: LowerContext, evaluateNode: SyntaxNode): Error {
  const callNode = child(evaluateNode, "FunctionCall") ?? evaluateNode;
  const plugin = (callNode.symbol?.name ?? nameOf(child(callNode, "Name"))).toLowerCase();
  if (REMOTE_PLUGINS.has(plugin)) return engineError("WQ006", [`evaluate ${plugin}`, "it calls another service"], spanOf(callNode));
  return ctx.unsupported(`evaluate ${plugin}`, callNode);
}

function namedParameters(list: SyntaxNode | null): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  for (const p of listItems(list))
    if (p.kind === "NamedParameter") out.set(nameOf(child(p, "Name")).toLowerCase(), child(p, "Expression")!);
  return out;
}

export function lowerReshape(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan | undefined {
  const schema = schemaOf(node);
  const span = spanOf(node);
  switch (node.kind) {
    case "ProjectByNamesOperator":
      // The analyser resolved the names and wildcards into the output schema.
      return { op: "project", schema, span, input, steps: [] };
    case "GetSchemaOperator":
      return { op: "getschema", schema, span, input };
    case "SampleOperator":
      return { op: "sample", schema, span, input, count: lowerExpr(ctx, child(node, "Expression")!) };
    case "SampleDistinctOperator":
      return {
        op: "sample",
        schema,
        span,
        input,
        count: lowerExpr(ctx, child(node, "Expression")!),
        distinctOf: lowerExpr(ctx, child(node, "OfExpression")!),
      };
    case "ConsumeOperator":
      return { op: "consume", schema, span, input };
    case "TopHittersOperator":
      return lowerTopHitters(ctx, node, input);
    case "ReduceByOperator":
      return lowerReduce(ctx, node, input);
    case "PartitionOperator":
      return lowerPartition(ctx, node, input);
    case "EvaluateOperator":
      return lowerEvaluate(ctx, node, input);
    case "MakeSeriesOperator":
      return lowerMakeSeries(ctx, node, input);
    case "TopNestedOperator":
      return lowerTopNested(ctx, node, input);
    default:
      return undefined;
  }
}

/** `top-hitters N of key [by weight]`: the N keys with the largest count (or sum of weight). */
function lowerTopHitters(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const schema = schemaOf(node);
  const [keyCol, aggCol] = [schema[0]!, schema[1]!];
  const by = child(node, "ByClause");
  const weight = by === null ? undefined : lowerExpr(ctx, child(by, "Expression")!);
  const aggregate: AggregateCall = {
    name: aggCol.name,
    fn: weight === undefined ? "count" : "sum",
    args: weight === undefined ? [] : [weight],
    type: aggCol.type,
  };
  const summarize: Plan = {
    op: "summarize",
    schema,
    input,
    by: [{ name: keyCol.name, expr: lowerExpr(ctx, child(node, "OfExpression")!) }],
    aggregates: [aggregate],
  };
  return {
    op: "top",
    schema,
    span: spanOf(node),
    input: summarize,
    count: lowerExpr(ctx, child(node, "Expression")!),
    keys: [{ expr: col(aggCol.name, aggCol.type), descending: true, nullsFirst: false }],
  };
}

function lowerReduce(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const params = namedParameters(child(node, "Parameters"));
  const withClause = child(node, "With");
  const options = namedParameters(withClause === null ? null : child(withClause, "Parameters"));
  const constant = (n: SyntaxNode | undefined): Expr | undefined => (n === undefined ? undefined : lowerExpr(ctx, n));
  const threshold = constant(options.get("threshold"));
  const characters = constant(options.get("characters"));
  return {
    op: "reduce",
    schema: schemaOf(node),
    span: spanOf(node),
    input,
    expr: lowerExpr(ctx, child(node, "Expression")!),
    threshold: threshold?.kind === "literal" && typeof threshold.value === "number" ? threshold.value : 0.1,
    characters: characters?.kind === "literal" && typeof characters.value === "string" ? characters.value : undefined,
    appendPattern: tokensText(params.get("kind") ?? null).toLowerCase() === "source",
  };
}

function lowerPartition(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const operand = child(node, "Operand")!;
  const sub = child(operand, "Subquery");
  if (operand.kind !== "PartitionSubquery" || sub === null) throw ctx.unsupported("partition without a (subquery)", operand);
  const inputId = ctx.freshId();
  ctx.inputs.push({ id: inputId, schema: input.schema });
  let subquery: Plan;
  try {
    subquery = lowerTabular(ctx, sub);
  } finally {
    ctx.inputs.pop();
  }
  return { op: "partition", schema: schemaOf(node), span: spanOf(node), input, key: lowerExpr(ctx, child(node, "ByExpression")!), inputId, subquery };
}

/**
 * `evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupRange [, ExtraKey…] [, return_unmatched = bool])`
 * (ipv4-lookup-plugin.md): a join on "the range holds the address" and the extra keys' equality.
 */
function lowerIpv4Lookup(ctx: LowerContext, node: SyntaxNode, callNode: SyntaxNode, input: Plan): Plan {
  const args = listItems(child(child(callNode, "ArgumentList")!, "Expressions"));
  let returnUnmatched = false;
  const positional: SyntaxNode[] = [];
  for (const a of args) {
    if (a.kind === "SimpleNamedExpression" && nameOf(child(a, "Name")).toLowerCase() === "return_unmatched") {
      const v = lowerExpr(ctx, child(a, "Expression")!);
      returnUnmatched = v.kind === "literal" && v.value === true;
    } else positional.push(a);
  }
  const [table, source, range, ...extra] = positional;
  if (table === undefined || source === undefined || range === undefined) throw ctx.unsupported("ipv4_lookup without its three arguments", callNode);
  const lookup = lowerTabular(ctx, table);
  return {
    op: "ipv4-lookup",
    schema: schemaOf(node),
    span: spanOf(node),
    input,
    lookup,
    sourceKey: nameOf(source),
    rangeKey: nameOf(range),
    extraKeys: extra.map((e) => nameOf(e)),
    returnUnmatched,
  };
}

function lowerEvaluate(ctx: LowerContext, node: SyntaxNode, input: Plan): Plan {
  const callNode = child(node, "FunctionCall")!;
  const plugin = (callNode.symbol?.name ?? nameOf(child(callNode, "Name"))).toLowerCase();
  if (plugin === "ipv4_lookup") return lowerIpv4Lookup(ctx, node, callNode, input);
  if (!(EVALUATE_PLUGINS as readonly string[]).includes(plugin)) throw pluginNotRun(ctx, node);
  let aggregate: AggregateCall | undefined;
  const args: Expr[] = [];
  const names = PLUGIN_PARAMETERS[plugin] ?? [];
  for (const a of listItems(child(child(callNode, "ArgumentList")!, "Expressions"))) {
    const e = a.kind === "SimpleNamedExpression" ? child(a, "Expression")! : a;
    if (e.symbol?.isAggregate === true) {
      aggregate = aggregateCall(ctx, e, [{ name: "value", type: e.type.kind === "scalar" ? e.type.type : "dynamic" }]);
      continue;
    }
    const value = e.kind === "StarExpression" ? lit("string", "*") : lowerExpr(ctx, e);
    // A named argument (`columnsConflict='keep_source'`) goes to its parameter's position.
    const at = a.kind === "SimpleNamedExpression" ? names.indexOf(nameOf(child(a, "Name")).toLowerCase()) : -1;
    if (at < 0) args.push(value);
    else {
      while (args.length < at) args.push(lit("string", ""));
      args[at] = value;
    }
  }
  return { op: "evaluate", schema: schemaOf(node), span: spanOf(node), input, plugin, args, aggregate };
}

/**
 * `externaldata (schema) [URL, …] with (format = …, ignoreFirstRecord = …)`: read from the caller's
 * local copies of the URLs at run time (exec/operators/external-data.ts). inline_external_table
 * reads blob storage by partitions: not available offline (WQ006).
 */
export function lowerExternalData(node: SyntaxNode): Plan {
  if (node.kind !== "ExternalDataExpression") throw engineError("WQ006", ["inline_external_table", "widar runs offline and reads no external storage"], spanOf(node));
  const urls = listItems(child(node, "URIs")).map((u) => (typeof u.literal === "string" ? u.literal : ""));
  const props = namedParameters(child(child(node, "WithClause") ?? node, "Properties"));
  const text = (key: string) => {
    const v = props.get(key.toLowerCase());
    return v === undefined ? undefined : typeof v.literal === "string" ? v.literal : tokensText(v);
  };
  return {
    op: "externaldata",
    schema: schemaOf(node),
    span: spanOf(node),
    urls,
    format: (text("format") ?? "csv").toLowerCase(),
    ignoreFirstRecord: (text("ignoreFirstRecord") ?? "false").toLowerCase() === "true",
  };
}
