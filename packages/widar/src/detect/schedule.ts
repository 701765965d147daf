/**
 * When a rule runs and what each run sees, as Sentinel schedules it: a scheduled rule runs every
 * queryFrequency and each run at time t reads its queryPeriod up to t, with now() = t; a hunting
 * query (no schedule of its own) runs daily over everything up to t.
 *
 * Run times lie on one grid per frequency, counted from the Unix epoch (an hourly rule runs on
 * the hour, a daily one at midnight UTC), whatever period a replay covers: two replays that
 * overlap run the same windows where they overlap, which is what makes their alerts the same.
 */
import type { Rule } from "../rules/rule.js";

/** How often hunting queries run (they have no schedule of their own). */
export const HUNT_EVERY_MS = 86_400_000;

export interface Schedule {
  readonly everyMs: number;
  /** How far back each run reads; Infinity for a hunt (everything up to the run). */
  readonly periodMs: number;
}

export function scheduleOf(rule: Rule): Schedule | undefined {
  if (rule.kind !== "scheduled") return { everyMs: HUNT_EVERY_MS, periodMs: Number.POSITIVE_INFINITY };
  if (!(rule.queryFrequencyMs > 0) || !(rule.queryPeriodMs > 0)) return undefined;
  return { everyMs: rule.queryFrequencyMs, periodMs: rule.queryPeriodMs };
}

/** The first run time strictly after `ms`. */
export function nextRunAfter(everyMs: number, ms: number): number {
  return (Math.floor(ms / everyMs) + 1) * everyMs;
}

/**
 * The run times that cover the period (fromMs, toMs]: every grid time after `fromMs`, up to and
 * including the first one at or after `toMs` (so the last records are seen).
 */
export function runTimes(everyMs: number, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  for (let t = nextRunAfter(everyMs, fromMs); ; t += everyMs) {
    out.push(t);
    if (t >= toMs) break;
  }
  return out;
}

/** The window a run at `endMs` reads: (endMs − period, endMs]; a hunt's starts at `floorMs` for the record. */
export function runWindow(s: Schedule, endMs: number, floorMs: number): { startMs: number; endMs: number; queryFromMs: number } {
  const queryFromMs = Number.isFinite(s.periodMs) ? endMs - s.periodMs : Number.NEGATIVE_INFINITY;
  return { startMs: Number.isFinite(queryFromMs) ? queryFromMs : Math.min(floorMs, endMs), endMs, queryFromMs };
}
