/**
 * Sentinel analytic-rule YAML (as the Azure-Sentinel repository writes it) → Rule. A document
 * with a `query` and no schedule (no queryFrequency / queryPeriod) is a hunting query.
 *
 * widar's own keys, which Sentinel does not know and export leaves out (see docs/rules.md):
 *   simulatorScenario: the simulator scenario that exercises the rule
 *   severityLogic:     severity → when the rule raises it (the query's AlertSeverity ladder)
 *   notDetected:       what the rule does not catch
 *   benignTriggers:    what benign activity can still make it fire, and how a user silences it
 */
import type { Diagnostic } from "@widar/kql";
import { parseRuleDuration } from "./iso-duration.js";
import { ruleIdFromFile } from "./kql-rule-file.js";
import { type Rule, type RuleDoc, type RuleLoad, SEVERITIES } from "./rule.js";
import { SENTINEL_FIELDS } from "./sentinel-fields.js";
import { type YamlMap, type YamlNode, parseYaml, toPlain } from "./yaml/yaml-reader.js";

/** Keys widar reads that Sentinel does not have: kept out of every export. */
export const WIDAR_KEYS: readonly string[] = ["simulatorScenario", "severityLogic", "notDetected", "benignTriggers"];


/** WR014 for each top-level key that is neither a Sentinel field nor widar's, at the key. */
export function unknownFields(map: YamlMap, file: string): Diagnostic[] {
  const known = [...SENTINEL_FIELDS, ...WIDAR_KEYS];
  return map.entries
    .filter((e) => !known.includes(e.key))
    .map((e) => {
      const meant = known.find((k) => k.toLowerCase() === e.key.toLowerCase());
      const hint = meant === undefined ? "" : ` (did you mean '${meant}'?)`;
      return { code: "WR014", severity: "error", message: `'${e.key}' is not a Sentinel rule field${hint}`, file, line: e.line, column: e.column };
    });
}

