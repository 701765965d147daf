/**
 * The widar command line: one module per command, loaded on demand so that `widar --help`
 * and small commands start fast.
 */
import { terminalLines, terminalText } from "@widar/kql";

type Command = { summary: string; load: () => Promise<(argv: string[]) => Promise<number>> };

const COMMANDS: Record<string, Command> = {
  query: {
    summary: "run a KQL query or rule file over loaded tables",
    load: async () => (await import("./query-command.js")).runQueryCommand,
  },
  rules: {
    summary: "test the rule pack against its fixtures; list rules; generate docs/rules.md",
    load: async () => (await import("./rules-command.js")).runRules,
  },
  validate: {
    summary: "bind, lower and run each rule on empty tables; lint against the real schemas",
    load: async () => (await import("./validate-command.js")).runValidate,
  },
  export: {
    summary: "export the pack for Sentinel (ARM templates, Sentinel YAML, watchlists)",
    load: async () => (await import("./export-command.js")).runExport,
  },
  simulate: {
    summary: "generate a simulated Entra tenant's logs with labelled attacks",
    load: async () => (await import("./simulate-command.js")).runSimulate,
  },
  data: {
    summary: "inspect log files: detected format, table, time range, counts, rejects",
    load: async () => (await import("./data-command.js")).runData,
  },
  pull: {
    summary: "pull Entra logs from Microsoft Graph (app-only credentials), resumable",
    load: async () => (await import("./pull-command.js")).runPull,
  },
  conformance: {
    summary: "run KQL documentation examples and compare with their documented results",
    load: async () => (await import("./conformance-command.js")).runConformance,
  },
  detect: {
    summary: "run the rule pack over your logs as Sentinel schedules it; alerts and incidents into the store",
    load: async () => (await import("./detect-command.js")).runDetect,
  },
  watch: {
    summary: "live detection: follow a directory of logs and run each rule as its windows come due",
    load: async () => (await import("./watch-command.js")).runWatch,
  },
  investigate: {
    summary: "print an alert's investigation (activity, PIM, IPs, sign-ins after, verdict and reasons, actions)",
    load: async () => (await import("./investigate-command.js")).runInvestigate,
  },
  report: {
    summary: "write the analyst's report of an alert or incident (Markdown or self-contained HTML)",
    load: async () => (await import("./investigate-command.js")).runReport,
  },
  incidents: {
    summary: "list incidents from the store (filter by severity, status, rule, entity, owner, time, words)",
    load: async () => (await import("./incidents-command.js")).runIncidents,
  },
  incident: {
    summary: "show one incident; assign, comment, change status, classify and close it",
    load: async () => (await import("./incidents-command.js")).runIncident,
  },
  alerts: {
    summary: "list alerts from the store (filter by severity, rule, entity, time, incident)",
    load: async () => (await import("./incidents-command.js")).runAlerts,
  },
  evaluate: {
    summary: "score the pack's alerts on a simulated tenant against its ground truth (recall, precision)",
    load: async () => (await import("./evaluate-command.js")).runEvaluate,
  },
  serve: {
    summary: "the workbench: a local web app for triage and hunting over the store and your logs",
    load: async () => (await import("./serve-command.js")).runServe,
  },
  demo: {
    summary: "simulate the demo tenant and run the detections on it",
    load: async () => (await import("./demo-command.js")).runDemoCommand,
  },
};

export const USAGE = `widar — workload-identity detection and response for Microsoft Entra ID

usage: widar <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`)
  .join("\n")}

Run 'widar <command> --help' for a command's options.
`;

/**
 * Runs a command; never rejects. A failure no command turned into a diagnostic is widar's bug:
 * one coded line (the message escaped: it may quote input), exit 70; WIDAR_DEBUG=1 adds the stack.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    process.stderr.write(
      `widar: error WC099: internal error in '${terminalText(argv[0] ?? "")}': ${terminalText(`${err.name}: ${err.message}`)} (a bug of widar's; WIDAR_DEBUG=1 shows where)\n`,
    );
    if (process.env.WIDAR_DEBUG) process.stderr.write(`${terminalLines(err.stack ?? "")}\n`);
    return 70;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === "--version") {
    process.stdout.write("widar 0.1.0\n");
    return 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    process.stderr.write(`widar: unknown command '${terminalText(name)}'\n\n${USAGE}`);
    return 2;
  }
  return (await cmd.load())(rest);
}
