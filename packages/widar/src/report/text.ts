/** The report as plain text for a terminal (`widar investigate`, `widar report --format text`): every value through terminalText. */
import { terminalText } from "@widar/kql";
import type { Block, ReportDocument } from "./report-model.js";

const WRAP = 100;

function wrap(text: string, indent = ""): string {
  const words = terminalText(text).split(" ");
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length + w.length + 1 > WRAP && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${w} `;
  }
  if (line.trim() !== "") lines.push(line.trimEnd());
  return lines.join("\n");
}

function table(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [columns, ...rows].map((r) => r.map((c) => terminalText(c)));
  const widths = columns.map((_, j) => Math.min(48, Math.max(...cells.map((r) => (r[j] ?? "").length))));
  const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
  const line = (r: readonly string[]) => `  ${r.map((c, j) => fit(c, widths[j]!)).join("  ")}`.trimEnd();
  return [line(cells[0]!), `  ${widths.map((w) => "-".repeat(w)).join("  ")}`, ...cells.slice(1).map(line)].join("\n");
}

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return wrap(b.text, "  ");
    case "subheading":
      return `  ${terminalText(b.text)}`;
    case "list":
      return b.items.map((i) => wrap(i, "    ").replace(/^ {4}/, "  - ")).join("\n");
    case "code":
      return b.text
        .split("\n")
        .map((l) => `      ${terminalText(l)}`)
        .join("\n");
    case "table":
      return b.columns.length === 0 ? "" : table(b.columns, b.rows);
  }
}

export function renderText(doc: ReportDocument): string {
  const out = [terminalText(doc.title), terminalText(doc.subtitle)];
  for (const s of doc.sections) {
    out.push("", `${terminalText(s.heading)}:`);
    for (const b of s.blocks) {
      const t = block(b);
      if (t !== "") out.push(t);
    }
  }
  return `${out.join("\n")}\n`;
}
