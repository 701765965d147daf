/**
 * Investigations in the store: an alert's latest one (its verdict, and the whole model as JSON),
 * written by the triage after detection or on demand, read by reports and the workbench.
 */
import { type Db, stmt } from "./database.js";
import { isoMs } from "./iso-time.js";

export interface StoredInvestigation<T> {
  readonly alertId: string;
  readonly generatedMs: number;
  readonly verdict: string;
  readonly score: number;
  readonly model: T;
}

export function saveInvestigation(db: Db, alertId: string, generatedMs: number, verdict: string, score: number, model: unknown): void {
  stmt(db, "INSERT OR REPLACE INTO investigations (alert_id, generated_time, verdict, score, model) VALUES (?, ?, ?, ?, ?)").run(
    alertId,
    isoMs(generatedMs),
    verdict,
    score,
    JSON.stringify(model),
  );
}

export function getInvestigation<T>(db: Db, alertId: string): StoredInvestigation<T> | undefined {
  const r = stmt(db, "SELECT * FROM investigations WHERE alert_id = ?").get(alertId) as
    | { alert_id: string; generated_time: string; verdict: string; score: number; model: string }
    | undefined;
  return r === undefined ? undefined : { alertId: r.alert_id, generatedMs: Date.parse(r.generated_time), verdict: r.verdict, score: r.score, model: JSON.parse(r.model) as T };
}

/** Alerts without an investigation yet, among those given (the triage's to-do list). */
export function uninvestigated(db: Db, alertIds: readonly string[]): string[] {
  const has = stmt(db, "SELECT 1 FROM investigations WHERE alert_id = ?");
  return alertIds.filter((id) => has.get(id) === undefined);
}

/** The suggested verdict of each alert of an incident that has one. */
export function incidentVerdicts(db: Db, incidentId: string): { alertId: string; verdict: string; score: number }[] {
  return (
    stmt(db, "SELECT i.alert_id AS alertId, i.verdict AS verdict, i.score AS score FROM investigations i JOIN alerts a ON a.alert_id = i.alert_id WHERE a.incident_id = ? ORDER BY a.seq").all(incidentId) as {
      alertId: string;
      verdict: string;
      score: number;
    }[]
  );
}

/** The suggested verdict of every investigated alert, by alert id. */
export function alertVerdicts(db: Db): Map<string, string> {
  const rows = stmt(db, "SELECT alert_id AS alertId, verdict FROM investigations").all() as { alertId: string; verdict: string }[];
  return new Map(rows.map((r) => [r.alertId, r.verdict]));
}

export interface ReputationCache {
  get(address: string): { data: unknown; checkedMs: number } | undefined;
  set(address: string, data: unknown, checkedMs: number): void;
}

/** The IP reputation cache for one source, in the store. */
export function reputationCache(db: Db, source: string): ReputationCache {
  return {
    get(address) {
      const r = stmt(db, "SELECT data, checked_time FROM ip_reputation WHERE address = ? AND source = ?").get(address, source) as { data: string; checked_time: string } | undefined;
      return r === undefined ? undefined : { data: JSON.parse(r.data), checkedMs: Date.parse(r.checked_time) };
    },
    set(address, data, checkedMs) {
      stmt(db, "INSERT OR REPLACE INTO ip_reputation (address, source, checked_time, data) VALUES (?, ?, ?, ?)").run(address, source, isoMs(checkedMs), JSON.stringify(data));
    },
  };
}

const VERDICT_RANK = ["benign", "suspicious", "malicious"];

/** An incident's suggested verdict: its alerts' most severe. */
export function worstVerdict(verdicts: readonly string[]): string | undefined {
  return verdicts.length === 0 ? undefined : verdicts.reduce((a, b) => (VERDICT_RANK.indexOf(b) > VERDICT_RANK.indexOf(a) ? b : a));
}

/** The suggested verdicts of incidents, by incident id (those with an investigated alert). */
export function verdictsOf(db: Db, incidents: readonly { readonly incidentId: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of incidents) {
    const v = worstVerdict(incidentVerdicts(db, i.incidentId).map((x) => x.verdict));
    if (v !== undefined) out.set(i.incidentId, v);
  }
  return out;
}
