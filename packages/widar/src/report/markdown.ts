/**
 * The report as Markdown. Every text from the model is escaped with markdownInline (no link,
 * image, HTML or emphasis can form from a log value), table cells too; code blocks hold only
 * widar's own text (rule queries, commands with validated ids) and are fenced longer than any
 * backtick run inside them.
 */
import { markdownInline, terminalLines } from "@widar/kql";
import type { Block, ReportDocument } from "./report-model.js";

function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return markdownInline(b.text);
    case "subheading":
      return `### ${markdownInline(b.text)}`;
    case "list":
      return b.items.map((i) => `- ${markdownInline(i)}`).join("\n");
    case "code": {
      const f = fence(b.text);
      // Code is shown, not run: control characters still never reach a viewer raw.
      return `${f}${b.language}\n${terminalLines(b.text)}\n${f}`;
    }
    case "table": {
      if (b.columns.length === 0) return "";
      const row = (cells: readonly string[]) => `| ${cells.map((c) => markdownInline(c)).join(" | ")} |`;
      return [row(b.columns), `|${b.columns.map(() => " --- ").join("|")}|`, ...b.rows.map(row)].join("\n");
    }
  }
}

export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${markdownInline(doc.title)}`, "", `_${markdownInline(doc.subtitle)}_`];
  for (const s of doc.sections) {
    out.push("", `## ${markdownInline(s.heading)}`);
    for (const b of s.blocks) {
      const text = block(b);
      if (text !== "") out.push("", text);
    }
  }
  return `${out.join("\n")}\n`;
}
