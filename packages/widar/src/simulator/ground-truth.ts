/**
 * ground-truth.json (what was injected, and where a detection should find it) and manifest.json
 * (what was written). Neither contains a wall-clock time, so both are byte-identical across runs.
 */
import type { BenignLabel, RuleId, ScenarioLabel } from "./labels.js";
import type { ResolvedOptions, ResolvedScenario } from "./options.js";
import type { Emit, ScenarioResult } from "./scenario-kit.js";
import { type TableName, deriveSeedRow, recordKey } from "./tables.js";
import type { OutputFormat } from "./table-writer.js";
import type { Tenant } from "./tenant-model.js";

export interface GroundTruth {
  readonly generator: "widar simulate";
  readonly seed: number;
  readonly period: { readonly start: string; readonly end: string; readonly days: number };
  readonly tenant: { readonly id: string; readonly name: string; readonly domain: string };
  /** How to replay a label: which records a rule run at `evaluateAt` may see. */
  readonly evaluation: string;
  /** Per table, the field(s) (joined by "|") whose values are the record keys listed below. */
  readonly recordKeys: Readonly<Record<string, string>>;
  readonly rules: Readonly<Record<RuleId, string>>;
  readonly scenarios: readonly ScenarioLabel[];
  readonly benign: readonly BenignLabel[];
}

export const EVALUATION_NOTE =
  "Run each expected rule with its query 'now' = evaluateAt over the records whose TimeGenerated <= evaluateAt " +
  "(what the workspace held at that moment): ago() lookbacks have no upper bound, so later records would otherwise count.";

export interface TableEntry {
  readonly file: string;
  readonly records: number;
  readonly bytes: number;
  readonly logAnalytics: boolean;
}

export interface Manifest {
  readonly generator: "widar simulate";
  readonly seed: number;
  readonly period: { readonly start: string; readonly end: string; readonly days: number };
  readonly identities: number;
  /** `directoryChurn`: the benign churn AuditLogs records among those written (present only when there are any). */
  readonly events: { readonly requested: number | null; readonly written: number; readonly directoryChurn?: number };
  readonly format: OutputFormat;
  readonly quiet: boolean;
  readonly scenarios: readonly { readonly id: string; readonly name: string; readonly at: string; readonly params: Readonly<Record<string, string>> }[];
  readonly tenant: { readonly id: string; readonly name: string; readonly domain: string };
  tables: Partial<Record<TableName, TableEntry>>;
  readonly files: { readonly watchlist: string; readonly automationWatchlist: string; readonly groundTruth: string; readonly tenant: string };
}

const iso = (ms: number) => new Date(ms).toISOString();

export const scenarioId = (index: number, name: string): string => `S${String(index + 1).padStart(2, "0")}-${name}`;

/** Every record key of the emits, per table, including the derived seed-compatibility copies. */
export function recordKeysOf(emits: readonly Emit[]): Partial<Record<TableName, string[]>> {
  const out: Partial<Record<TableName, string[]>> = {};
  const add = (table: TableName, row: Record<string, unknown>) => (out[table] ??= []).push(recordKey(table, row));
  for (const e of emits) {
    add(e.table, e.row);
    const d = deriveSeedRow(e.table, e.row);
    if (d !== null) add(d.table, d.row);
  }
  return out;
}

/** The public IPs the scenario's records carry (initiators', sign-ins', Azure callers'). */
function ipsOf(emits: readonly Emit[]): string[] {
  const ips: string[] = [];
  for (const { row } of emits) {
    const user = (row.InitiatedBy as { user?: { ipAddress?: string } } | undefined)?.user;
    for (const ip of [row.IPAddress, row.IpAddress, row.CallerIpAddress, user?.ipAddress])
      if (typeof ip === "string" && ip !== "" && !ips.includes(ip)) ips.push(ip);
  }
  return ips;
}

export function labelScenario(index: number, s: ResolvedScenario, r: ScenarioResult): ScenarioLabel {
  const times = r.emits.map((e) => e.t);
  return {
    id: scenarioId(index, s.def.name),
    name: s.def.name,
    summary: s.def.summary,
    technique: s.def.technique,
    tactic: s.def.tactic,
    attack: true,
    params: s.params,
    at: iso(s.at),
    window: { start: iso(Math.min(...times)), end: iso(Math.max(...times)) },
    evaluateAt: iso(r.evaluateAt),
    expectedRules: r.expectedRules,
    identities: r.identities,
    ips: ipsOf(r.emits),
    records: recordKeysOf(r.emits),
    ...(r.context === undefined || r.context.length === 0 ? {} : { contextRecords: recordKeysOf(r.context) }),
    ...(r.notes === undefined ? {} : { notes: r.notes }),
  };
}

export function buildManifest(o: ResolvedOptions, tenant: Tenant, tables: Manifest["tables"], written: number, directoryChurn = 0): Manifest {
  return {
    generator: "widar simulate",
    seed: o.seed,
    period: { start: iso(o.start), end: iso(o.end), days: o.days },
    identities: o.identities,
    events: { requested: o.events, written, ...(directoryChurn > 0 ? { directoryChurn } : {}) },
    format: o.format,
    quiet: o.quiet,
    scenarios: o.scenarios.map((s, i) => ({ id: scenarioId(i, s.def.name), name: s.def.name, at: iso(s.at), params: s.params })),
    tenant: { id: tenant.id, name: tenant.name, domain: tenant.domain },
    tables,
    files: { watchlist: "NetworkAllowlist.csv", automationWatchlist: "AutomationIdentities.csv", groundTruth: "ground-truth.json", tenant: "tenant.json" },
  };
}
