/** Test helpers for the data loaders: fixture files in a fresh temp dir, rows rendered as JSON. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Table } from "../../src/exec/table.js";
import { formatDatetime, formatTimespan } from "../../src/functions/datetime-text.js";
import type { Json } from "../../src/types.js";

const dir = mkdtempSync(join(tmpdir(), "widar-data-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` to a file of that name in the test's temp dir (gzip-compressed if `.gz`). */
export function fixture(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, name.endsWith(".gz") ? gzipSync(Buffer.from(text, "utf8")) : text);
  return path;
}

/** A table's rows as plain objects, datetimes and timespans as text (exact expectations). */
export function records(t: Table): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  for (let i = 0; i < t.rowCount; i++) {
    const o: Record<string, Json> = {};
    t.schema.forEach((c, j) => {
      const v = t.columns[j]!.get(i);
      o[c.name] = v === null ? null : c.type === "datetime" ? formatDatetime(v as number) : c.type === "timespan" ? formatTimespan(v as number) : (v as Json);
    });
    out.push(o);
  }
  return out;
}

export function schemaText(t: Table): string {
  return t.schema.map((c) => `${c.name}:${c.type}`).join(", ");
}
