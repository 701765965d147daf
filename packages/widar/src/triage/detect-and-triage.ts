/**
 * The pipeline `widar detect` and the demo run: detection over the loaded logs, then every new
 * alert investigated over the same tables (triage-alerts.ts), its verdict kept with it.
 */
import type { Catalog } from "@widar/kql";
import { detectLocal, type LocalDetection, type LocalDetectionOptions } from "../detect/detect-local.js";
import { type IpSources, offlineIpSources } from "./ip-sources.js";
import { type TriageResult, triageAlerts } from "./triage-alerts.js";
import { triageQueryTexts } from "./triage-queries.js";

export interface DetectAndTriageOptions extends LocalDetectionOptions {
  /** Where the investigation queries are; undefined: no triage. */
  readonly queriesDir?: string;
  readonly ipSources?: (catalog: Catalog) => IpSources;
  readonly onTriage?: (done: number, total: number) => void;
}

export async function detectAndTriage(o: DetectAndTriageOptions): Promise<LocalDetection & { readonly triage?: TriageResult }> {
  // The catalog declares every table the investigation queries read, loaded or not.
  const local = await detectLocal({ ...o, ...(o.queriesDir === undefined ? {} : { moreQueryTexts: triageQueryTexts(o.queriesDir) }) });
  if (local.result === undefined || o.queriesDir === undefined) return local;
  const triage = await triageAlerts(
    o.store,
    local.catalog,
    local.result.rules.flatMap((r) => r.alerts.map((a) => a.alertId)),
    {
      queriesDir: o.queriesDir,
      ip: o.ipSources?.(local.catalog) ?? offlineIpSources(local.catalog),
      ruleDescriptions: new Map(o.rules.map((r) => [r.id, r.description ?? r.title])),
      ...(o.onTriage === undefined ? {} : { onProgress: o.onTriage }),
    },
  );
  return { ...local, triage };
}
