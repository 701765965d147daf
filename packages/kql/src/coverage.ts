/**
 * What widar's KQL engine implements, rendered as docs/kql-coverage.md: the function library's
 * registry (by family), the aggregates and window functions, the tabular operators and evaluate
 * plug-ins — each checked against the names Kusto.Language knows, so what is missing is listed
 * too. `scripts/gen-coverage.mjs` writes the file; a test checks it is current.
 */
import { builtinNames } from "./analyze/kusto-language.js";
import { aggregateFunctions, scalarFunctions, windowFunctionMap } from "./functions/registry.js";
import { EVALUATE_PLUGINS } from "./plan/lower-reshape.js";
import { PLANNER_FUNCTIONS } from "./plan/lower-scalar.js";
import { OFFLINE_SOURCES } from "./plan/lower-tabular.js";

/** Kusto's tabular operators and statements, and how widar runs each. */
const OPERATORS: readonly (readonly [string, "yes" | "no" | "offline", string])[] = [
  ["as", "yes", "the rows are computed once and can be referenced by name"],
  ["consume", "yes", ""],
  ["count", "yes", ""],
  ["datatable", "yes", ""],
  ["distinct", "yes", ""],
  ["evaluate", "yes", `plug-ins: ${EVALUATE_PLUGINS.join(", ")}`],
  ["extend", "yes", ""],
  ["externaldata", "yes", "reads the caller's local copy of each URL (csv, tsv, scsv, psv, txt, json, multijson); a URL with none is an empty table and a warning (WQ017)"],
  ["facet", "yes", "one result table per column, after the `with` table"],
  ["find", "yes", ""],
  ["fork", "yes", "one result table per branch"],
  ["getschema", "yes", ""],
  ["graph-match, make-graph, graph-to-table, graph-shortest-paths, graph-mark-components", "no", "graph semantics"],
  ["inline_external_table", "offline", "WQ006: widar reads no external storage"],
  ["invoke", "yes", ""],
  ["join", "yes", "all nine kinds; equality and $left/$right keys; hints accepted and ignored"],
  ["let, declare pattern, set, declare query_parameters", "yes", "statements"],
  ["lookup", "yes", ""],
  ["macro-expand", "no", ""],
  ["make-series", "yes", ""],
  ["mv-apply", "yes", "with_itemindex, kind=array, limits"],
  ["mv-expand", "yes", "with_itemindex, kind=array, limits"],
  ["order by / sort by", "yes", ""],
  ["parse", "yes", "kind=simple, regex (with flags), relaxed"],
  ["parse-kv", "yes", "delimiters, quotes, escape, greedy, regex"],
  ["parse-where", "yes", ""],
  ["partition", "yes", "`(subquery)` form"],
  ["print", "yes", ""],
  ["project, project-away, project-keep, project-rename, project-reorder, project-by-names", "yes", ""],
  ["range", "yes", ""],
  ["reduce", "yes", "SLCT clustering (see exec/operators/reduce.ts)"],
  ["render", "yes", "returns the table"],
  ["sample, sample-distinct", "yes", "random"],
  ["scan", "yes", ""],
  ["search", "yes", ""],
  ["serialize", "yes", "with window functions"],
  ["summarize", "yes", "aggregates, multi-column aggregates, expressions over aggregates"],
  ["take / limit", "yes", ""],
  ["top", "yes", ""],
  ["top-hitters", "yes", "exact counts"],
  ["top-nested", "yes", ""],
  ["union", "yes", "withsource, kind=inner/outer, isfuzzy, wildcards (`union Device*`, `union *`)"],
  ["where / filter", "yes", ""],
];

const code = (names: readonly string[]) => names.map((n) => `\`${n}\``).join(", ");

export function renderCoverage(): string {
  const builtin = builtinNames();
  const families = new Map<string, string[]>();
  for (const f of scalarFunctions.values()) {
    // Operators (`==`, `has`, …) and the planner's internal helpers are not functions of the language.
    if (f.family === "operator" || f.family === "logical" || f.family === "internal" || !/^[a-z_0-9]+$/.test(f.name)) continue;
    const list = families.get(f.family) ?? [];
    list.push(f.name);
    families.set(f.family, list);
  }
  families.set("tabular and row (planner)", [...PLANNER_FUNCTIONS, "table"]);
  const scalarNames = new Set([...scalarFunctions.keys(), ...PLANNER_FUNCTIONS, "table"]);
  const windowNames = [...windowFunctionMap.keys()].sort();
  const aggNames = [...aggregateFunctions.keys()].sort();
  const offline = builtin.functions.filter((n) => OFFLINE_SOURCES.has(n));
  const missingFns = builtin.functions.filter((n) => !scalarNames.has(n) && !windowFunctionMap.has(n) && !OFFLINE_SOURCES.has(n));
  const missingAggs = builtin.aggregates.filter((n) => !aggregateFunctions.has(n));
  const plugins = builtin.plugins.filter((p) => !(EVALUATE_PLUGINS as readonly string[]).includes(p));
  const implementedFns = builtin.functions.length - missingFns.length;
  const lines: string[] = [
    "# KQL coverage",
    "",
    "Generated from the engine's registries by `scripts/gen-coverage.mjs` (do not edit by hand; a",
    "test checks it is current). Names are checked against Kusto.Language's built-in lists. A",
    "function or operator widar does not implement is reported as `not supported: NAME` (WQ001) when",
    "the query is compiled; sources outside widar's reach as WQ006 (not available offline).",
    "",
    `- scalar functions: ${implementedFns} of ${builtin.functions.length} Kusto.Language functions`,
    `- aggregates: ${builtin.aggregates.length - missingAggs.length} of ${builtin.aggregates.length}`,
    `- window functions: ${windowNames.length}`,
    `- evaluate plug-ins: ${EVALUATE_PLUGINS.length} of ${builtin.plugins.length}`,
    "",
    "## Tabular operators",
    "",
    "| operator | supported | notes |",
    "| --- | --- | --- |",
    ...OPERATORS.map(([name, status, note]) => `| ${name} | ${status === "yes" ? "yes" : status === "offline" ? "not available offline" : "no"} | ${note} |`),
    "",
    "## Scalar functions by family",
    "",
    "| family | functions |",
    "| --- | --- |",
    ...[...families.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fam, names]) => `| ${fam} | ${code(names.sort())} |`),
    "",
    "## Aggregate functions",
    "",
    code(aggNames),
    "",
    "## Window functions",
    "",
    code(windowNames),
    "",
    "## Evaluate plug-ins",
    "",
    `Supported: ${code(EVALUATE_PLUGINS)}.`,
    "",
    `Not supported: ${code(plugins)}.`,
    "",
    "## Not supported",
    "",
    `Not available offline (WQ006): ${code(offline)}.`,
    "",
    `Scalar functions (${missingFns.length}): ${code(missingFns)}.`,
    "",
    `Aggregates (${missingAggs.length}): ${missingAggs.length === 0 ? "none" : code(missingAggs)}.`,
    "",
  ];
  return lines.join("\n");
}
