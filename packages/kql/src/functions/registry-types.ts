/**
 * The contract between the planner/executor and the function library.
 *
 * A scalar function (or operator: `==`, `has`, `matches regex`, …) is bound once per call site,
 * when the argument types, the result type (from Kusto.Language's analysis) and any constant
 * arguments are known; binding returns a row kernel. Binding is where a constant regex is
 * compiled (RE2) or a constant list turned into a Set, so the per-row work is only the kernel.
 *
 * Kernels receive and return values in the representation documented in `../types.ts`.
 * They never throw on bad data: Kusto semantics return null (or "" for strings) instead.
 * A kernel may throw a KqlError only for a problem of the query itself (e.g. an invalid regex).
 */
import type { KType, Value } from "../types.js";

/** Where an IP is, as geo_info_from_ip_address returns it (country and state by name). */
export interface IpLocation {
  readonly country: string;
  readonly state: string;
  readonly city: string;
  /** null where the source knows only the country (a whois-level dataset). */
  readonly latitude: number | null;
  readonly longitude: number | null;
}

/** An IP geolocation source: the location of an IPv4/IPv6 address, or null when unknown. */
export type IpLocator = (ip: string) => IpLocation | null;

export interface CallSite {
  readonly name: string;
  readonly argTypes: readonly KType[];
  readonly resultType: KType;
  /** Per argument: its value when the argument is a constant (literal or scalar let), else undefined. */
  readonly constants: readonly (Value | undefined)[];
  /** The query-level "now", in ticks (see types.ts). ago() and now() read it. */
  readonly now: number;
  /** The catalog's IP geolocation source, if it has one (geo_info_from_ip_address reads it). */
  readonly ipLocator?: IpLocator;
  /**
   * Charges memory the kernel is about to hold (a long string, a distinct set's entries) to the
   * query's budget (../limits.ts); throws WQ053 past it. Absent outside an execution.
   */
  readonly reserve?: (bytes: number, what: string) => void;
  /** Reports that a documented cap cut a value (WQ055), once per call site. */
  readonly warn?: (message: string) => void;
  /**
   * Stops the query past its time limit (WQ050) or near the heap limit (WQ053). A kernel whose
   * work per row grows faster than its input (a filter, a period search) calls it in its loops,
   * through ./budget.ts's workMeter. Absent outside an execution.
   */
  readonly checkpoint?: () => void;
}

export type RowKernel = (args: readonly Value[]) => Value;

export interface ScalarFunction {
  readonly name: string;
  /** Family for docs/kql-coverage.md: string, datetime, math, conversion, dynamic, ip, regex, … */
  readonly family: string;
  bind(site: CallSite): RowKernel;
}

/** State-machine aggregate (Arquero style): one state per group. */
export interface AggregateKernel<S = unknown> {
  init(): S;
  /** Adds one row's argument values; returns the new state (may mutate and return the same). */
  add(state: S, args: readonly Value[]): S;
  result(state: S): Value;
}

export interface AggregateFunction {
  readonly name: string;
  readonly family: string;
  bind(site: CallSite): AggregateKernel;
}
