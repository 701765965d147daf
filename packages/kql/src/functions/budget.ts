/**
 * Kernels that grow a collection per group or per row (distinct sets, lists, arrays, long
 * strings) charge it to the query's memory budget through their call site (../limits.ts), so a
 * `dcount` over 1e8 values stops with WQ053 instead of exhausting the heap or overflowing a JS
 * Set (V8 throws past 2^24 entries).
 */
import { MAX_MAP_ENTRIES, distinctLimitError } from "../limits.js";
import type { CallSite } from "./registry-types.js";

/**
 * After a collection grew to `size` items: charges about `bytesPerItem` per item, once per
 * doubling from 1,024 on (no state: a per-group collection needs none), and refuses a Set past
 * what V8 holds.
 */
export function chargeGrowth(site: CallSite, size: number, bytesPerItem: number, what: string): void {
  if (size < 1024 || (size & (size - 1)) !== 0) return;
  if (size > MAX_MAP_ENTRIES) throw distinctLimitError(`${site.name}'s ${what}`);
  site.reserve?.((size === 1024 ? size : size / 2) * bytesPerItem, what);
}

/** Refuses a Set that cannot grow further (call before adding to it). */
export function checkSetSize(site: CallSite, size: number, what: string): void {
  if (size >= MAX_MAP_ENTRIES) throw distinctLimitError(`${site.name}'s ${what}`);
}

/** Units of work (inner-loop steps) between two checks of the clock: well under a millisecond. */
const WORK_PER_CHECK = 1 << 16;

/**
 * A meter for a kernel's long loops: `spend(units)` checks the query's time limit once per
 * 65,536 units of work, so a function whose work grows faster than its input (series_fir with a
 * long filter, a period search over a long series) ends in WQ050 at its call, not in a hang. A
 * meter is made per kernel call; outside an execution it does nothing.
 */
export function workMeter(site: CallSite): (units?: number) => void {
  const check = site.checkpoint;
  if (check === undefined) return () => {};
  let pending = 0;
  return (units = 1) => {
    pending += units;
    if (pending < WORK_PER_CHECK) return;
    pending = 0;
    check();
  };
}
