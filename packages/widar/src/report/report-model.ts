/**
 * The analyst's report as a document model, rendered to Markdown and to one self-contained HTML
 * file (markdown.ts, html.ts) from the same blocks. Its sections follow the seed investigation,
 * in its order: Investigation Findings, Event query, the narrative, the steps implemented (the
 * activity list), the IP assessment, the assessment (verdict), Recommended Actions/Next Steps,
 * Resolution, Additional Notes — with the privilege context and the sign-ins after
 * the change where the seed's analyst wrote them in prose.
 *
 * Blocks carry plain text; every renderer escapes it for its medium (log values are
 * attacker-controlled), so nothing here is markup.
 */
import type { Incident } from "../store/model.js";
import type { Activity, Investigation, IpFacts } from "../triage/model.js";

export type Block =
  | { readonly kind: "paragraph"; readonly text: string }
  | { readonly kind: "table"; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
  | { readonly kind: "list"; readonly items: readonly string[] }
  | { readonly kind: "code"; readonly language: string; readonly text: string }
  | { readonly kind: "subheading"; readonly text: string };

export interface Section {
  readonly heading: string;
  readonly blocks: readonly Block[];
}

export interface ReportDocument {
  readonly title: string;
  readonly subtitle: string;
  readonly sections: readonly Section[];
}

/** A paragraph: its line breaks (a YAML description's) become spaces. */
const p = (text: string): Block => ({ kind: "paragraph", text: text.replace(/\s*\n\s*/g, " ").trim() });
const utc = (ms: number): string => `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)}`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function describeChange(a: Activity): string {
  return a.changes
    .map((c) => {
      const d = Object.entries(c.details)
        .filter(([, v]) => v !== "")
        .map(([k, v]) => `${k}: ${v}`)
        .join(", ");
      return d === "" ? c.what : `${c.what} (${d})`;
    })
    .join("; ");
}

function ipSentence(ip: IpFacts, who: string): string {
  const network =
    ip.organisation === undefined && ip.asn === undefined
      ? "a network widar's IP data does not know"
      : `${ip.organisation ?? "an unnamed network"}${ip.asn === undefined ? "" : ` (AS${ip.asn})`}${ip.networkKind === undefined ? "" : `, ${ip.networkKind === "isp" ? "an ISP" : `a ${ip.networkKind} provider`}`}`;
  const where = ip.country === undefined ? "" : ` located in ${ip.country}`;
  const parts = [`The IP address ${ip.address} used by ${who} is connected to ${network}${where}.`];
  if (ip.allowlisted) parts.push("It is on the NetworkAllowlist.");
  if (ip.indicator !== undefined) parts.push(`It is on the indicator list: ${ip.indicator}.`);
  if (ip.firstSeenByIdentityMs !== undefined) parts.push(`${who} has used it since ${utc(ip.firstSeenByIdentityMs)} UTC.`);
  else if (ip.firstSeenInTenantMs !== undefined) parts.push(`${who} had not used it before; others in the tenant have, since ${utc(ip.firstSeenInTenantMs)} UTC.`);
  else parts.push("Nobody in the tenant had used it before in the loaded logs.");
  parts.push(
    ip.reputation === undefined
      ? "Its abuse reputation was not checked online (no AbuseIPDB key configured)."
      : ip.reputation.reports === 0
        ? "It has not been reported for abuse (AbuseIPDB)."
        : `It has been reported for abuse ${plural(ip.reputation.reports, "time")} (AbuseIPDB confidence ${ip.reputation.score}%).`,
  );
  return parts.join(" ");
}

function narrative(inv: Investigation): string {
  const who = inv.initiator?.name ?? "the initiator";
  const target = inv.targets[0]?.name ?? inv.events[0]?.targetDisplayName ?? "the target";
  const first = inv.events[0];
  if (first === undefined) {
    const span = `${utc(inv.alert.startTimeMs)} and ${utc(inv.alert.endTimeMs)} UTC`;
    return `I reviewed the logs for ${target}. Between ${span}, the rule found: ${inv.alert.displayName}.`;
  }
  const pim = [...inv.pim].sort((a, b) => a.minutesBefore - b.minutesBefore)[0];
  const when = `On ${utc(first.timeMs)} UTC`;
  const what = first.operationName.trim();
  const from = first.initiatingIpAddress === "" ? "" : ` from ${first.initiatingIpAddress}`;
  const elevation =
    pim === undefined
      ? `${who} made the change "${what}"${from} on the target application ${target}, with no PIM elevation in the 8 hours before`
      : `${who} elevated their privileges (PIM) to ${pim.role}${pim.justification === undefined ? "" : ` ("${pim.justification}")`} ${Math.round(pim.minutesBefore)} minutes before, then made the change "${what}"${from} on the target application ${target}`;
  return `I reviewed audit logs for ${who}. ${when}, ${elevation}.`;
}

function conclusion(inv: Investigation): string {
  switch (inv.verdict.label) {
    case "benign":
      return "This appears to be expected activity. I observed no suspicious activity.";
    case "malicious":
      return "This appears to be malicious activity: the evidence above points to someone other than the expected owner using or arming this identity.";
    default:
      return "This is suspicious activity that needs an analyst's review: the evidence above does not settle whether it was expected.";
  }
}

/** One alert's investigation as the seed's sections. */
export function alertSections(inv: Investigation): Section[] {
  const a = inv.alert;
  const who = inv.initiator?.name ?? "the initiator";
  const sections: Section[] = [
    {
      heading: "Investigation Findings",
      blocks: [p(inv.ruleDescription), p(`Alert: ${a.displayName} (rule ${a.ruleId}, severity ${a.severity}, window ${utc(a.windowStartMs)} – ${utc(a.windowEndMs)} UTC).`)],
    },
    {
      heading: "Event query",
      blocks:
        inv.events.length === 0
          ? [p("The alert's rows name no directory change (it is about sign-ins or risk); its result rows are listed under Additional Notes.")]
          : [
              {
                kind: "table",
                columns: ["TimeGenerated [UTC]", "OperationName", "InitiatingUserOrApp", "InitiatingIpAddress", "UserAgent", "targetDisplayName", "targetId", "Category"],
                rows: inv.events.map((e) => [utc(e.timeMs), e.operationName, e.initiatingUserOrApp, e.initiatingIpAddress, e.userAgent, e.targetDisplayName, e.targetId, e.category]),
              },
            ],
    },
    { heading: "Review", blocks: [p(narrative(inv))] },
  ];
  const steps = inv.activities;
  sections.push({
    heading: "The following steps were implemented",
    blocks:
      steps.length === 0
        ? [p("No other directory operation by the initiator or on the targets in the 24 hours around the alert.")]
        : [
            {
              kind: "table",
              columns: ["Time [UTC]", "Activity Type", "Initiator", "Target", "What changed"],
              rows: steps.map((s) => [utc(s.timeMs), `${s.operationName.trim()}${s.inAlert ? " (this alert)" : ""}`, s.initiator, s.target, describeChange(s)]),
            },
          ],
  });
  const privilege: Block[] = [];
  if (inv.pim.length > 0)
    privilege.push({
      kind: "list",
      items: inv.pim.map((x) => `${utc(x.timeMs)} UTC: ${who} activated ${x.role} through PIM (${Math.round(x.minutesBefore)} min before the change)${x.justification === undefined ? "" : `; justification: "${x.justification}"`}`),
    });
  else privilege.push(p(`${who} activated no role through PIM in the 8 hours before the change.`));
  if (inv.roles.length > 0)
    privilege.push({
      kind: "table",
      columns: ["Time [UTC]", "Kind", "Role", "Resource", "Held or given", "Granted by"],
      rows: inv.roles.map((r) => [utc(r.timeMs), r.kind, r.role, r.resource, r.given ? "given in the window" : "held before", r.grantedBy]),
    });
  sections.push({ heading: "Privilege context", blocks: privilege });
  const initiatorIps = inv.ips.filter((i) => i.roles.includes("initiator"));
  const otherIps = inv.ips.filter((i) => !i.roles.includes("initiator"));
  sections.push({
    heading: "IP assessment",
    blocks: [
      ...(initiatorIps.length === 0 ? [p("The initiator's records carry no IP address (a service principal's changes do not).")] : initiatorIps.map((i) => p(ipSentence(i, who)))),
      ...(otherIps.length === 0
        ? []
        : [
            {
              kind: "table" as const,
              columns: ["Address", "Seen as", "Network", "Country", "Kind", "Allowlisted", "First seen in the tenant"],
              rows: otherIps.map((i) => [
                i.address,
                i.roles.join(", "),
                `${i.organisation ?? ""}${i.asn === undefined ? "" : ` (AS${i.asn})`}`,
                i.country ?? "",
                i.networkKind ?? "",
                i.allowlisted ? "yes" : "no",
                i.firstSeenInTenantMs === undefined ? "never before" : `${utc(i.firstSeenInTenantMs)} UTC`,
              ]),
            },
          ]),
    ],
  });
  sections.push({
    heading: "Sign-ins after the change",
    blocks:
      inv.signInsAfter.length === 0
        ? [p("The target applications did not sign in after the change in the loaded logs.")]
        : [
            {
              kind: "table",
              columns: ["Time [UTC]", "Address", "Resource", "Result", "Credential key id", "New address"],
              rows: inv.signInsAfter.slice(0, 50).map((s) => [utc(s.timeMs), s.ipAddress, s.resource, s.resultType === "0" ? "success" : s.resultType, s.credentialKeyId, s.newAddress ? "yes" : "no"]),
            },
            ...(inv.signInsAfter.length > 50 ? [p(`… and ${inv.signInsAfter.length - 50} more sign-ins.`)] : []),
          ],
  });
  sections.push({
    heading: "Assessment",
    blocks: [
      p(`Suggested verdict: ${inv.verdict.label} (score ${inv.verdict.score}; benign at −2 or less, malicious at 3 or more). The reasons, with their weights:`),
      { kind: "list", items: inv.verdict.reasons.length === 0 ? ["no rule of the verdict table applies"] : inv.verdict.reasons.map((r) => `${r.weight > 0 ? "+" : ""}${r.weight}  ${r.text} [${r.id}]`) },
      p(conclusion(inv)),
    ],
  });
  const actionBlocks: Block[] = [];
  for (const act of inv.actions) {
    actionBlocks.push({ kind: "subheading", text: act.title }, p(act.why));
    for (const c of act.commands) actionBlocks.push({ kind: "code", language: c.tool === "KQL" ? "kql" : c.tool === "Azure CLI" ? "sh" : "powershell", text: c.text });
  }
  sections.push({ heading: "Recommended Actions/Next Steps", blocks: actionBlocks });
  return sections;
}

function resolution(inv: Investigation, incident: Incident | undefined): Block[] {
  if (incident?.status === "Closed")
    return [
      p(
        `Closed as ${incident.classification ?? "unclassified"}${incident.classificationReason === undefined ? "" : ` / ${incident.classificationReason}`}${incident.owner === undefined ? "" : ` by ${incident.owner}`}${incident.classificationComment === undefined ? "" : `: ${incident.classificationComment}`}`,
      ),
    ];
  if (inv.verdict.label === "benign") return [p("No further actions are required for containment."), p("The analyst's decision is pending: close the incident as BenignPositive if you agree.")];
  return [p("Containment per the recommended actions above; the incident stays open until they are done and an analyst has classified it.")];
}

function queryNotes(inv: Investigation): Block[] {
  return [
    { kind: "subheading", text: `Query Details: ${inv.alert.ruleName}` },
    { kind: "code", language: "kql", text: inv.alert.extendedProperties.Query ?? "" },
    p(`The rule's result rows (${inv.alert.rows.length} of ${inv.alert.resultCount}):`),
    {
      kind: "table",
      columns: Object.keys(inv.alert.rows[0] ?? {}).slice(0, 12),
      rows: inv.alert.rows.slice(0, 20).map((r) =>
        Object.keys(inv.alert.rows[0] ?? {})
          .slice(0, 12)
          .map((k) => {
            const v = r[k];
            return v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
          }),
      ),
    },
    p("Investigation queries (triage/queries/*.kql, run with these parameters):"),
    { kind: "list", items: inv.queries.map((q) => `${q.name}.kql: ${q.rows} rows; ${Object.entries(q.parameters).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(", ")}`) },
    ...(inv.problems.length === 0 ? [] : [p("Problems met (those parts of the investigation are incomplete):"), { kind: "list" as const, items: inv.problems }]),
  ];
}

/** The report of one alert (and of the incident it belongs to, for its resolution). */
export function alertReport(inv: Investigation, incident?: Incident): ReportDocument {
  return {
    title: inv.alert.ruleName,
    subtitle: `${inv.alert.displayName} — alert ${inv.alert.alertId}${incident === undefined ? "" : `, incident #${incident.incidentNumber}`}`,
    sections: [
      ...alertSections(inv),
      { heading: "Resolution", blocks: resolution(inv, incident) },
      { heading: "Additional Notes", blocks: queryNotes(inv) },
    ],
  };
}

/** The report of an incident: its summary, then each alert's investigation. */
export function incidentReport(incident: Incident, investigations: readonly Investigation[]): ReportDocument {
  const summary: Section = {
    heading: "Incident",
    blocks: [
      p(`${incident.title}`),
      p(
        `Incident #${incident.incidentNumber} (${incident.incidentId}): severity ${incident.severity}, status ${incident.status}${incident.owner === undefined ? "" : `, owner ${incident.owner}`}; ${plural(incident.alertCount, "alert")} from ${utc(incident.firstActivityMs)} to ${utc(incident.lastActivityMs)} UTC; rule ${incident.ruleId}.`,
      ),
      { kind: "list", items: investigations.map((i) => `${i.alert.displayName}: suggested verdict ${i.verdict.label} (score ${i.verdict.score})`) },
    ],
  };
  const parts: Section[] = [summary];
  investigations.forEach((inv, i) => {
    const prefix = investigations.length > 1 ? `Alert ${i + 1}: ` : "";
    for (const s of alertSections(inv)) parts.push({ heading: `${prefix}${s.heading}`, blocks: s.blocks });
  });
  const first = investigations[0];
  if (first !== undefined) {
    parts.push({ heading: "Resolution", blocks: resolution(first, incident) });
    parts.push({ heading: "Additional Notes", blocks: queryNotes(first) });
  }
  return { title: first?.alert.ruleName ?? incident.title, subtitle: `Incident #${incident.incidentNumber}: ${incident.title}`, sections: parts };
}
