/**
 * The seed investigation reproduced: a fixture tenant with the seed's story (an owner added, the
 * service principal added and updated, a PIM elevation to update the application's certificates
 * and secrets, the credential added from the office ISP) yields a report whose sections and facts
 * match the seed's text, section by section; the Markdown is a golden file.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { reportFor } from "../../src/report/report-for.js";
import { renderHtml } from "../../src/report/html.js";
import { renderMarkdown } from "../../src/report/markdown.js";
import type { ReportDocument } from "../../src/report/report-model.js";
import { SHARED } from "../support/paths.js";
import { assertGolden, HERE, triagedStore } from "./support.js";

const SEED = readFileSync(join(SHARED, "seeds", "investigation-credential-added.txt"), "utf8");

let t: Awaited<ReturnType<typeof triagedStore>>;
let doc: ReportDocument;
before(async () => {
  // The seed's alert comes from Sentinel's built-in rule, which alerts on every such change (the
  // pack's CRED-01 no longer raises this benign pattern at all).
  t = await triagedStore(join(HERE, "fixtures", "seed-story"), [join(HERE, "fixtures", "seed-story-rule", "NEW-CREDENTIAL.yaml")]);
  const d = reportFor(t.store, "1");
  assert.ok(typeof d !== "string", String(d));
  doc = d;
});
after(() => t.done());

const section = (heading: string) => doc.sections.find((s) => s.heading === heading)!;
const texts = (heading: string) =>
  section(heading)
    .blocks.map((b) => (b.kind === "paragraph" || b.kind === "subheading" ? b.text : b.kind === "list" ? b.items.join("\n") : b.kind === "table" ? b.rows.map((r) => r.join(" | ")).join("\n") : b.text))
    .join("\n");

describe("the seed investigation, reproduced", () => {
  test("the seed's sections, in the seed's order", () => {
    const seedOrder = ["Investigation Findings", "Event query", "The following steps were implemented", "Recommended Actions/Next Steps", "Resolution", "Additional Notes"];
    for (const h of seedOrder) assert.ok(SEED.includes(h), `the seed has ${h}`);
    const headings = doc.sections.map((s) => s.heading);
    const positions = seedOrder.map((h) => headings.indexOf(h));
    assert.ok(positions.every((p) => p >= 0), JSON.stringify(headings));
    assert.deepEqual([...positions].sort((a, b) => a - b), positions);
    // The narrative ("I reviewed audit logs for …"), the IP assessment and the verdict sit where the seed writes them.
    assert.ok(headings.indexOf("Review") > headings.indexOf("Event query") && headings.indexOf("Review") < headings.indexOf("The following steps were implemented"));
    assert.ok(headings.indexOf("IP assessment") > headings.indexOf("The following steps were implemented"));
    assert.ok(headings.indexOf("Assessment") < headings.indexOf("Recommended Actions/Next Steps"));
  });

  test("Investigation Findings: what the alert means, as the seed says it", () => {
    assert.match(texts("Investigation Findings"), /where a verify KeyCredential was already present for the app/);
    assert.match(texts("Investigation Findings"), /RFC 6749 Section 4\.4/);
  });

  test("Event query: the seed's columns, the credential change", () => {
    const table = section("Event query").blocks.find((b) => b.kind === "table")!;
    assert.ok(table.kind === "table");
    assert.deepEqual(table.columns, ["TimeGenerated [UTC]", "OperationName", "InitiatingUserOrApp", "InitiatingIpAddress", "UserAgent", "targetDisplayName", "targetId", "Category"]);
    assert.deepEqual(table.rows[0]!.slice(1, 4), ["Update application – Certificates and secrets management ", "mira.kovacs@fabrikam.example", "91.0.12.34"]);
  });

  test("the narrative: who elevated through PIM to what, on which application", () => {
    assert.match(
      texts("Review"),
      /^I reviewed audit logs for mira\.kovacs@fabrikam\.example\. On 2026-11-20 08:55:00 UTC, mira\.kovacs@fabrikam\.example elevated their privileges \(PIM\) to Application Administrator .*on the target application SharepointAPI-Test\.$/,
    );
  });

  test("the steps implemented: the seed's activity types, in its order", () => {
    const seedSteps = [...SEED.matchAll(/^Activity Type\t(.+?)\s*$/gm)].map((m) => m[1]!.trim());
    assert.equal(seedSteps.length, 9);
    const table = section("The following steps were implemented").blocks.find((b) => b.kind === "table")!;
    assert.ok(table.kind === "table");
    const steps = table.rows.map((r) => r[1]!.replace(" (this alert)", "").trim()).filter((s) => !s.includes("PIM activation"));
    assert.deepEqual(steps, seedSteps);
  });

  test("the IP assessment: the office ISP, where it is, and its reputation", () => {
    assert.match(texts("IP assessment"), /^The IP address 91\.0\.12\.34 used by mira\.kovacs@fabrikam\.example is connected to .*an ISP located in Germany\./);
    assert.match(texts("IP assessment"), /abuse reputation was not checked online|has not been reported for abuse/);
  });

  test("the assessment, the actions and the resolution: expected activity, no action", () => {
    assert.match(texts("Assessment"), /Suggested verdict: benign/);
    assert.match(texts("Assessment"), /This appears to be expected activity\. I observed no suspicious activity\./);
    assert.match(texts("Recommended Actions/Next Steps"), /No action/);
    assert.match(texts("Resolution"), /^No further actions are required for containment\./);
  });

  test("golden Markdown; HTML self-contained", () => {
    // The rule's query is the rule file's, verbatim; the golden file holds the rest of the report
    // (a change of the rule is not a change of the report).
    const query = section("Additional Notes").blocks.find((b) => b.kind === "code")!;
    assert.ok(query.kind === "code");
    const rule = readFileSync(join(HERE, "fixtures", "seed-story-rule", "NEW-CREDENTIAL.yaml"), "utf8");
    assert.ok(rule.includes(query.text.split("\n").slice(0, 3).join("\n  ")), "the query as the rule file has it");
    assertGolden("seed-story.md", renderMarkdown({ ...doc, sections: doc.sections.map((s) => ({ ...s, blocks: s.blocks.map((b) => (b === query ? { ...b, text: "(the rule's query, verbatim)" } : b)) })) }));
    const html = renderHtml(doc);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.doesNotMatch(html, /<script|<link|<img|src=|href=/i);
  });
});
