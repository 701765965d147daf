/**
 * Attacker-controlled strings (display names, user agents, modified-property values, reply URLs)
 * holding HTML and script, Markdown links and images, spreadsheet formulas and terminal escape
 * sequences are inert in every output of the report: HTML, Markdown, text — and in the incident
 * list a terminal shows.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import MarkdownIt from "markdown-it";
import { incidentLines } from "../../src/cli/incident-text.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import { alertReport } from "../../src/report/report-model.js";
import { renderText } from "../../src/report/text.js";
import type { Alert, Incident } from "../../src/store/model.js";
import type { Investigation } from "../../src/triage/model.js";

const PAYLOADS = [
  `<img src=x onerror=alert(1)>`,
  `<script>alert(document.cookie)</script>`,
  `[click me](javascript:alert(1))`,
  `![pixel](https://evil.example/p.png)`,
  `=HYPERLINK("https://evil.example","x")`,
  `\u001b[2J\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007`,
  `\u001b]0;pwned\u0007`,
  `admin\u202egnp.exe`,
  `zero\u200bwidth`,
  `line\r\nbreak | pipe`,
];
const evil = PAYLOADS.join(" ");

const alert: Alert = {
  alertId: "0f0f0f0f-0000-5000-8000-000000000001",
  ruleId: "CRED-01",
  ruleName: `Rule ${evil}`,
  source: "local",
  severity: "High",
  displayName: `New credential on ${evil}`,
  description: evil,
  tactics: [],
  techniques: [],
  windowStartMs: 0,
  windowEndMs: 3_600_000,
  startTimeMs: 0,
  endTimeMs: 3_600_000,
  eventGrouping: "AlertPerResult",
  kind: "result",
  entities: [{ Type: "account", Name: evil }],
  customDetails: {},
  dynamicProperties: {},
  extendedProperties: { Query: "AuditLogs | take 1" },
  rows: [{ Initiator: evil, IPAddress: "203.0.113.9" }],
  resultCount: 1,
};

const inv: Investigation = {
  alert,
  ruleDescription: evil,
  family: "credential",
  initiator: { name: evil, id: "x", kind: "user" },
  targets: [{ name: evil, id: "y", kind: "application" }],
  events: [
    {
      timeMs: 1000,
      operationName: evil,
      initiatingUserOrApp: evil,
      initiatingIpAddress: "203.0.113.9",
      userAgent: evil,
      targetDisplayName: evil,
      targetId: evil,
      category: evil,
      result: "success",
      correlationId: "c",
    },
  ],
  activities: [
    {
      timeMs: 1000,
      operationName: evil,
      initiator: evil,
      initiatorId: "x",
      ipAddress: "203.0.113.9",
      target: evil,
      targetId: "y",
      category: "c",
      result: "success",
      changes: [{ what: "reply URL added", details: { url: evil } }],
      inAlert: true,
    },
  ],
  pim: [{ timeMs: 0, role: evil, justification: evil, minutesBefore: 3 }],
  roles: [{ timeMs: 0, kind: "app role", role: evil, resource: evil, given: true, grantedBy: evil }],
  ips: [{ address: "203.0.113.9", organisation: evil, country: evil, allowlisted: false, indicator: evil, roles: ["initiator"] }],
  signInsAfter: [{ timeMs: 2000, ipAddress: evil, resource: evil, resultType: "0", credentialKeyId: evil, newAddress: true }],
  initiatorSpree: { applications: 1, minutes: 0 },
  verdict: { label: "malicious", score: 5, reasons: [{ id: "indicator", weight: 4, text: `IP is on the indicator list: ${evil}` }] },
  actions: [{ title: `Disable ${evil}`, why: evil, commands: [{ tool: "KQL", text: "AuditLogs | take 1" }] }],
  queries: [{ name: "activity", file: "activity.kql", parameters: { InitiatorIds: [evil] }, rows: 1 }],
  problems: [evil],
  generatedMs: 0,
};

const incident: Incident = {
  incidentId: "i1",
  incidentNumber: 1,
  ruleId: "CRED-01",
  title: alert.displayName,
  description: evil,
  severity: "High",
  status: "New",
  owner: evil,
  createdMs: 0,
  firstActivityMs: 0,
  lastActivityMs: 0,
  lastModifiedMs: 0,
  alertCount: 1,
  tactics: [],
  techniques: [],
  entities: alert.entities,
  groupingKey: null,
};

/** Characters that must never reach a terminal or a viewer raw. */
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

