/**
 * `simulate()`'s options, their defaults, and validation. Every problem is a
 * `SimulationOptionError` with a one-line message naming the option, which the CLI prints as is.
 */
import { MIN_IDENTITIES } from "./build-tenant.js";
import type { ScenarioDefinition } from "./scenario-kit.js";
import { type ScenarioRequest, parseScenarioSpec, resolveParams, scenarioByName, SCENARIO_NAMES } from "./scenarios.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./table-writer.js";

/** The default period ends here (fixed, so that output never depends on the wall clock). */
export const DEFAULT_END = "2026-11-21T00:00:00.000Z";
export const DEFAULT_DAYS = 7;
export const DEFAULT_SEED = 1;
export const DEFAULT_IDENTITIES = 150;

export interface Progress {
  /** Fraction of the period written, 0..1. */
  readonly fraction: number;
  readonly records: number;
}

export interface SimulateOptions {
  /** Directory to write into (created if missing). */
  readonly outDir: string;
  readonly seed?: number;
  readonly days?: number;
  /** ISO 8601 end of the period (exclusive); default DEFAULT_END. */
  readonly end?: string;
  /** Users plus the tenant's own workload identities (first-party Microsoft SPs not counted). */
  readonly identities?: number;
  /**
   * Scale benign volume (the workload sign-ins, and 9% directory churn unless `auditEvents` says
   * otherwise) so that the run writes this many records in all; scenarios and the low-volume benign
   * activity are always written, so a smaller number is a floor.
   */
  readonly events?: number;
  /**
   * Benign directory-churn AuditLogs records to write (HR sync, groups, devices, passwords, app
   * assignments), on top of the default activity or, with `events`, inside its total. Without it,
   * `events` makes 9% of its total churn; with neither, there is none. Under `quiet`, only this
   * option writes churn (`events` does not scale anything there).
   */
  readonly auditEvents?: number;
  /** Scenario requests or `NAME[:at=ISO][,k=v]` specs; default every scenario, at spread-out times. */
  readonly scenarios?: readonly (ScenarioRequest | string)[];
  /** No benign activity: only the scenarios' records (the tenant model still exists). */
  readonly quiet?: boolean;
  readonly format?: OutputFormat;
  readonly onProgress?: (progress: Progress) => void;
}

export class SimulationOptionError extends Error {}

export interface ResolvedScenario {
  readonly def: ScenarioDefinition;
  readonly at: number;
  readonly params: Record<string, string>;
}

export interface ResolvedOptions {
  readonly outDir: string;
  readonly seed: number;
  readonly days: number;
  readonly start: number;
  readonly end: number;
  readonly identities: number;
  readonly events: number | null;
  readonly auditEvents: number | null;
  readonly scenarios: readonly ResolvedScenario[];
  readonly quiet: boolean;
  readonly format: OutputFormat;
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

function integer(name: string, value: number | undefined, def: number, lo: number, hi: number): number {
  if (value === undefined) return def;
  if (!Number.isInteger(value) || value < lo || value > hi) throw new SimulationOptionError(`${name} ${value}: expected an integer from ${lo} to ${hi}`);
  return value;
}

export function parseIso(name: string, text: string): number {
  const t = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(t)) throw new SimulationOptionError(`${name} ${text}: not an ISO 8601 date-time (e.g. 2026-11-20T14:30:00Z)`);
  return t;
}

/**
 * Where a scenario goes when no time is given: the i-th of n on its own day slot, mid-afternoon
 * UTC (morning in the Seattle HQ), minutes staggered so that no two share a start.
 */
export function defaultScenarioTime(i: number, n: number, start: number, days: number): number {
  const day = Math.min(days - 1, Math.floor(((i + 0.5) * days) / n));
  return start + day * DAY + (14 + (i % 4)) * HOUR + ((i * 7) % 60) * 60_000;
}

export function resolveOptions(o: SimulateOptions): ResolvedOptions {
  if (typeof o.outDir !== "string" || o.outDir === "") throw new SimulationOptionError("--out DIR is required");
  const seed = integer("--seed", o.seed, DEFAULT_SEED, 0, Number.MAX_SAFE_INTEGER);
  const days = integer("--days", o.days, DEFAULT_DAYS, 1, 3660);
  const end = parseIso("--end", o.end ?? DEFAULT_END);
  const start = end - days * DAY;
  const identities = integer("--identities", o.identities, DEFAULT_IDENTITIES, MIN_IDENTITIES, 100_000);
  const events = o.events === undefined ? null : integer("--events", o.events, 0, 0, 10_000_000_000);
  const auditEvents = o.auditEvents === undefined ? null : integer("--audit-events", o.auditEvents, 0, 0, 10_000_000_000);
  if (events !== null && auditEvents !== null && auditEvents > events && o.quiet !== true)
    throw new SimulationOptionError(`--audit-events ${auditEvents}: more than --events ${events}, the run's total`);
  const format = o.format ?? "ndjson";
  if (!OUTPUT_FORMATS.includes(format)) throw new SimulationOptionError(`--format ${format}: expected ${OUTPUT_FORMATS.join(", ")}`);
  let requests: ScenarioRequest[];
  try {
    requests = (o.scenarios ?? SCENARIO_NAMES).map((s) => (typeof s === "string" ? parseScenarioSpec(s) : s));
  } catch (e) {
    throw new SimulationOptionError((e as Error).message);
  }
  const scenarios = requests.map((req, i): ResolvedScenario => {
    const def = scenarioByName(req.name);
    if (def === undefined) throw new SimulationOptionError(`--scenario ${req.name}: unknown scenario (one of: ${SCENARIO_NAMES.join(", ")})`);
    let params: Record<string, string>;
    try {
      params = resolveParams(def, req.params);
    } catch (e) {
      throw new SimulationOptionError((e as Error).message);
    }
    const at = req.at === undefined ? defaultScenarioTime(i, requests.length, start, days) : parseIso(`--scenario ${req.name}:at=`, req.at);
    if (at < start || at >= end)
      throw new SimulationOptionError(
        `--scenario ${req.name}:at=${new Date(at).toISOString()}: outside the period ${new Date(start).toISOString()} .. ${new Date(end).toISOString()}`,
      );
    return { def, at, params };
  });
  return { outDir: o.outDir, seed, days, start, end, identities, events, auditEvents, scenarios, quiet: o.quiet ?? false, format };
}
