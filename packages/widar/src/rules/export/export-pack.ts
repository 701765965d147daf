/**
 * `widar export sentinel`: the pack as what a Sentinel user deploys with their usual pipeline.
 *
 *   DIR/arm/<rule file name>.json        ARM template per rule (alertRules, or a hunting saved search)
 *   DIR/arm/watchlist-<alias>.json       ARM template per watchlist in rules/watchlists/
 *   DIR/sentinel/<rule file name>.yaml   Sentinel YAML per rule (Azure-Sentinel repository form)
 *
 * A rule that does not bind or execute is not exported (it would not deploy or would fail at run
 * time); a rule with lint findings is exported, and reported, since it is the user's as written.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { Diagnostic } from "@widar/kql";
import { readRuleText } from "../read-rule-text.js";
import type { Rule } from "../rule.js";
import { stringifyYaml } from "../yaml/yaml-writer.js";
import { type WatchlistSpec, alertRuleTemplate, huntingQueryTemplate, watchlistTemplate } from "./arm-template.js";
import { sentinelDocument } from "./sentinel-yaml.js";

/** What each of the pack's watchlists is for (shown in Sentinel). */
export const WATCHLIST_DESCRIPTIONS: Readonly<Record<string, string>> = {
  NetworkAllowlist:
    "Trusted IPv4 and IPv6 addresses, CIDR blocks and first-last ranges (column IPOrRange): activity from them never raises a workload-identity alert.",
  AutomationIdentities:
    "Known automation (column IdentityId: the object id of a service principal or user; Operations: semicolon-separated OperationNames, empty for any): its changes are expected and raise no alert.",
  WorkloadIdentityInventory:
    "Service principals from Microsoft Graph: Tier (privileged / sensitive), their Graph permissions and owner object ids (semicolon-separated).",
  AppCredentialInventory: "Application password and certificate credentials from Microsoft Graph with their start and end dates.",
};

/** Sentinel's limit for a watchlist uploaded from a file (3.8 MB). */
const WATCHLIST_MAX_BYTES = 3_800_000;

/** The watchlists (CSV files) of a folder; one that cannot be read is a WC002 diagnostic, not a throw. */
export function readWatchlists(dir: string): { watchlists: WatchlistSpec[]; diagnostics: Diagnostic[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith(".csv"));
  } catch {
    return { watchlists: [], diagnostics: [] };
  }
  const watchlists: WatchlistSpec[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const f of names.sort()) {
    const alias = basename(f, ".csv");
    const read = readRuleText(join(dir, f), "WC002", WATCHLIST_MAX_BYTES);
    if ("diagnostic" in read) diagnostics.push(read.diagnostic);
    else watchlists.push({ alias, csv: read.text, description: WATCHLIST_DESCRIPTIONS[alias] ?? `Watchlist ${alias} of the workload-identity rule pack.` });
  }
  return { watchlists, diagnostics };
}

export interface ExportedFile {
  readonly path: string;
  readonly kind: "alert-rule" | "hunting-query" | "sentinel-yaml" | "watchlist";
}

export function exportSentinel(rules: readonly Rule[], watchlists: readonly WatchlistSpec[], outDir: string): ExportedFile[] {
  const arm = join(outDir, "arm");
  const yaml = join(outDir, "sentinel");
  mkdirSync(arm, { recursive: true });
  mkdirSync(yaml, { recursive: true });
  const written: ExportedFile[] = [];
  const write = (path: string, text: string, kind: ExportedFile["kind"]) => {
    writeFileSync(path, text);
    written.push({ path, kind });
  };
  for (const rule of rules) {
    if (rule.kind === "query") continue;
    const name = basename(rule.file, extname(rule.file));
    const hunting = rule.kind === "hunting";
    write(join(arm, `${name}.json`), `${JSON.stringify(hunting ? huntingQueryTemplate(rule) : alertRuleTemplate(rule), null, 2)}\n`, hunting ? "hunting-query" : "alert-rule");
    write(join(yaml, `${name}.yaml`), stringifyYaml(sentinelDocument(rule)), "sentinel-yaml");
  }
  for (const w of watchlists) write(join(arm, `watchlist-${w.alias}.json`), `${JSON.stringify(watchlistTemplate(w), null, 2)}\n`, "watchlist");
  return written;
}
