/**
 * The incident queue: severity, status, owner, rule, entities, first/last activity, alert count,
 * suggested verdict; filters (each a server-side filter of `widar incidents`), words, sort.
 */
import { useState } from "preact/hooks";
import type { IncidentRow } from "../api";
import { ErrorLine } from "../components/error-line";
import { useJson } from "../components/use-json";
import { entityLabel, shortTime } from "../format";

const COLUMNS: [string, string][] = [
  ["number", "#"],
  ["severity", "Severity"],
  ["status", "Status"],
  ["", "Title"],
  ["rule", "Rule"],
  ["owner", "Owner"],
  ["", "Entities"],
  ["firstActivity", "First activity"],
  ["lastActivity", "Last activity"],
  ["alerts", "Alerts"],
  ["", "Verdict"],
];

export function QueuePage({ rev }: { rev: number }) {
  const [severity, setSeverity] = useState("");
  const [status, setStatus] = useState("");
  const [rule, setRule] = useState("");
  const [owner, setOwner] = useState("");
  const [entity, setEntity] = useState("");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState("severity");
  const [order, setOrder] = useState("desc");
  const q = new URLSearchParams({ sort, order });
  for (const [k, v] of [["severity", severity], ["status", status], ["rule", rule], ["owner", owner], ["entity", entity], ["search", search]] as const) if (v !== "") q.set(k, v);
  const { data, error } = useJson<{ total: number; incidents: IncidentRow[] }>(`/api/incidents?${q}`, [rev]);
  const sortBy = (key: string) => {
    if (key === "") return;
    if (key === sort) setOrder(order === "desc" ? "asc" : "desc");
    else {
      setSort(key);
      setOrder("desc");
    }
  };
  const select = (label: string, value: string, set: (v: string) => void, options: string[]) => (
    <label>
      {label}{" "}
      <select value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)} aria-label={label}>
        <option value="">any</option>
        {options.map((o) => (
          <option value={o}>{o}</option>
        ))}
      </select>
    </label>
  );
  const text = (label: string, value: string, set: (v: string) => void) => (
    <label>
      {label}{" "}
      <input type="search" value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} aria-label={label} />
    </label>
  );
  return (
    <section>
      <h1>Incidents {data ? <small>({data.total})</small> : null}</h1>
      <div class="filters">
        {select("Severity", severity, setSeverity, ["High", "Medium", "Low", "Informational"])}
        {select("Status", status, setStatus, ["New", "Active", "Closed"])}
        {text("Rule", rule, setRule)}
        {text("Owner", owner, setOwner)}
        {text("Entity", entity, setEntity)}
        {text("Search", search, setSearch)}
      </div>
      <ErrorLine error={error} />
      <table class="queue">
        <thead>
          <tr>
            {COLUMNS.map(([key, label]) => (
              <th class={key === "" ? "" : "sortable"} onClick={() => sortBy(key)}>
                {label}
                {key === sort ? (order === "desc" ? " ▼" : " ▲") : ""}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(data?.incidents ?? []).map((i) => (
            <tr class="incident-row" data-number={String(i.incidentNumber)} onClick={() => (location.hash = `#/incidents/${i.incidentNumber}`)}>
              <td>
                <a href={`#/incidents/${i.incidentNumber}`}>{i.incidentNumber}</a>
              </td>
              <td class={`sev sev-${i.severity}`}>{i.severity}</td>
              <td class="status">{i.status}</td>
              <td class="title">{i.title}</td>
              <td>{i.ruleId}</td>
              <td>{i.owner ?? ""}</td>
              <td class="entities">
                {i.entities.slice(0, 4).map((e) => (
                  <div>{entityLabel(e)}</div>
                ))}
                {i.entities.length > 4 ? <div class="muted">+{i.entities.length - 4} more</div> : null}
              </td>
              <td>{shortTime(i.firstActivity)}</td>
              <td>{shortTime(i.lastActivity)}</td>
              <td class="num">{i.alertCount}</td>
              <td class={`verdict verdict-${i.verdict ?? "none"}`}>{i.verdict ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data && data.incidents.length === 0 ? <p class="muted">No incident matches.</p> : null}
    </section>
  );
}
