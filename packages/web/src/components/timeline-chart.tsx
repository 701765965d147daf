/**
 * The incident's timeline (uPlot): the triage's activity list (audit operations by the initiator
 * and on the targets; the alert's own records apart) and the sign-ins after the change, as points
 * on their lanes, with each alert's moment marked (its records' span shaded, a line at its run).
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { IncidentDetail } from "../api";

const LANES = ["", "sign-in after the change", "activity around the alert", "the alert's own records"];

export function TimelineChart({ timeline }: { timeline: IncidentDetail["timeline"] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null) return;
    const times = [...new Set([...timeline.activities.map((a) => a.timeMs), ...timeline.signIns.map((s) => s.timeMs), ...timeline.alerts.map((a) => a.windowEndMs)])].sort((a, b) => a - b);
    const index = new Map(times.map((t, i) => [t, i]));
    const lane = () => times.map(() => null as number | null);
    const signIns = lane();
    const activity = lane();
    const own = lane();
    for (const s of timeline.signIns) signIns[index.get(s.timeMs)!] = 1;
    for (const a of timeline.activities) (a.inAlert ? own : activity)[index.get(a.timeMs)!] = a.inAlert ? 3 : 2;
    const marks = timeline.alerts;
    const plot = new uPlot(
      {
        width: Math.max(400, el.clientWidth),
        height: 220,
        scales: { x: { time: true }, y: { range: [0.5, 3.5] } },
        axes: [{}, { values: (_u, ticks) => ticks.map((t) => LANES[t] ?? ""), splits: () => [1, 2, 3], size: 170 }],
        series: [
          {},
          { label: "sign-ins after", stroke: "#8250df", fill: "#8250df", paths: () => null, points: { show: true, size: 8, fill: "#8250df" } },
          { label: "activity", stroke: "#0969da", paths: () => null, points: { show: true, size: 8, fill: "#0969da" } },
          { label: "alert records", stroke: "#cf222e", paths: () => null, points: { show: true, size: 10, fill: "#cf222e" } },
        ],
        hooks: {
          draw: [
            (u) => {
              const ctx = u.ctx;
              ctx.save();
              for (const m of marks) {
                const x0 = u.valToPos(m.startMs / 1000, "x", true);
                const x1 = u.valToPos(m.endMs / 1000, "x", true);
                const xr = u.valToPos(m.windowEndMs / 1000, "x", true);
                ctx.fillStyle = "rgba(207, 34, 46, 0.12)";
                ctx.fillRect(Math.min(x0, x1) - 2, u.bbox.top, Math.abs(x1 - x0) + 4, u.bbox.height);
                ctx.strokeStyle = "#cf222e";
                ctx.setLineDash([4, 4]);
                ctx.beginPath();
                ctx.moveTo(xr, u.bbox.top);
                ctx.lineTo(xr, u.bbox.top + u.bbox.height);
                ctx.stroke();
              }
              ctx.restore();
            },
          ],
        },
      },
      [times.map((t) => t / 1000), signIns, activity, own],
      el,
    );
    return () => plot.destroy();
  }, [timeline]);
  return (
    <div class="timeline" data-testid="timeline">
      <div ref={host} />
      <p class="muted small">
        {timeline.activities.length} operation(s), {timeline.signIns.length} sign-in(s) after the change; shaded: the alert's records, dashed: the run that raised it.
      </p>
    </div>
  );
}
