/**
 * The rules: a MITRE ATT&CK matrix of the tactics and techniques the pack covers, then each rule
 * with its schedule, tactics and techniques, fixture cases, health (its runs) and classification
 * rates; a rule opens to its query (highlighted) and its last runs.
 */
import { useState } from "preact/hooks";
import { ErrorLine } from "../components/error-line";
import { KqlHighlight } from "../components/kql-highlight";
import { useJson } from "../components/use-json";
import { duration, shortTime } from "../format";

interface RuleRow {
  ruleId: string;
  name: string;
  kind: string;
  severity: string;
  queryFrequencyMs: number | null;
  queryPeriodMs: number | null;
  tactics: string[];
  techniques: string[];
  description: string | null;
  query: string;
  fixtureCases: string[];
  metrics: { alerts: number; incidents: number; open: number; truePositiveRate: number | null; falsePositiveRate: number | null } | null;
  health: { runs: number; success: number; failure: number; suppressed: number };
  lastRuns: { windowEnd: string; status: string; resultCount: number; alertCount: number; durationMs: number; diagnosticCode: string | null; message: string | null }[];
}


const pct = (x: number | null | undefined) => (x === null || x === undefined ? "-" : `${Math.round(x * 100)}%`);

/** The matrix of ATT&CK's tactics (in the order the server gives, the matrix's) and the rules covering each. */
function Matrix({ rules, tactics }: { rules: RuleRow[]; tactics: readonly string[] }) {
  const cells = tactics.map((t) => {
    const of = rules.filter((r) => r.tactics.includes(t));
    const techniques = [...new Set(of.flatMap((r) => r.techniques))].sort();
    return { tactic: t, rules: of.length, techniques };
  });
  return (
    <div class="matrix" data-testid="mitre-matrix">
      {cells.map((c) => (
        <div class={c.rules > 0 ? "tactic covered" : "tactic"}>
          <div class="tactic-name">{c.tactic.replace(/([a-z])([A-Z])/g, "$1 $2")}</div>
          <div class="muted small">{c.rules} rule(s)</div>
          {c.techniques.map((t) => (
            <div class="technique">{t}</div>
          ))}
        </div>
      ))}
    </div>
  );
}

export function RulesPage({ rev }: { rev: number }) {
  const { data, error } = useJson<{ rules: RuleRow[]; tactics: string[]; problems: { code: string; message: string; file: string | null }[] }>("/api/rules", [rev]);
  const [open, setOpen] = useState<string>();
  const rules = data?.rules ?? [];
  return (
    <section>
      <h1>Rules {data ? <small>({rules.length})</small> : null}</h1>
      <ErrorLine error={error} />
      {(data?.problems ?? []).map((p) => (
        <p class="error">
          {p.file ?? ""} {p.code}: {p.message}
        </p>
      ))}
      <h2>MITRE ATT&CK coverage</h2>
      <Matrix rules={rules} tactics={data?.tactics ?? []} />
      <h2>The pack</h2>
      <table class="rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Name</th>
            <th>Severity</th>
            <th>Every / over</th>
            <th>Tactics</th>
            <th>Techniques</th>
            <th>Fixtures</th>
            <th>Runs (failed)</th>
            <th>Alerts</th>
            <th>Incidents (open)</th>
            <th>TP rate</th>
            <th>FP rate</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => [
            <tr class="rule-row" onClick={() => setOpen(open === r.ruleId ? undefined : r.ruleId)}>
              <td>
                <button type="button" class="link">
                  {r.ruleId}
                </button>
              </td>
              <td>{r.name}</td>
              <td class={`sev sev-${r.severity}`}>{r.severity}</td>
              <td>
                {r.kind === "hunting" ? "hunting (daily)" : `${duration(r.queryFrequencyMs)} / ${duration(r.queryPeriodMs)}`}
              </td>
              <td>{r.tactics.join(", ")}</td>
              <td>{r.techniques.join(", ")}</td>
              <td class="num">{r.fixtureCases.length}</td>
              <td class="num">
                {r.health.runs}
                {r.health.failure > 0 ? <span class="error"> ({r.health.failure})</span> : ""}
              </td>
              <td class="num">{r.metrics?.alerts ?? 0}</td>
              <td class="num">
                {r.metrics?.incidents ?? 0} ({r.metrics?.open ?? 0})
              </td>
              <td class="num">{pct(r.metrics?.truePositiveRate)}</td>
              <td class="num">{pct(r.metrics?.falsePositiveRate)}</td>
            </tr>,
            open === r.ruleId ? (
              <tr class="rule-detail">
                <td colSpan={12}>
                  {r.description ? <p>{r.description}</p> : null}
                  <KqlHighlight text={r.query} />
                  <p class="muted small">Fixture cases: {r.fixtureCases.join(", ") || "none"} (run them with widar rules test)</p>
                  <table>
                    <thead>
                      <tr>
                        <th>Run (window end)</th>
                        <th>Status</th>
                        <th>Rows</th>
                        <th>Alerts</th>
                        <th>ms</th>
                        <th>Diagnostic</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.lastRuns.map((x) => (
                        <tr>
                          <td>{shortTime(x.windowEnd)}</td>
                          <td>{x.status}</td>
                          <td class="num">{x.resultCount}</td>
                          <td class="num">{x.alertCount}</td>
                          <td class="num">{x.durationMs}</td>
                          <td>{x.diagnosticCode ? `${x.diagnosticCode}: ${x.message ?? ""}` : ""}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </td>
              </tr>
            ) : null,
          ])}
        </tbody>
      </table>
    </section>
  );
}
