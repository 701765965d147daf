/**
 * docs/rules.md, generated from the rule files (`widar rules doc --out docs/rules.md`, or
 * `node scripts/gen-rules-doc.mjs`): a summary table, then per rule its id, title, tables,
 * schedule, MITRE ATT&CK mapping, severity logic, what it catches and what it does not, and the
 * simulator scenario that exercises it. Output depends only on the rule files (a test checks the
 * checked-in file equals a fresh generation).
 */
import { basename } from "node:path";
import { formatRuleDuration } from "../iso-duration.js";
import type { Rule } from "../rule.js";

const OPERATOR_TEXT = { gt: "more than", lt: "fewer than", eq: "exactly", ne: "other than" } as const;

function schedule(rule: Rule): string {
  if (rule.kind === "hunting") return "hunting query (no schedule)";
  if (rule.kind === "query") return "plain query (no schedule)";
  return `every ${formatRuleDuration(rule.queryFrequencyMs)}, over the last ${formatRuleDuration(rule.queryPeriodMs)}`;
}

function watchlists(rule: Rule): string[] {
  return [...new Set([...rule.query.matchAll(/_GetWatchlist\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]!))].sort();
}

/** Markdown table cells cannot hold pipes or line breaks. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ").trim();
}

function paragraph(s: string | undefined): string {
  return (s ?? "").trim().replace(/\s*\n\s*/g, " ");
}

function order(a: Rule, b: Rule): number {
  const key = (r: Rule) => {
    const m = /^([A-Z]+)-(\d+)([A-Z]?)$/.exec(r.id);
    return m === null ? [r.id, 0, ""] : [m[1]!, Number(m[2]), m[3]!];
  };
  const [pa, na, sa] = key(a);
  const [pb, nb, sb] = key(b);
  // RULE-* first, then CRED-*; by number; the variant after the original.
  if (pa !== pb) return pa === "RULE" ? -1 : pb === "RULE" ? 1 : String(pa).localeCompare(String(pb));
  return Number(na) - Number(nb) || String(sa).localeCompare(String(sb));
}

const INTRO = `# The workload-identity rule pack

Generated from the rule files in \`rules/\` by \`widar rules doc --out docs/rules.md\` (or
\`node scripts/gen-rules-doc.mjs\` after a build); do not edit by hand.

Every rule is one file: Sentinel analytic-rule YAML as the Azure-Sentinel repository writes it, a
hunting-query YAML (no schedule), or — for the two seeds, kept verbatim — a \`.kql\` file whose \`//\`
header names Rule, Severity, Tactics, MITRE, Freq/Period and Tables, with a \`.widar.yaml\` sidecar
holding the Sentinel fields the header cannot (entity mappings, custom details, id). Four keys are
widar's own and are left out of every export: \`simulatorScenario\` (the simulator scenario that
exercises the rule), \`severityLogic\` (the rule's severity ladder, below), \`notDetected\` and
\`benignTriggers\` (what benign activity can still make the rule fire, and how to silence it).

The severity ladder is in each query: an \`AlertSeverity\` column that \`alertDetailsOverride.alertSeverityColumnName\`
hands to Sentinel, so one rule raises High, Medium or Low alerts as the evidence warrants. Rules that
involve an IP drop activity from the \`NetworkAllowlist\` watchlist (column \`IPOrRange\`: IPv4 or IPv6
addresses, CIDR blocks and \`first-last\` ranges such as \`79.200.14.0-79.200.14.63\` or
\`2603:1030:20e:3::100-2603:1030:20e:3::1ff\`). The two verbatim seeds test the list with IPv4
functions only, so IPv6 entries never match for them (\`widar validate\` says so: WR112); every other
rule carries the same dual-stack block. Rules that judge who changed the directory also drop the
identities on the \`AutomationIdentities\` watchlist (column \`IdentityId\`: the object id of a service
principal or user — not a display name, which anyone who registers an app can choose; column
\`Operations\`: the OperationNames it is known for, separated by \`;\`, empty for any): a deployment
pipeline, a rotation service. Fill it like the allowlist; each rule below says when it helps. Without
it, the rules that see credential changes by service principals still leave an automation's routine
alone (the same target in its 14-day history, an app it owns, apps it creates as it does every day),
and Azure's own certificate rollover of managed identities. Two inventory watchlists carry what logs cannot:
\`WorkloadIdentityInventory\` (privileged service principals and their owners) and
\`AppCredentialInventory\` (credential lifetimes), both exported from Microsoft Graph.

Fixtures: \`rules/fixtures/<ID>/<case>/\` (\`case.json\` with \`now\` and the expected alerts, one NDJSON
file per table, watchlist CSVs), run by \`widar rules test\`. \`widar validate rules/\` binds, lowers and
runs every rule and lints it; \`widar export sentinel --out DIR\` writes ARM templates and Sentinel YAML.
`;

export function renderRulesDoc(rules: readonly Rule[]): string {
  const sorted = [...rules].sort(order);
  const lines: string[] = [INTRO, "## Summary", "", "| id | title | severity | schedule | MITRE | simulator scenario |", "| --- | --- | --- | --- | --- | --- |"];
  for (const r of sorted)
    lines.push(
      `| [${r.id}](#${r.id.toLowerCase()}) | ${cell(r.title)} | ${r.severity} | ${cell(schedule(r))} | ${cell(r.techniques.join(", "))} | ${r.doc.simulatorScenario === undefined ? "" : `\`${r.doc.simulatorScenario}\``} |`,
    );
  lines.push("");
  for (const r of sorted) {
    lines.push(`## ${r.id}`, "", `**${r.title}** — \`rules/${basename(r.file)}\``, "");
    lines.push(`- **Tables**: ${r.tables.length > 0 ? r.tables.map((t) => `\`${t}\``).join(", ") : "(none declared)"}`);
    const wl = watchlists(r);
    if (wl.length > 0) lines.push(`- **Watchlists**: ${wl.map((w) => `\`${w}\``).join(", ")}`);
    lines.push(`- **Schedule**: ${schedule(r)}${r.kind === "scheduled" ? `; alerts when the query returns ${OPERATOR_TEXT[r.triggerOperator]} ${r.triggerThreshold} rows` : ""}`);
    lines.push(`- **MITRE ATT&CK**: ${r.tactics.join(", ") || "—"}; ${r.techniques.join(", ") || "—"}`);
    if (r.kind === "scheduled") lines.push(`- **Severity**: ${r.severity} by default${r.doc.severityLogic.length > 0 ? "; per alert:" : ""}`);
    else lines.push(`- **Severity**: ranked per result${r.doc.severityLogic.length > 0 ? ":" : ""}`);
    for (const s of r.doc.severityLogic) lines.push(`  - ${s.severity}: ${paragraph(s.when)}`);
    if (r.doc.simulatorScenario !== undefined) lines.push(`- **Simulator scenario**: \`${r.doc.simulatorScenario}\``);
    lines.push("", `**Catches.** ${paragraph(r.description ?? r.title)}`, "");
    if (r.doc.notDetected !== undefined) lines.push(`**Does not catch.** ${paragraph(r.doc.notDetected)}`, "");
    if (r.doc.benignTriggers !== undefined) lines.push(`**Benign activity that can still fire it, and how to silence it.** ${paragraph(r.doc.benignTriggers)}`, "");
  }
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
