/**
 * The automatic triage: every new alert investigated over the same loaded logs detection ran on,
 * and its investigation (verdict included) kept in the store. Alerts already investigated are
 * left as they are, so a rerun does no work twice. A query that fails is a problem written into
 * the investigation, never a stop.
 */
import type { Catalog } from "@widar/kql";
import { getAlert } from "../store/alerts.js";
import { saveInvestigation, uninvestigated } from "../store/investigations.js";
import type { Store } from "../store/store.js";
import { investigate } from "./investigate.js";
import type { IpSources } from "./ip-sources.js";
import type { Investigation } from "./model.js";

export interface TriageOptions {
  readonly queriesDir: string;
  readonly ip: IpSources;
  readonly windowMs?: number;
  /** Each rule's own description, by rule id (the report's "what the alert means"). */
  readonly ruleDescriptions?: ReadonlyMap<string, string>;
  readonly onProgress?: (done: number, total: number) => void;
  /** Investigate again even alerts that have an investigation. */
  readonly again?: boolean;
}

export interface TriageResult {
  readonly investigated: readonly Investigation[];
  readonly skipped: number;
}

export async function triageAlerts(store: Store, catalog: Catalog, alertIds: readonly string[], o: TriageOptions): Promise<TriageResult> {
  const ids = o.again === true ? [...new Set(alertIds)] : uninvestigated(store.db, [...new Set(alertIds)]);
  const investigated: Investigation[] = [];
  for (const id of ids) {
    const alert = getAlert(store.db, id);
    if (alert === undefined) continue;
    const description = o.ruleDescriptions?.get(alert.ruleId);
    const inv = await investigate(alert, catalog, {
      queriesDir: o.queriesDir,
      ip: o.ip,
      ...(o.windowMs === undefined ? {} : { windowMs: o.windowMs }),
      ...(description === undefined ? {} : { ruleDescription: description }),
    });
    store.transaction(() => saveInvestigation(store.db, id, inv.generatedMs, inv.verdict.label, inv.verdict.score, inv));
    investigated.push(inv);
    o.onProgress?.(investigated.length, ids.length);
  }
  return { investigated, skipped: alertIds.length - ids.length };
}
