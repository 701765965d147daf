/**
 * Records that reach a table as Log Analytics rows (no diagnostic envelope, no Graph or Activity
 * log shape), checked against the table's columns before they load:
 *
 * - a row without `TimeGenerated` takes it from the export's own time column: the Entra portal's
 *   CSV downloads name it `Date (UTC)`, Graph-shaped rows `createdDateTime` / `activityDateTime`,
 *   other exports `Timestamp` or `time`; the table's own event time (`CreatedDateTime`,
 *   `ActivityDateTime`, …) when the export kept only that. One warning per load says which
 *   (WD020). Without one, times stay null, and load-table.ts warns that the whole table is
 *   timeless (WD022): every `ago()` and every rule window would silently see none of it.
 * - a record none of whose fields is a column of the table is not a row of it (an export of some
 *   other shape, or of another table): rejected with its field names (WD021) instead of loading as
 *   a row of nulls.
 */
import type { TransformContext } from "@widar/kql";

type Row = Record<string, unknown>;

/** Where exports keep a row's time when they have no TimeGenerated, in order of preference. */
const TIME_FIELDS = [
  "TimeGenerated",
  "timeGenerated",
  "Date (UTC)",
  "Date",
  "CreatedDateTime",
  "createdDateTime",
  "ActivityDateTime",
  "activityDateTime",
  "EventTimestamp",
  "eventTimestamp",
  "Timestamp",
  "timestamp",
  "TimeStamp",
  "time",
  "Time",
];

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== "";

export interface LogAnalyticsRowCheck {
  /** The row as it loads, or undefined when it was rejected. */
  check(rec: Row, ctx: TransformContext): Row | undefined;
  /** Once, after the last record. */
  finish(ctx: TransformContext): void;
}

/** Checks for rows of `table`, whose columns are `columns`. */
export function logAnalyticsRowCheck(table: string, columns: ReadonlySet<string>): LogAnalyticsRowCheck {
  const wantsTime = columns.has("TimeGenerated");
  let timeSource: string | undefined;
  let filled = 0;
  let firstLine: number | undefined;
  return {
    check(rec, ctx) {
      const keys = Object.keys(rec);
      if (keys.length > 0 && !keys.some((k) => columns.has(k))) {
        const shown = keys.slice(0, 8).join(", ") + (keys.length > 8 ? ", …" : "");
        ctx.reject("WD021", `none of the record's fields (${shown}) is a column of ${table}: not a row of ${table} nor a form widar maps into it; record skipped`);
        return undefined;
      }
      if (!wantsTime || present(rec.TimeGenerated)) return rec;
      timeSource ??= TIME_FIELDS.find((f) => f !== "TimeGenerated" && present(rec[f]));
      if (timeSource === undefined || !present(rec[timeSource])) return rec;
      filled++;
      firstLine ??= ctx.line;
      return { ...rec, TimeGenerated: rec[timeSource] };
    },
    finish(ctx) {
      if (filled === 0) return;
      ctx.report(
        "WD020",
        "warning",
        `${table}: the records have no TimeGenerated; ${filled} took it from '${timeSource}' (the event's time, not the workspace's ingestion time)`,
        timeSource,
        firstLine,
      );
    },
  };
}
