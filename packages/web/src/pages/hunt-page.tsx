/**
 * The hunting console: KQL over the loaded data and the store (SecurityAlert, SecurityIncident,
 * SentinelHealth), run by the server exactly as `widar query` runs it. Diagnostics show at their
 * spans and in a list; results in a virtualised grid; a chart for `render timechart/columnchart`;
 * CSV and JSON export of what came back.
 */
import { useState } from "preact/hooks";
import { postJson, type QueryAnswer, type ResultTable, type SchemaTable } from "../api";
import { ErrorLine } from "../components/error-line";
import { MonacoKqlEditor } from "../components/monaco-kql-editor";
import { ResultChart } from "../components/result-chart";
import { useJson } from "../components/use-json";
import { VirtualGrid } from "../components/virtual-grid";
import { cellText } from "../format";

const START = "SecurityIncident\n| summarize arg_max(TimeGenerated, *) by IncidentNumber\n| summarize count() by Status, Severity";

/** A CSV cell as `widar query --format csv` writes it: quoted, and a text starting like a formula made inert (OWASP). */
function csvCell(v: string, text: boolean): string {
  const s = text && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function download(name: string, type: string, body: string): void {
  const url = URL.createObjectURL(new Blob([body], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function exportCsv(t: ResultTable): void {
  const text = t.columns.map((c) => c.type === "string" || c.type === "dynamic");
  const lines = [t.columns.map((c) => csvCell(c.name, true)).join(","), ...t.rows.map((r) => r.map((v, j) => csvCell(cellText(v), text[j]!)).join(","))];
  download("result.csv", "text/csv", `${lines.join("\r\n")}\r\n`);
}

const NONE: never[] = [];

export function HuntPage() {
  const [query, setQuery] = useState(START);
  const [answer, setAnswer] = useState<QueryAnswer>();
  const [ranText, setRanText] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const { data: schema } = useJson<{ tables: SchemaTable[]; watchlists: string[] }>("/api/schema", []);
  /** Runs `text` (the editor passes what it holds at the keystroke, which may be ahead of a render). */
  const run = async (text = query) => {
    setRunning(true);
    try {
      setAnswer(await postJson<QueryAnswer>("/api/query", { query: text }));
      setRanText(text);
      setError(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  const table = answer?.tables[0];
  const loaded = (schema?.tables ?? []).filter((t) => t.source !== "catalog");
  return (
    <section class="hunt">
      <h1>Hunting</h1>
      <div class="hunt-layout">
        <aside class="schema">
          <h3>Tables</h3>
          <ul>
            {loaded.map((t) => (
              <li title={t.columns.map((c) => `${c.name}: ${c.type}`).join("\n")}>
                {t.name} <span class="muted small">{t.rows.toLocaleString("en-US")}</span>
              </li>
            ))}
          </ul>
        </aside>
        <div class="hunt-main">
          <MonacoKqlEditor
            value={query}
            onChange={setQuery}
            onRun={run}
            schema={schema?.tables}
            watchlists={schema?.watchlists ?? NONE}
            ranText={ranText}
            diagnostics={answer?.diagnostics ?? NONE}
          />
          <div class="row">
            <button type="button" class="run" disabled={running} onClick={() => run()}>
              {running ? "Running…" : "Run (Ctrl+Enter)"}
            </button>
            {table ? (
              <>
                <button type="button" onClick={() => exportCsv(table)}>
                  Export CSV
                </button>
                <button type="button" onClick={() => download("result.json", "application/json", JSON.stringify(table))}>
                  Export JSON
                </button>
                <span class="muted result-count">
                  {table.rows.length.toLocaleString("en-US")} row(s) in {answer?.elapsedMs} ms
                </span>
              </>
            ) : null}
          </div>
          <ErrorLine error={error} />
          {(answer?.diagnostics ?? []).length > 0 ? (
            <ul class="diagnostics" data-testid="diagnostics">
              {answer!.diagnostics.map((d) => (
                <li class={`diag diag-${d.severity}`}>
                  {d.line !== null ? `${d.line}:${d.column} ` : ""}
                  {d.severity} {d.code}: {d.message}
                </li>
              ))}
            </ul>
          ) : null}
          {table && answer?.visualization && /chart$/.test(answer.visualization) ? <ResultChart table={table} kind={answer.visualization} /> : null}
          {table ? <VirtualGrid table={table} /> : null}
        </div>
      </div>
    </section>
  );
}