const OPERATORS: Record<string, Rule["triggerOperator"]> = {
  gt: "gt",
  greaterthan: "gt",
  lt: "lt",
  lessthan: "lt",
  eq: "eq",
  equal: "eq",
  ne: "ne",
  notequal: "ne",
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringList(v: unknown): string[] | undefined {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

function severityLogic(v: unknown): RuleDoc["severityLogic"] | undefined {
  if (v === undefined || v === null) return [];
  if (typeof v !== "object" || Array.isArray(v)) return undefined;
  const out: { severity: string; when: string }[] = [];
  for (const [severity, when] of Object.entries(v as Record<string, unknown>)) {
    if (typeof when !== "string") return undefined;
    out.push({ severity, when: when.trim() });
  }
  return out;
}

export function parseSentinelRuleFile(text: string, file: string): RuleLoad {
  const parsed = parseYaml(text);
  if (parsed.error !== undefined)
    return { diagnostics: [{ code: parsed.error.code, severity: "error", message: `YAML: ${parsed.error.message}`, file, line: parsed.error.line, column: parsed.error.column }] };
  const root: YamlNode = parsed.node;
  if (root.kind !== "map") return { diagnostics: [{ code: "WR010", severity: "error", message: "a rule file must be a YAML mapping", file, line: 1 }] };
  const map: YamlMap = root;
  const doc = toPlain(map) as Record<string, unknown>;
  const fieldLines: Record<string, number> = {};
  for (const e of map.entries) fieldLines[e.key] = e.line;
  const diagnostics: Diagnostic[] = unknownFields(map, file);
  const problem = (key: string, message: string, code = "WR012") =>
    diagnostics.push({ code, severity: "error", message, file, line: fieldLines[key] ?? 1 });

  const queryEntry = map.entries.find((e) => e.key === "query");
  const queryNode = queryEntry?.value;
  if (queryNode === undefined || queryNode.kind !== "scalar" || typeof queryNode.value !== "string" || queryNode.value.trim() === "") {
    problem("query", "the rule has no 'query' (a string)", "WR011");
    return { diagnostics };
  }
  const hunting = doc.queryFrequency === undefined && doc.queryPeriod === undefined && doc.kind === undefined;
  const required = hunting ? ["name"] : ["id", "name", "description", "severity", "queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold", "tactics"];
  for (const k of required) if (doc[k] === undefined || doc[k] === null) problem(k, `the rule has no '${k}'`, "WR011");
  // Older rules of the Azure-Sentinel repository have none of these, and Sentinel deploys them.
  const warnings: Diagnostic[] = [];
  if (!hunting)
    for (const k of ["relevantTechniques", "version", "kind"])
      if (doc[k] === undefined || doc[k] === null) warnings.push({ code: "WR013", severity: "warning", message: `the rule has no '${k}' (Sentinel accepts it; add it for the content hub)`, file, line: 1 });

  const str = (k: string): string | undefined => {
    const v = doc[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") problem(k, `'${k}' must be a string`);
    return typeof v === "string" ? v : undefined;
  };
  const sentinelId = str("id");
  if (sentinelId !== undefined && !GUID.test(sentinelId)) problem("id", `'id' must be a GUID, not '${sentinelId}'`);
  const title = str("name") ?? ruleIdFromFile(file);
  const severityText = hunting ? (str("severity") ?? "Informational") : str("severity");
  const severity = SEVERITIES.find((s) => s.toLowerCase() === severityText?.toLowerCase());
  if (severityText !== undefined && severity === undefined) problem("severity", `unknown severity '${severityText}' (Informational, Low, Medium or High)`);
  const kind = str("kind");
  if (!hunting && kind !== undefined && kind !== "Scheduled") problem("kind", `only 'Scheduled' rules are supported, not '${kind}'`);

  let freqMs = 0;
  let periodMs = 0;
  if (!hunting) {
    for (const k of ["queryFrequency", "queryPeriod"] as const) {
      const v = doc[k];
      const ms = typeof v === "string" ? parseRuleDuration(v) : undefined;
      if (v !== undefined && ms === undefined) problem(k, `'${k}' must be a duration like 1h, 30m, 14d or PT1H`);
      // NaN: unknown (a draft's only; lints skip it).
      if (k === "queryFrequency") freqMs = ms ?? Number.NaN;
      else periodMs = ms ?? Number.NaN;
    }
  }
  const opText = str("triggerOperator") ?? "gt";
  const op = OPERATORS[opText.toLowerCase()];
  if (op === undefined) problem("triggerOperator", `unknown triggerOperator '${opText}' (gt, lt, eq, ne)`);
  const threshold = doc.triggerThreshold ?? 0;
  if (typeof threshold !== "number" || !Number.isInteger(threshold)) problem("triggerThreshold", "'triggerThreshold' must be an integer");

  const tactics = stringList(doc.tactics);
  if (tactics === undefined) problem("tactics", "'tactics' must be a list of strings");
  const techniques = stringList(doc.relevantTechniques);
  if (techniques === undefined) problem("relevantTechniques", "'relevantTechniques' must be a list of strings");
  const tables: string[] = [];
  const connectors = doc.requiredDataConnectors;
  if (connectors !== undefined && connectors !== null) {
    if (!Array.isArray(connectors)) problem("requiredDataConnectors", "'requiredDataConnectors' must be a list");
    else
      for (const c of connectors) {
        const types = stringList((c as Record<string, unknown> | null)?.dataTypes);
        if (types === undefined) problem("requiredDataConnectors", "each data connector's 'dataTypes' must be a list of strings");
        else for (const t of types) if (!tables.includes(t)) tables.push(t);
      }
  }
  const logic = severityLogic(doc.severityLogic);
  if (logic === undefined) problem("severityLogic", "'severityLogic' must map each severity to a description");
  const scenario = doc.simulatorScenario;
  if (scenario !== undefined && typeof scenario !== "string") problem("simulatorScenario", "'simulatorScenario' must be a string");
  const notDetected = doc.notDetected;
  if (notDetected !== undefined && typeof notDetected !== "string") problem("notDetected", "'notDetected' must be a string");
  const benignTriggers = doc.benignTriggers;
  if (benignTriggers !== undefined && typeof benignTriggers !== "string") problem("benignTriggers", "'benignTriggers' must be a string");
  const sentinel: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!WIDAR_KEYS.includes(k)) sentinel[k] = v;
  const description = typeof doc.description === "string" ? doc.description : undefined;
  const rule: Rule = {
    id: ruleIdFromFile(file),
    title,
    severity: severity ?? "Informational",
    tactics: tactics ?? [],
    techniques: techniques ?? [],
    queryFrequencyMs: freqMs,
    queryPeriodMs: periodMs,
    triggerOperator: op ?? "gt",
    triggerThreshold: typeof threshold === "number" ? threshold : 0,
    tables,
    query: queryNode.value,
    file,
    queryOffset: -1,
    kind: hunting ? "hunting" : "scheduled",
    format: "sentinel-yaml",
    queryLine: queryNode.contentLine ?? queryNode.line,
    queryIndent: queryNode.contentIndent ?? queryNode.column - 1,
    ...(sentinelId === undefined ? {} : { sentinelId }),
    ...(description === undefined ? {} : { description }),
    doc: {
      severityLogic: logic ?? [],
      ...(typeof scenario === "string" ? { simulatorScenario: scenario } : {}),
      ...(typeof notDetected === "string" ? { notDetected: notDetected.trim() } : {}),
      ...(typeof benignTriggers === "string" ? { benignTriggers: benignTriggers.trim() } : {}),
    },
    sentinel,
    fieldLines,
  };
  return diagnostics.length > 0 ? { draft: rule, diagnostics: [...diagnostics, ...warnings] } : { rule, diagnostics: warnings };
}
