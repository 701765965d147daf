/**
 * Renders result tables: `table` (aligned text for people), `json` ({columns, rows}), `ndjson`
 * (one object per row) and `csv` (RFC 4180). Datetimes print as ISO 8601 UTC with 7 fractional
 * digits and Z, timespans as Kusto prints them, dynamic values as JSON.
 *
 * Cells and column names are attacker-controlled (log values, bag_unpack/pivot keys): every
 * format neutralises them through @widar/kql's safe-text module: visible escapes on a terminal,
 * formula-neutralised CSV cells (unless `csvRaw`), JSON with C1/bidi/zero-width escaped.
 */
import { type Json, type KType, type Table, csvField, safeJsonStringify, terminalText } from "@widar/kql";
import { cellJson, cellText } from "../data/cell-json.js";

export { cellJson, cellText };

export type OutputFormat = "table" | "json" | "ndjson" | "csv";

export function toJsonDocument(t: Table): { columns: { name: string; type: string }[]; rows: Json[][] } {
  const rows: Json[][] = [];
  for (let i = 0; i < t.rowCount; i++) rows.push(t.columns.map((c) => cellJson(c.get(i), c.type)));
  return { columns: t.schema.map((c) => ({ name: c.name, type: c.type })), rows };
}

/** Types whose text widar itself writes (numbers, ISO datetimes): never a formula, never unsafe. */
const ENGINE_TEXT: ReadonlySet<KType> = new Set(["bool", "int", "long", "real", "decimal", "datetime", "timespan"]);

export interface RenderOptions {
  /** CSV cells as they are, only quoted (`--csv-raw`): no formula neutralisation, no escapes. */
  readonly csvRaw?: boolean;
}

export function renderTable(t: Table, format: OutputFormat, options: RenderOptions = {}): string {
  switch (format) {
    case "json":
      return `${safeJsonStringify(toJsonDocument(t))}\n`;
    case "ndjson": {
      let out = "";
      for (let i = 0; i < t.rowCount; i++) {
        const o: Record<string, Json> = {};
        t.schema.forEach((c, j) => {
          o[c.name] = cellJson(t.columns[j]!.get(i), c.type);
        });
        out += `${safeJsonStringify(o)}\n`;
      }
      return out;
    }
    case "csv": {
      const raw = { raw: true };
      const text = options.csvRaw === true ? raw : {};
      const lines = [t.schema.map((c) => csvField(c.name, text)).join(",")];
      const opts = t.columns.map((c) => (ENGINE_TEXT.has(c.type) ? raw : text));
      for (let i = 0; i < t.rowCount; i++)
        lines.push(t.columns.map((c, j) => csvField(cellText(c.get(i), c.type), opts[j])).join(","));
      return `${lines.join("\r\n")}\r\n`;
    }
    case "table": {
      const header = t.schema.map((c) => terminalText(c.name));
      const body: string[][] = [];
      for (let i = 0; i < t.rowCount; i++) body.push(t.columns.map((c) => terminalText(cellText(c.get(i), c.type))));
      const widths = header.map((h, j) => Math.min(80, Math.max(h.length, ...body.map((r) => r[j]!.length))));
      const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s.padEnd(w));
      const line = (cells: string[]) => cells.map((c, j) => fit(c, widths[j]!)).join("  ").trimEnd();
      const out = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)];
      out.push(`(${t.rowCount} row${t.rowCount === 1 ? "" : "s"})`);
      return `${out.join("\n")}\n`;
    }
  }
}
