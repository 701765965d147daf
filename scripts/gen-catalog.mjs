#!/usr/bin/env node
/**
 * Generates widar's Log Analytics catalog from the shared table reference, INTO the repository,
 * so that widar needs nothing outside it at run time:
 *
 *   ../shared/schemas/log-analytics-tables.csv   (table_name,column_name,column_type,description)
 *     → packages/widar/src/catalog/generated/log-analytics-tables.json
 *       { "TableName": [["Column","type"], ...], ... }   tables and columns in source order
 *
 * Descriptions are dropped (1.6 MB of the source; nothing at run time reads them).
 * The source was scraped from the docs and carries a few artefacts, cleaned here so the
 * catalog holds only real columns:
 * - .NET type names (String, Double, Guid, DateTime, Bool, BigInt) → Kusto types;
 * - rows whose type is no type at all (`def`, `...`: an HTML example table inside a
 *   description, split into rows) are dropped;
 * - a column listed twice in a table keeps its first entry.
 *
 * Then what the reference leaves out but every workspace has (see STANDARD_COLUMNS and
 * TABLE_COLUMNS below): Log Analytics' standard columns on every table, `Timestamp` on the
 * Defender XDR tables as Sentinel's copies carry it, and a few columns the scrape lost.
 *
 * Usage: node scripts/gen-catalog.mjs [--stdout | --check] [source.csv]
 *   --stdout  print the JSON instead of writing it
 *   --check   exit 1 if the committed file differs from a fresh generation
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_SOURCE = join(ROOT, "..", "shared", "schemas", "log-analytics-tables.csv");
export const OUTPUT = join(ROOT, "packages", "widar", "src", "catalog", "generated", "log-analytics-tables.json");

// Kusto types and the .NET / alias spellings the source uses for them.
const TYPES = {
  bool: "bool",
  boolean: "bool",
  int: "int",
  int32: "int",
  long: "long",
  int64: "long",
  bigint: "long",
  real: "real",
  double: "real",
  float: "real",
  decimal: "decimal",
  string: "string",
  datetime: "datetime",
  timespan: "timespan",
  guid: "guid",
  dynamic: "dynamic",
};

/**
 * Log Analytics' standard columns (Azure Monitor "Standard columns in Azure Monitor Logs"): every
 * table of a workspace has them, whether or not its reference page lists them. The reference
 * misses TenantId on 153 tables and `_ItemId` / `_TimeReceived` everywhere (hidden from
 * getschema, but queryable). Added at the end of a table that lacks them.
 */
export const STANDARD_COLUMNS = [
  ["TenantId", "string"],
  ["TimeGenerated", "datetime"],
  ["Type", "string"],
  ["_ResourceId", "string"],
  ["_SubscriptionId", "string"],
  ["_ItemId", "string"],
  ["_TimeReceived", "datetime"],
  ["_BilledSize", "real"],
  ["_IsBillable", "string"],
];

/**
 * The Microsoft Defender XDR tables as the Defender XDR connector streams them into Sentinel:
 * each keeps Advanced Hunting's `Timestamp` (the event time) beside TimeGenerated, so Advanced
 * Hunting queries run unchanged on the exported data.
 */
export const DEFENDER_XDR_TABLES = [
  "AlertEvidence", "AlertInfo", "BehaviorEntities", "BehaviorInfo", "CloudAppEvents",
  "DeviceEvents", "DeviceFileCertificateInfo", "DeviceFileEvents", "DeviceImageLoadEvents", "DeviceInfo",
  "DeviceLogonEvents", "DeviceNetworkEvents", "DeviceNetworkInfo", "DeviceProcessEvents", "DeviceRegistryEvents",
  "DeviceTvmSecureConfigurationAssessment", "DeviceTvmSecureConfigurationAssessmentKB", "DeviceTvmSoftwareInventory",
  "DeviceTvmSoftwareVulnerabilities", "DeviceTvmSoftwareVulnerabilitiesKB",
  "EmailAttachmentInfo", "EmailEvents", "EmailPostDeliveryEvents", "EmailUrlInfo",
  "IdentityDirectoryEvents", "IdentityLogonEvents", "IdentityQueryEvents", "UrlClickEvents",
];

/** Columns of particular tables that the scraped reference lost (each checked on its table's page). */
export const TABLE_COLUMNS = {
  // DnsEvents: the queried name (the page's "Name" row did not survive the scrape).
  DnsEvents: [["Name", "string"]],
  // AzureDiagnostics: the resource's own identifiers, beside the standard _ResourceId.
  AzureDiagnostics: [["SubscriptionId", "string"], ["ResourceId", "string"]],
};

/** RFC 4180 records of a whole text (quoted fields, `""`, newlines inside quotes, CRLF). */
export function parseCsvText(text) {
  const records = [];
  let fields = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      fields.push(field);
      field = "";
      if (fields.length > 1 || fields[0] !== "") records.push(fields);
      fields = [];
    } else field += c;
  }
  if (field !== "" || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

/** The catalog object and what was cleaned, from the CSV text. */
export function generateCatalog(csvText) {
  const [header, ...rows] = parseCsvText(csvText);
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`the source has no '${name}' column (header: ${header.join(",")})`);
    return i;
  };
  const [iTable, iColumn, iType] = [col("table_name"), col("column_name"), col("column_type")];
  const tables = new Map();
  const dropped = { badType: 0, duplicate: 0 };
  for (const r of rows) {
    const table = r[iTable];
    const column = r[iColumn];
    const type = TYPES[(r[iType] ?? "").trim().toLowerCase()];
    if (!tables.has(table)) tables.set(table, new Map());
    if (type === undefined) {
      dropped.badType++;
      continue;
    }
    const cols = tables.get(table);
    if (cols.has(column)) {
      dropped.duplicate++;
      continue;
    }
    cols.set(column, type);
  }
  const catalog = {};
  for (const [name, cols] of tables) {
    const extra = [...(TABLE_COLUMNS[name] ?? []), ...(DEFENDER_XDR_TABLES.includes(name) ? [["Timestamp", "datetime"]] : []), ...STANDARD_COLUMNS];
    for (const [c, t] of extra) if (!cols.has(c)) cols.set(c, t);
    catalog[name] = [...cols];
  }
  return { catalog, dropped };
}

/** One table per line: small diffs when the reference changes, still one JSON document. */
export function renderCatalog(catalog) {
  const lines = Object.entries(catalog).map(([name, cols]) => `${JSON.stringify(name)}:${JSON.stringify(cols)}`);
  return `{\n${lines.join(",\n")}\n}\n`;
}

function main(argv) {
  const flags = argv.filter((a) => a.startsWith("--"));
  const source = argv.find((a) => !a.startsWith("--")) ?? DEFAULT_SOURCE;
  const { catalog, dropped } = generateCatalog(readFileSync(source, "utf8"));
  const text = renderCatalog(catalog);
  const tables = Object.keys(catalog).length;
  const columns = Object.values(catalog).reduce((n, c) => n + c.length, 0);
  if (flags.includes("--stdout")) {
    process.stdout.write(text);
    return 0;
  }
  if (flags.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(OUTPUT, "utf8");
    } catch {}
    if (current === text) return 0;
    process.stderr.write(`${OUTPUT} is out of date: run node scripts/gen-catalog.mjs\n`);
    return 1;
  }
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, text);
  process.stderr.write(
    `wrote ${OUTPUT}: ${tables} tables, ${columns} columns ` +
      `(dropped ${dropped.badType} rows without a type, ${dropped.duplicate} duplicate columns)\n`,
  );
  return 0;
}

// Run as a script (not imported): the entry file is this file.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2));
}
