/**
 * The chart a query asks for with `render timechart` (lines over the first datetime column) or
 * `render columnchart`/`barchart` (bars over the first column): one series per numeric column.
 */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { ResultTable } from "../api";

const NUMERIC = new Set(["int", "long", "real", "decimal"]);
const COLOURS = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#57606a"];

export function ResultChart({ table, kind }: { table: ResultTable; kind: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (el === null || table.rows.length === 0) return;
    const timeCol = table.columns.findIndex((c) => c.type === "datetime");
    const xCol = kind === "timechart" && timeCol >= 0 ? timeCol : 0;
    const ys = table.columns.map((c, i) => ({ c, i })).filter(({ c, i }) => i !== xCol && NUMERIC.has(c.type));
    const time = table.columns[xCol]?.type === "datetime";
    const order = table.rows.map((_, i) => i);
    if (time) order.sort((a, b) => Date.parse(String(table.rows[a]![xCol])) - Date.parse(String(table.rows[b]![xCol])));
    const labels = order.map((i) => String(table.rows[i]![xCol]));
    const xs = time ? order.map((i) => Date.parse(String(table.rows[i]![xCol])) / 1000) : order.map((_, k) => k);
    const bars = kind !== "timechart";
    const plot = new uPlot(
      {
        width: Math.max(400, el.clientWidth),
        height: 260,
        scales: { x: { time } },
        axes: [time ? {} : { values: (_u, ticks) => ticks.map((t) => labels[t] ?? "") }, {}],
        series: [
          {},
          ...ys.map(({ c }, k) => ({
            label: c.name,
            stroke: COLOURS[k % COLOURS.length],
            fill: bars ? COLOURS[k % COLOURS.length] : undefined,
            ...(bars ? { paths: uPlot.paths.bars!({ size: [0.6, 60] }) } : {}),
          })),
        ],
      },
      [xs, ...ys.map(({ i }) => order.map((r) => (typeof table.rows[r]![i] === "number" ? (table.rows[r]![i] as number) : null)))],
      el,
    );
    return () => plot.destroy();
  }, [table, kind]);
  return <div class="result-chart" data-testid="result-chart" ref={host} />;
}
