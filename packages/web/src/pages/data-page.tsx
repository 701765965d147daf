/** The data: loaded tables (rows, files, time range), the store's tables, watchlists, and every load problem with its file and line. */
import { ErrorLine } from "../components/error-line";
import { useJson } from "../components/use-json";
import { shortTime } from "../format";

interface DataSummary {
  tables: { name: string; rows: number; columns: number; files: string[]; timeRange: { from: string; to: string } | null }[];
  storeTables: { name: string; rows: number; timeRange: { from: string; to: string } | null }[];
  watchlists: { alias: string; file: string }[];
  diagnostics: { code: string; severity: string; message: string; file: string | null; line: number | null }[];
  skipped: { file: string; reason: string }[];
  store: string;
}

const range = (r: { from: string; to: string } | null) => (r === null ? "" : `${shortTime(r.from)} → ${shortTime(r.to)}`);

export function DataPage({ rev }: { rev: number }) {
  const { data, error } = useJson<DataSummary>("/api/data", [rev]);
  if (error) return <ErrorLine error={error} />;
  if (data === undefined) return <p class="muted">Loading…</p>;
  const problems = data.diagnostics.filter((d) => d.severity !== "info");
  return (
    <section>
      <h1>Data</h1>
      <h2>Loaded tables</h2>
      <table class="data-tables">
        <thead>
          <tr>
            <th>Table</th>
            <th>Rows</th>
            <th>Columns</th>
            <th>Time range (UTC)</th>
            <th>Files</th>
          </tr>
        </thead>
        <tbody>
          {data.tables.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td class="num">{t.rows.toLocaleString("en-US")}</td>
              <td class="num">{t.columns}</td>
              <td>{range(t.timeRange)}</td>
              <td class="small">{t.files.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.tables.length === 0 ? <p class="muted">No data loaded: start widar serve with --data DIR.</p> : null}
      <h2>Store ({data.store})</h2>
      <table>
        <tbody>
          {data.storeTables.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td class="num">{t.rows.toLocaleString("en-US")}</td>
              <td>{range(t.timeRange)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Watchlists</h2>
      <ul>
        {data.watchlists.map((w) => (
          <li>
            {w.alias} <span class="muted small">{w.file}</span>
          </li>
        ))}
      </ul>
      <h2>Rejected records and load problems ({problems.length})</h2>
      <table class="problems">
        <tbody>
          {problems.map((d) => (
            <tr>
              <td class="small">
                {d.file ?? ""}
                {d.line !== null ? `:${d.line}` : ""}
              </td>
              <td>{d.severity}</td>
              <td>{d.code}</td>
              <td>{d.message}</td>
            </tr>
          ))}
          {data.skipped.map((s) => (
            <tr>
              <td class="small">{s.file}</td>
              <td>skipped</td>
              <td />
              <td>{s.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
