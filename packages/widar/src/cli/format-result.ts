/**
 * Renders result tables: `table` (aligned text for people), `json` ({columns, rows}), `ndjson`
 * (one object per row) and `csv` (RFC 4180). Datetimes print as ISO 8601 UTC with 7 fractional
 * digits and Z, timespans as Kusto prints them, dynamic values as JSON.
 */
import type { Json, Table } from "@widar/kql";
import { cellJson, cellText } from "../data/cell-json.js";

export { cellJson, cellText };

export type OutputFormat = "table" | "json" | "ndjson" | "csv";

export function toJsonDocument(t: Table): { columns: { name: string; type: string }[]; rows: Json[][] } {
  const rows: Json[][] = [];
  for (let i = 0; i < t.rowCount; i++) rows.push(t.columns.map((c) => cellJson(c.get(i), c.type)));
  return { columns: t.schema.map((c) => ({ name: c.name, type: c.type })), rows };
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s.startsWith(" ") || s.endsWith(" ") ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Control characters in attacker-controlled text never reach the terminal raw. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

export function renderTable(t: Table, format: OutputFormat): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(toJsonDocument(t))}\n`;
    case "ndjson": {
      let out = "";
      for (let i = 0; i < t.rowCount; i++) {
        const o: Record<string, Json> = {};
        t.schema.forEach((c, j) => {
          o[c.name] = cellJson(t.columns[j]!.get(i), c.type);
        });
        out += `${JSON.stringify(o)}\n`;
      }
      return out;
    }
    case "csv": {
      const lines = [t.schema.map((c) => csvField(c.name)).join(",")];
      for (let i = 0; i < t.rowCount; i++)
        lines.push(t.columns.map((c) => csvField(cellText(c.get(i), c.type))).join(","));
      return `${lines.join("\r\n")}\r\n`;
    }
    case "table": {
      const header = t.schema.map((c) => c.name);
      const body: string[][] = [];
      for (let i = 0; i < t.rowCount; i++) body.push(t.columns.map((c) => printable(cellText(c.get(i), c.type))));
      const widths = header.map((h, j) => Math.min(80, Math.max(h.length, ...body.map((r) => r[j]!.length))));
      const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
      const line = (cells: string[]) => cells.map((c, j) => fit(c, widths[j]!)).join("  ").trimEnd();
      const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
      out.push(`(${t.rowCount} row${t.rowCount === 1 ? "" : "s"})`);
      return `${out.join("\n")}\n`;
    }
  }
}
