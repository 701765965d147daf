/**
 * Per-rule metrics from the store: alerts, incidents, how analysts classified the closed ones,
 * the true- and false-positive rates among classified incidents, and the mean time to close.
 * (Detection stamps incidents with their run time, so after a replay of old logs the time to
 * close measures from then; in live mode it is the real delay.)
 */
import { type Db, stmt } from "./database.js";

export interface RuleMetrics {
  readonly ruleId: string;
  readonly name: string;
  readonly alerts: number;
  readonly incidents: number;
  readonly open: number;
  readonly truePositive: number;
  readonly benignPositive: number;
  readonly falsePositive: number;
  readonly undetermined: number;
  /** Among incidents classified TruePositive, BenignPositive or FalsePositive; undefined with none. */
  readonly truePositiveRate?: number;
  readonly falsePositiveRate?: number;
  readonly meanHoursToClose?: number;
}

export function ruleMetrics(db: Db): RuleMetrics[] {
  const rows = stmt(
    db,
    `SELECT r.rule_id AS ruleId, coalesce(r.name, r.rule_id) AS name,
       (SELECT count(*) FROM alerts a WHERE a.rule_id = r.rule_id) AS alerts,
       count(i.incident_id) AS incidents,
       sum(CASE WHEN i.status != 'Closed' THEN 1 ELSE 0 END) AS open,
       sum(CASE WHEN i.classification = 'TruePositive' THEN 1 ELSE 0 END) AS truePositive,
       sum(CASE WHEN i.classification = 'BenignPositive' THEN 1 ELSE 0 END) AS benignPositive,
       sum(CASE WHEN i.classification = 'FalsePositive' THEN 1 ELSE 0 END) AS falsePositive,
       sum(CASE WHEN i.classification = 'Undetermined' THEN 1 ELSE 0 END) AS undetermined,
       avg(CASE WHEN i.status = 'Closed' THEN (julianday(i.closed_time) - julianday(i.created_time)) * 24 END) AS meanHoursToClose
     FROM (SELECT rule_id, name FROM rules UNION SELECT DISTINCT rule_id, rule_name FROM alerts WHERE rule_id NOT IN (SELECT rule_id FROM rules)) r
     LEFT JOIN incidents i ON i.rule_id = r.rule_id
     GROUP BY r.rule_id ORDER BY r.rule_id`,
  ).all() as (Omit<RuleMetrics, "truePositiveRate" | "falsePositiveRate" | "meanHoursToClose"> & { meanHoursToClose: number | null })[];
  return rows.map((r) => {
    const classified = r.truePositive + r.benignPositive + r.falsePositive;
    const { meanHoursToClose, ...rest } = r;
    return {
      ...rest,
      ...(classified === 0 ? {} : { truePositiveRate: r.truePositive / classified, falsePositiveRate: r.falsePositive / classified }),
      ...(meanHoursToClose === null ? {} : { meanHoursToClose }),
    };
  });
}
