/** Option values shared by the runtime's commands: ISO times and ALIAS=PATH watchlists, each problem one message. */
import { existsSync } from "node:fs";
import { parseDatetime, ticksToMs } from "@widar/kql";
import { loadWorkspaceFunctions, type WorkspaceFunctions } from "../rules/workspace-functions.js";

/** `--NAME ISO`: Unix ms, undefined when absent; a problem is pushed to `errors`. */
export function timeOption(values: Record<string, unknown>, name: string, errors: string[]): number | undefined {
  const v = values[name];
  if (typeof v !== "string") return undefined;
  const t = parseDatetime(v);
  if (t === null) errors.push(`--${name} ${v}: not an ISO 8601 datetime`);
  return t === null ? undefined : ticksToMs(t);
}

/** `--watchlist ALIAS=PATH` (repeatable): the watchlists; a problem is pushed to `errors`. */
export function watchlistOptions(values: Record<string, unknown>, errors: string[]): { alias: string; path: string }[] {
  const out: { alias: string; path: string }[] = [];
  for (const w of (values.watchlist as string[] | undefined) ?? []) {
    const eq = w.indexOf("=");
    if (eq <= 0 || eq === w.length - 1) errors.push(`--watchlist ${w}: expected ALIAS=PATH`);
    else if (!existsSync(w.slice(eq + 1))) errors.push(`--watchlist ${w}: file not found`);
    else out.push({ alias: w.slice(0, eq), path: w.slice(eq + 1) });
  }
  return out;
}

/** `--functions PATH` (repeatable): the workspace functions and parsers found there; problems are diagnostics. */
export function functionOptions(values: Record<string, unknown>): WorkspaceFunctions {
  const paths = (values.functions as string[] | undefined) ?? [];
  return paths.length === 0 ? { functions: [], diagnostics: [] } : loadWorkspaceFunctions(paths);
}
