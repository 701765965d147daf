/**
 * The console's editor: a textarea over a highlighted copy of its text (tokens coloured, the
 * server's diagnostics underlined at their spans), with completion from the catalog the engine
 * binds against (/api/schema: loaded and store tables, their columns; KQL's operators).
 * Tab or Enter accepts the highlighted completion; Ctrl+Enter (or Shift+Enter) runs the query.
 */
import { useMemo, useRef, useState } from "preact/hooks";
import type { Diagnostic, SchemaTable } from "../api";
import { KqlHighlight } from "./kql-highlight";

const OPERATORS = [
  "where", "project", "extend", "summarize", "count", "take", "top", "order by", "sort by", "join kind=inner", "union", "distinct",
  "render timechart", "render columnchart", "make-series", "mv-expand", "parse", "let", "bin(", "ago(", "now()", "count()", "dcount(",
  "countif(", "make_set(", "arg_max(", "has", "contains", "startswith", "in (", "between (", "isnotempty(", "tostring(", "todynamic(",
];

export function completionsFor(text: string, caret: number, schema: readonly SchemaTable[]): { from: number; items: string[] } {
  const before = text.slice(0, caret);
  const m = /[A-Za-z_][A-Za-z0-9_]*$/.exec(before);
  const prefix = m?.[0] ?? "";
  const from = caret - prefix.length;
  if (prefix === "") return { from, items: [] };
  const words = new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []);
  const named = schema.filter((t) => words.has(t.name));
  const atStart = /(^|[\n;=(])\s*[A-Za-z_0-9]*$/.test(before);
  const candidates = [
    ...schema.filter((t) => t.source !== "catalog" || atStart).map((t) => t.name),
    ...named.flatMap((t) => t.columns.map((c) => c.name)),
    ...OPERATORS,
  ];
  const p = prefix.toLowerCase();
  const items = [...new Set(candidates)].filter((c) => c.toLowerCase().startsWith(p) && c !== prefix);
  return { from, items: items.slice(0, 10) };
}

export function KqlEditor(props: {
  value: string;
  onChange: (v: string) => void;
  onRun: () => void;
  schema: readonly SchemaTable[];
  diagnostics: readonly Diagnostic[];
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState(0);
  const completion = useMemo(() => (open ? completionsFor(props.value, caret, props.schema) : { from: caret, items: [] }), [open, props.value, caret, props.schema]);
  const accept = (item: string) => {
    const text = props.value.slice(0, completion.from) + item + props.value.slice(caret);
    const at = completion.from + item.length;
    props.onChange(text);
    setOpen(false);
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(at, at);
      area.current?.focus();
      setCaret(at);
    });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey || e.shiftKey)) {
      e.preventDefault();
      setOpen(false);
      props.onRun();
      return;
    }
    if (completion.items.length > 0) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const n = completion.items.length;
        setSelected((s) => (s + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
        return;
      }
      if (e.key === "Tab" || e.key === "Enter") {
        e.preventDefault();
        accept(completion.items[Math.min(selected, completion.items.length - 1)]!);
        return;
      }
      if (e.key === "Escape") {
        setOpen(false);
        return;
      }
    }
    if (e.key === " " && e.ctrlKey) {
      e.preventDefault();
      setOpen(true);
    }
  };
  const onInput = (e: Event) => {
    const t = e.target as HTMLTextAreaElement;
    props.onChange(t.value);
    setCaret(t.selectionStart);
    setSelected(0);
    const typed = (e as InputEvent).data;
    setOpen(typeof typed === "string" && /[A-Za-z0-9_]$/.test(typed));
  };
  const syncScroll = () => {
    if (mirror.current && area.current) {
      mirror.current.scrollTop = area.current.scrollTop;
      mirror.current.scrollLeft = area.current.scrollLeft;
    }
  };
  return (
    <div class="editor">
      <div class="editor-mirror" ref={mirror}>
        <KqlHighlight text={props.value} diagnostics={props.diagnostics} class="kql-mirror" />
      </div>
      <textarea
        ref={area}
        class="editor-input"
        spellcheck={false}
        aria-label="KQL query"
        value={props.value}
        onInput={onInput}
        onKeyDown={onKeyDown}
        onScroll={syncScroll}
        onClick={(e) => setCaret((e.target as HTMLTextAreaElement).selectionStart)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      {completion.items.length > 0 ? (
        <div class="completions" role="listbox" data-testid="completions">
          {completion.items.map((item, k) => (
            <div
              role="option"
              tabIndex={-1}
              aria-selected={k === selected}
              class={k === selected ? "completion selected" : "completion"}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(item);
              }}
            >
              {item}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
