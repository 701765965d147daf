/** Small simulations in temp dirs, and readers for what they write. */
import { readFileSync, readdirSync, } from "node:fs";
import { join } from "node:path";
import { type SimulateOptions, type SimulationResult, simulate } from "../../src/simulator/index.js";
import type { TableName } from "../../src/simulator/tables.js";
import { tempDir as sharedTempDir } from "../support/temp-dir.js";

/** A temporary folder for a simulation, removed when the test process ends. */
export function tempDir(label: string): string {
  return sharedTempDir(`widar-sim-${label}-`);
}

/** A small tenant over two days: fast enough to run many times in a test. */
export const SMALL = { identities: 30, days: 2, end: "2026-11-21T00:00:00Z" } as const;

export function run(label: string, options: Omit<SimulateOptions, "outDir">): Promise<SimulationResult> {
  return simulate({ ...SMALL, ...options, outDir: tempDir(label) });
}

export function readNdjson(dir: string, table: TableName): Record<string, unknown>[] {
  const text = readFileSync(join(dir, `${table}.ndjson`), "utf8");
  return text === "" ? [] : text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Every file of a directory, by name, as bytes. */
export function readAll(dir: string): Map<string, Buffer> {
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

/** Minimal RFC 4180 reader (CRLF or LF rows): quoted fields with doubled quotes, commas and line breaks inside. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      if (c === "\r") i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}
