/**
 * One incident: its state and the analyst's actions (assign, comment, status, classify and close
 * with Sentinel's classifications), the suggested verdict with every reason and weight, the
 * timeline, the alerts, entities and IPs, the recommended actions with their commands, the report.
 */
import { useState } from "preact/hooks";
import { type IncidentDetail, postJson } from "../api";
import { ErrorLine } from "../components/error-line";
import { TimelineChart } from "../components/timeline-chart";
import { useJson } from "../components/use-json";
import { entityLabel, shortTime } from "../format";

function Actions({ d, onDone }: { d: IncidentDetail; onDone: () => void }) {
  const inc = d.incident;
  const [owner, setOwner] = useState(inc.owner ?? "");
  const [comment, setComment] = useState("");
  const [status, setStatus] = useState(inc.status);
  const [classification, setClassification] = useState(inc.classification ?? "TruePositive");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const send = async (body: Record<string, string>) => {
    setBusy(true);
    try {
      await postJson(`/api/incidents/${inc.incidentNumber}/actions`, body);
      setError(undefined);
      setComment("");
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const reasons = d.classifications[classification] ?? [];
  return (
    <div class="actions-panel">
      <div class="row">
        <label>
          Owner <input value={owner} onInput={(e) => setOwner((e.target as HTMLInputElement).value)} aria-label="Owner" />
        </label>
        <button type="button" disabled={busy} onClick={() => send({ owner })}>
          Assign
        </button>
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus((e.target as HTMLSelectElement).value)} aria-label="Status">
            <option>New</option>
            <option>Active</option>
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => send({ status })}>
          Set status
        </button>
      </div>
      <div class="row">
        <label>
          Classification{" "}
          <select value={classification} onChange={(e) => setClassification((e.target as HTMLSelectElement).value)} aria-label="Classification">
            {Object.keys(d.classifications).map((c) => (
              <option>{c}</option>
            ))}
          </select>
        </label>
        {reasons.length > 0 ? (
          <label>
            Reason{" "}
            <select value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)} aria-label="Reason">
              {reasons.map((r) => (
                <option value={r}>{r}</option>
              ))}
            </select>
          </label>
        ) : null}
        <button
          type="button"
          class="close-incident"
          disabled={busy}
          onClick={() =>
            send({ status: "Closed", classification, ...(reasons.includes(reason) ? { reason } : {}), ...(comment.trim() === "" ? {} : { comment }) })
          }
        >
          Close incident
        </button>
      </div>
      <div class="row">
        <textarea value={comment} rows={2} placeholder="Comment" aria-label="Comment" onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
        <button type="button" disabled={busy || comment.trim() === ""} onClick={() => send({ comment })}>
          Comment
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}

export function IncidentPage({ ref_, rev }: { ref_: string; rev: number }) {
  const { data: d, error, reload } = useJson<IncidentDetail>(`/api/incidents/${encodeURIComponent(ref_)}`, [rev]);
  const [showReport, setShowReport] = useState(false);
  if (error) return <ErrorLine error={error} />;
  if (d === undefined) return <p class="muted">Loading…</p>;
  const inc = d.incident;
  const reasons = d.alerts.flatMap((a) => (a.investigation?.verdict.reasons ?? []).map((r) => ({ ...r, alert: a.alertId })));
  const actions = d.alerts.flatMap((a) => a.investigation?.actions ?? []);
  const seenActions = new Set<string>();
  return (
    <section class="incident">
      <p>
        <a href="#/incidents">← Incidents</a>
      </p>
      <h1>
        #{inc.incidentNumber} <span class="title">{inc.title}</span>
      </h1>
      <p class="facts">
        <span class={`sev sev-${inc.severity}`}>{inc.severity}</span> · status <b class="incident-status">{inc.status}</b>
        {inc.classification ? (
          <span class="incident-classification">
            {" "}
            · {inc.classification}
            {inc.classificationReason ? ` / ${inc.classificationReason}` : ""}
          </span>
        ) : null}{" "}
        · owner {inc.owner ?? "unassigned"} · rule {inc.ruleId} · {shortTime(inc.firstActivity)} → {shortTime(inc.lastActivity)} UTC · {inc.alertCount} alert(s)
      </p>
      <Actions d={d} onDone={reload} />
      <h2>
        Suggested verdict: <span class={`verdict verdict-${d.verdict ?? "none"}`}>{d.verdict ?? "not investigated"}</span>
      </h2>
      <table class="reasons">
        <thead>
          <tr>
            <th>Weight</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {reasons.map((r) => (
            <tr class="reason">
              <td class={r.weight > 0 ? "num towards-malicious" : "num towards-benign"}>{r.weight > 0 ? `+${r.weight}` : String(r.weight)}</td>
              <td>{r.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Timeline</h2>
      <TimelineChart timeline={d.timeline} />
      <h2>Alerts</h2>
      <ul class="alerts">
        {d.alerts.map((a) => (
          <li>
            <b>{a.displayName}</b> <span class="muted">({a.severity}, {shortTime(a.startTime)} → {shortTime(a.endTime)}; {a.alertId.slice(0, 8)})</span>
            <div class="muted">{a.description}</div>
          </li>
        ))}
      </ul>
      <h2>Entities</h2>
      <ul class="entity-list">
        {inc.entities.map((e) => (
          <li>{entityLabel(e)}</li>
        ))}
      </ul>
      {d.ips.length > 0 ? (
        <table class="ips">
          <thead>
            <tr>
              <th>IP</th>
              <th>ASN</th>
              <th>Organisation</th>
              <th>Country</th>
              <th>Kind</th>
              <th>Allowlisted</th>
              <th>Seen as</th>
            </tr>
          </thead>
          <tbody>
            {d.ips.map((ip) => (
              <tr>
                <td>{ip.address}</td>
                <td>{ip.asn ?? ""}</td>
                <td>{ip.organisation ?? ""}</td>
                <td>{ip.country ?? ""}</td>
                <td>{ip.networkKind ?? ""}</td>
                <td>{ip.allowlisted ? "yes" : "no"}</td>
                <td>{ip.roles.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2>Recommended actions</h2>
      {actions
        .filter((a) => !seenActions.has(a.title) && seenActions.add(a.title) !== undefined)
        .map((a) => (
          <div class="action">
            <h3>{a.title}</h3>
            <p>{a.why}</p>
            {a.commands.map((c) => (
              <pre title={c.tool}>
                <code>{c.text}</code>
              </pre>
            ))}
          </div>
        ))}
      <h2>Comments</h2>
      <ul class="comments">
        {d.comments.map((c) => (
          <li>
            <span class="muted">{shortTime(c.created)}</span> <b>{c.author}</b>: {c.message}
          </li>
        ))}
      </ul>
      <h2>Report</h2>
      <p>
        <a href={`/api/incidents/${inc.incidentNumber}/report?format=markdown&download=1`}>Download Markdown</a> ·{" "}
        <a href={`/api/incidents/${inc.incidentNumber}/report?format=html&download=1`}>Download HTML</a> ·{" "}
        <button type="button" onClick={() => setShowReport(!showReport)}>
          {showReport ? "Hide report" : "View report"}
        </button>
      </p>
      {showReport ? <iframe class="report" sandbox="" title="report" src={`/api/incidents/${inc.incidentNumber}/report?format=html`} /> : null}
    </section>
  );
}
