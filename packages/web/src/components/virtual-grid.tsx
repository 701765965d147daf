/**
 * A result grid that stays responsive at any row count: only the rows in view (and a few either
 * side) are in the DOM; a spacer gives the scrollbar the full height. Cells are text.
 */
import { useState } from "preact/hooks";
import type { ResultTable } from "../api";
import { cellText } from "../format";

const ROW_HEIGHT = 24;
const OVERSCAN = 10;
const VIEW_HEIGHT = 420;

export function VirtualGrid({ table }: { table: ResultTable }) {
  const [top, setTop] = useState(0);
  const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(table.rows.length, Math.ceil((top + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const width = `${table.columns.length * 180}px`;
  return (
    <div class="grid" data-testid="result-grid" data-rows={String(table.rows.length)}>
      <div class="grid-head" style={{ width }}>
        {table.columns.map((c) => (
          <div class="grid-cell" title={c.type}>
            {c.name}
          </div>
        ))}
      </div>
      <div class="grid-body" style={{ height: `${VIEW_HEIGHT}px` }} onScroll={(e) => setTop((e.target as HTMLDivElement).scrollTop)}>
        <div style={{ height: `${table.rows.length * ROW_HEIGHT}px`, width, position: "relative" }}>
          {table.rows.slice(first, last).map((row, k) => (
            <div class="grid-row" style={{ top: `${(first + k) * ROW_HEIGHT}px`, width }} data-row={String(first + k)}>
              {row.map((v) => (
                <div class="grid-cell">{cellText(v)}</div>
              ))}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
