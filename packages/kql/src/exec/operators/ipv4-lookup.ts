/**
 * evaluate ipv4_lookup (ipv4-lookup-plugin.md): each input row joined with every lookup row whose
 * IPv4 range (a CIDR such as `5.8.0.0/19`, or one address) holds the row's address and whose extra
 * key columns are equal; rows that match nothing are dropped, or kept with empty lookup columns
 * when `return_unmatched = true`. Output columns: the input's, then the lookup's others (the
 * analyser's schema, matched by name).
 *
 * Ranges are indexed by prefix length (a map of masked network → lookup rows per length), so a
 * row costs one probe per distinct prefix length, not one per range.
 */
import { type Ipv4, inRange, parseIpv4 } from "../../functions/ip.js";
import { valueToString } from "../../functions/value-text.js";
import type { Plan } from "../../plan/ir.js";
import { indexOfColumn } from "../../schema.js";
import type { Value } from "../../types.js";
import { Table } from "../table.js";

type LookupPlan = Extract<Plan, { op: "ipv4-lookup" }>;

function text(v: Value, t: string): string | null {
  return v === null ? null : typeof v === "string" ? v : valueToString(v, t as never);
}

function networkOf(addr: number, prefix: number): number {
  return prefix === 0 ? 0 : Math.floor(addr / 2 ** (32 - prefix));
}

export function ipv4Lookup(plan: LookupPlan, input: Table, lookup: Table): Table {
  const src = indexOfColumn(input.schema, plan.sourceKey);
  const rng = indexOfColumn(lookup.schema, plan.rangeKey);
  const extra = plan.extraKeys.map((k) => [indexOfColumn(input.schema, k), indexOfColumn(lookup.schema, k)] as const);
  const byPrefix = new Map<number, Map<number, number[]>>();
  const ranges: (Ipv4 | null)[] = [];
  for (let j = 0; j < lookup.rowCount; j++) {
    const r = rng < 0 ? null : text(lookup.columns[rng]!.get(j), lookup.schema[rng]!.type);
    const range = r === null ? null : parseIpv4(r);
    ranges.push(range);
    if (range === null) continue;
    let m = byPrefix.get(range.prefix);
    if (m === undefined) byPrefix.set(range.prefix, (m = new Map()));
    const key = networkOf(range.addr, range.prefix);
    const list = m.get(key);
    if (list === undefined) m.set(key, [j]);
    else list.push(j);
  }
  const pairs: [number, number][] = [];
  for (let i = 0; i < input.rowCount; i++) {
    const s = src < 0 ? null : text(input.columns[src]!.get(i), input.schema[src]!.type);
    const ip = s === null ? null : parseIpv4(s);
    let matched = false;
    if (ip !== null)
      for (const [prefix, m] of byPrefix)
        for (const j of m.get(networkOf(ip.addr, prefix)) ?? []) {
          if (!inRange(ip, ranges[j]!)) continue;
          if (extra.some(([a, b]) => a < 0 || b < 0 || input.columns[a]!.get(i) !== lookup.columns[b]!.get(j))) continue;
          pairs.push([i, j]);
          matched = true;
        }
    if (!matched && plan.returnUnmatched) pairs.push([i, -1]);
  }
  const rows = plan.schema.map((c) => {
    const fromInput = indexOfColumn(input.schema, c.name);
    const fromLookup = fromInput >= 0 ? -1 : indexOfColumn(lookup.schema, c.name);
    // An unmatched row's lookup columns are empty ("" for a string: Kusto strings are never null).
    const empty = c.type === "string" ? "" : null;
    return pairs.map(([i, j]) => (fromInput >= 0 ? input.columns[fromInput]!.get(i) : fromLookup >= 0 && j >= 0 ? lookup.columns[fromLookup]!.get(j) : empty));
  });
  return Table.fromRows(
    plan.schema,
    pairs.map((_, k) => rows.map((col) => col[k] ?? null)),
  );
}
