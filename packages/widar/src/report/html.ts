/**
 * The report as one self-contained HTML file: inline styles only, no script, no external request
 * (a Content-Security-Policy that forbids both), printable to PDF from the browser. Every text from
 * the model is escaped with htmlText: a display name holding `<script>` shows as that text.
 */
import { htmlText } from "@widar/kql";
import type { Block, ReportDocument } from "./report-model.js";

const STYLE = `
  body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
  h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; }
  h3 { font-size: 1em; margin: 1.2em 0 0.3em; } .subtitle { color: #57606a; margin-top: 0; }
  table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 0.6em 0; } th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; word-break: break-word; }
  th { background: #f6f8fa; } pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 8px; overflow-x: auto; font-size: 12px; white-space: pre-wrap; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } table, pre { break-inside: avoid; } }
`;

function block(b: Block): string {
  switch (b.kind) {
    case "paragraph":
      return `<p>${htmlText(b.text)}</p>`;
    case "subheading":
      return `<h3>${htmlText(b.text)}</h3>`;
    case "list":
      return `<ul>${b.items.map((i) => `<li>${htmlText(i)}</li>`).join("")}</ul>`;
    case "code":
      return `<pre><code>${b.text.split("\n").map(htmlText).join("\n")}</code></pre>`;
    case "table":
      if (b.columns.length === 0) return "";
      return `<table><thead><tr>${b.columns.map((c) => `<th>${htmlText(c)}</th>`).join("")}</tr></thead><tbody>${b.rows
        .map((r) => `<tr>${r.map((c) => `<td>${htmlText(c)}</td>`).join("")}</tr>`)
        .join("")}</tbody></table>`;
  }
}

export function renderHtml(doc: ReportDocument): string {
  const body = doc.sections.map((s) => `<h2>${htmlText(s.heading)}</h2>\n${s.blocks.map(block).join("\n")}`).join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${htmlText(doc.title)}</h1>
<p class="subtitle">${htmlText(doc.subtitle)}</p>
${body}
</body>
</html>
`;
}
