/**
 * `widar watch --data DIR [--rules DIR] [--store FILE] [--watchlist A=CSV]... [--delay 5m]
 *  [--clock wall|data] [--poll 2s] [--from ISO] [--until ISO]`
 *
 * Live detection over a directory that log files are added to or appended to (diagnostic-settings
 * exports, `widar pull graph`): each rule runs on its own schedule as its windows come due, with
 * its checkpoint committed with each window's alerts. SIGINT/SIGTERM stop it cleanly between
 * windows; a restart resumes from the checkpoints.
 */
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Catalog, terminalLines } from "@widar/kql";
import { functionOptions, timeOption, watchlistOptions } from "./arg-values.js";
import { listAlerts } from "../store/alerts.js";
import { uninvestigated } from "../store/investigations.js";
import { defaultRulesDir, defaultTriageQueriesDir } from "../demo/rule-pack-location.js";
import { offlineIpSources } from "../triage/ip-sources.js";
import { triageAlerts } from "../triage/triage-alerts.js";
import { triageQueryTexts } from "../triage/triage-queries.js";
import { DEFAULT_INGESTION_DELAY_MS, watch } from "../detect/watch.js";
import { loadDetectionRules } from "../rules/detection-rules.js";
import { parseRuleDuration } from "../rules/iso-duration.js";
import { DEFAULT_STORE, StoreError } from "../store/database.js";
import { Store } from "../store/store.js";
import { cliError, printDiagnostics } from "./detect-command.js";
import { shortTime } from "./incident-text.js";

const HELP = `usage: widar watch --data DIR [options]

Follows DIR as log files are added or appended, and runs every rule on its own schedule as its
windows come due; alerts and incidents go into the store. Ctrl-C (or SIGTERM) stops it cleanly;
a restart resumes each rule after its last completed window, catching up window by window.

  --data DIR          the directory to follow (searched recursively)
  --rules DIR         the rules (default: the pack shipped with widar)
  --store FILE        the store (default ${DEFAULT_STORE})
  --watchlist A=CSV   a watchlist (repeatable); <Alias>.csv files in DIR are watchlists too
  --functions PATH    workspace functions and parsers the rules call (repeatable)
  --delay DURATION    ingestion delay: a window ending at t runs once the clock passes t + delay (default 5m)
  --clock wall|data   the wall clock (default), or the data's latest TimeGenerated (replaying an export as it grows)
  --poll DURATION     how often DIR is checked (default 2s)
  --from ISO          where rules without a checkpoint start (default: now, or the data's start with --clock data)
  --until ISO         stop once every rule has run its windows up to this time
  --no-triage         do not investigate new alerts (by default each is, as widar detect does)
`;

export async function runWatch(argv: string[]): Promise<number> {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: "string" },
        rules: { type: "string" },
        store: { type: "string" },
        watchlist: { type: "string", multiple: true },
        functions: { type: "string", multiple: true },
        delay: { type: "string" },
        clock: { type: "string" },
        poll: { type: "string" },
        from: { type: "string" },
        until: { type: "string" },
        "no-triage": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    return cliError("watch", (e as Error).message);
  }
  if (values.help === true) {
    process.stdout.write(HELP);
    return 0;
  }
  const errors: string[] = [];
  const dir = values.data as string | undefined;
  if (dir === undefined) errors.push("give --data DIR");
  else if (!existsSync(dir) || !statSync(dir).isDirectory()) errors.push(`--data ${dir}: not a directory`);
  const duration = (k: string, dflt: number): number => {
    const v = values[k] as string | undefined;
    if (v === undefined) return dflt;
    const ms = parseRuleDuration(v);
    if (ms === undefined || ms < 0) errors.push(`--${k} ${v}: expected a duration like 5m, 30s, 1h`);
    return ms ?? dflt;
  };
  const delayMs = duration("delay", DEFAULT_INGESTION_DELAY_MS);
  const pollMs = Math.max(10, duration("poll", 2000));
  const clock = (values.clock as string | undefined) ?? "wall";
  if (clock !== "wall" && clock !== "data") errors.push(`--clock ${clock}: expected wall or data`);
  const fromMs = timeOption(values, "from", errors);
  const untilMs = timeOption(values, "until", errors);
  const watchlists = watchlistOptions(values, errors);
  const rulesDir = (values.rules as string | undefined) ?? defaultRulesDir();
  if (rulesDir === undefined) errors.push("cannot find the rules/ folder; give --rules DIR");
  if (errors.length > 0) return cliError("watch", errors.join("\n"));
  const { rules, diagnostics } = loadDetectionRules([rulesDir!]);
  printDiagnostics(diagnostics);
  const fns = functionOptions(values);
  printDiagnostics(fns.diagnostics);
  if (rules.length === 0) return cliError("watch", `no scheduled rules or hunting queries in ${rulesDir}`);
  let store: Store;
  try {
    store = Store.open((values.store as string | undefined) ?? DEFAULT_STORE);
  } catch (e) {
    if (e instanceof StoreError) return cliError("watch", `${e.file}: ${e.code} ${e.message}`);
    throw e;
  }
  const queriesDir = values["no-triage"] === true ? undefined : defaultTriageQueriesDir();
  const triageOptions = (catalog: Catalog) => ({
    queriesDir: queriesDir!,
    ip: offlineIpSources(catalog),
    ruleDescriptions: new Map(rules.map((r) => [r.id, r.description ?? r.title])),
  });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.stderr.write(`widar watch: following ${terminalLines(dir!)} (${clock} clock, delay ${delayMs / 1000}s); Ctrl-C stops\n`);
  try {
    const r = await watch({
      dataDir: dir!,
      rules,
      store,
      watchlists,
      functions: fns.functions,
      clock: clock as "wall" | "data",
      delayMs,
      pollMs,
      ...(fromMs === undefined ? {} : { fromMs }),
      ...(untilMs === undefined ? {} : { untilMs }),
      signal: stop.signal,
      onWindow: (rule, endMs, alerts) => {
        if (alerts > 0) process.stdout.write(`${shortTime(endMs)}  ${rule.id}: ${alerts} new alert(s)\n`);
      },
      onDiagnostics: (d) => printDiagnostics(d),
      ...(queriesDir === undefined
        ? {}
        : {
            moreQueryTexts: triageQueryTexts(queriesDir),
            // Alerts a killed run stored but did not investigate yet.
            onStart: async (catalog) => {
              const pending = uninvestigated(
                store.db,
                listAlerts(store.db).map((a) => a.alertId),
              );
              if (pending.length > 0) await triageAlerts(store, catalog, pending, triageOptions(catalog));
            },
            // Each new alert is investigated over the tables it was found in, as after a detect.
            onNewAlerts: async (alerts, catalog) => {
              await triageAlerts(
                store,
                catalog,
                alerts.map((a) => a.alertId),
                triageOptions(catalog),
              );
            },
          }),
    });
    process.stderr.write(`widar watch: stopped (${r.stoppedBy}) after ${r.windows} windows, ${r.alerts} new alerts\n`);
    return 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    store.close();
  }
}