test("HTML: every payload is text — no tag, no attribute, no link, no control character", () => {
  const html = renderHtml(alertReport(inv, incident));
  const body = html.slice(html.indexOf("<body>"));
  assert.doesNotMatch(body, /<(img|script|a|iframe|svg|object)\b/i, "no element from a payload");
  assert.doesNotMatch(body, /<[^>]*\s(on\w+|src|href)\s*=/i, "no attribute from a payload inside a tag");
  assert.ok(body.includes("&lt;script&gt;alert(document.cookie)&lt;/script&gt;"));
  assert.ok(body.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.doesNotMatch(html, RAW_CONTROL);
  assert.ok(body.includes("\\u202e"), "a bidi override shows as its escape");
});

test("Markdown: no link, image, HTML or table break can form; no control character", () => {
  const doc = alertReport(inv, incident);
  const md = renderMarkdown(doc);
  assert.doesNotMatch(md, RAW_CONTROL);
  // Read by a real CommonMark parser with GFM's tables, strikethrough and autolinks, as GitHub,
  // a wiki or a ticket system would render the report, and HTML allowed (the renderer's worst case).
  const tokens = new MarkdownIt({ html: true, linkify: true }).parse(md, {});
  const seen = new Map<string, number>();
  const walk = (ts: readonly { type: string; children: unknown[] | null }[]) => {
    for (const t of ts) {
      seen.set(t.type, (seen.get(t.type) ?? 0) + 1);
      if (t.children) walk(t.children as never);
    }
  };
  walk(tokens as never);
  for (const forbidden of ["link_open", "image", "html_inline", "html_block", "s_open", "strong_open", "code_inline", "code_block"])
    assert.equal(seen.get(forbidden), undefined, `no ${forbidden} forms from the data`);
  // The renderer's own: the subtitle in italics, and the code blocks of the model (queries, commands).
  assert.equal(seen.get("em_open"), 1, "emphasis only for the subtitle");
  assert.equal(seen.get("fence") ?? 0, doc.sections.flatMap((s) => s.blocks).filter((b) => b.kind === "code").length, "fences only for the model's code");
  // Every row of a table keeps its header's column count: a pipe in a value stays in its cell.
  let tables = 0;
  tokens.forEach((t, i) => {
    if (t.type !== "table_open") return;
    tables++;
    const width = (from: number) => {
      let n = 0;
      for (let j = from; tokens[j]!.type !== "tr_close"; j++) if (tokens[j]!.type === "th_open" || tokens[j]!.type === "td_open") n++;
      return n;
    };
    const header = width(i);
    for (let j = i + 1; tokens[j]!.type !== "table_close"; j++) if (tokens[j]!.type === "tr_open") assert.equal(width(j), header, "a row with its header's cells");
  });
  assert.ok(tables >= 2, "the report's tables were read as tables");
  assert.ok(md.includes("\\[click me\\](javascript:alert(1))"), "the payload is shown as text");
});

test("text for a terminal: escape sequences, bidi and zero-width characters are visible escapes", () => {
  const text = renderText(alertReport(inv, incident));
  assert.doesNotMatch(text, RAW_CONTROL);
  assert.ok(text.includes("\\u001b[2J"));
  assert.ok(text.includes("\\u202e"));
  assert.ok(text.includes("\\u200b"));
});

test("the incident queue on a terminal", () => {
  const lines = incidentLines([incident]).join("\n");
  assert.doesNotMatch(lines, RAW_CONTROL);
  assert.ok(lines.includes("\\u001b"));
});
