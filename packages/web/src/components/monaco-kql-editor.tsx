/**
 * The console's editor: Monaco with monaco-kusto (Microsoft's Kusto language: highlighting,
 * completion and diagnostics by Kusto.Language against the catalog from /api/schema), and the
 * server's diagnostics of the last run as markers at their spans. Ctrl+Enter (or Shift+Enter) runs.
 * If Monaco cannot load (its chunk or workers refused), the plain editor takes its place and says so.
 *
 * Monaco owns the text once created (`value` is its first text; each edit comes back through
 * onChange): pushing `value` back in would race the keystrokes typed before a render and loop.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Diagnostic, SchemaTable } from "../api";
import type { KqlMonaco } from "../monaco/kql-monaco";
import { KqlEditor } from "./kql-editor";

export function MonacoKqlEditor(props: {
  value: string;
  onChange: (v: string) => void;
  onRun: (text?: string) => void;
  schema: readonly SchemaTable[] | undefined;
  watchlists: readonly string[];
  /** The text the diagnostics are about (the query of the last run). */
  ranText: string | undefined;
  diagnostics: readonly Diagnostic[];
}) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<KqlMonaco>();
  const latest = useRef(props);
  latest.current = props;
  const [failed, setFailed] = useState<string>();
  const [ready, setReady] = useState(false);
  const [marked, setMarked] = useState<string[]>([]);

  useEffect(() => {
    let disposed = false;
    import("../monaco/kql-monaco")
      .then(({ createKqlMonaco }) => {
        if (disposed || host.current === null) return;
        editor.current = createKqlMonaco(host.current, {
          value: latest.current.value,
          onChange: (v) => latest.current.onChange(v),
          onRun: (text) => latest.current.onRun(text),
        });
        setReady(true);
      })
      .catch((e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
    return () => {
      disposed = true;
      editor.current?.dispose();
      editor.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (ready && props.schema !== undefined) {
      editor.current?.setSchema(props.schema, props.watchlists).catch((e: unknown) => setFailed(`the Kusto language worker: ${e instanceof Error ? e.message : String(e)}`));
    }
  }, [ready, props.schema, props.watchlists]);

  useEffect(() => {
    if (ready && props.ranText !== undefined) setMarked(editor.current?.markServerDiagnostics(props.ranText, props.diagnostics) ?? []);
  }, [ready, props.ranText, props.diagnostics]);

  if (failed !== undefined && !ready) {
    return (
      <div>
        <p class="muted small editor-fallback" role="status">
          The KQL editor (Monaco) did not load ({failed}); this plain editor completes from the same tables.
        </p>
        <KqlEditor value={props.value} onChange={props.onChange} onRun={() => props.onRun()} schema={props.schema ?? []} diagnostics={props.diagnostics} />
      </div>
    );
  }
  return (
    <div>
      {failed !== undefined ? (
        <p class="muted small editor-fallback" role="status">
          Completion and checking are off: {failed}
        </p>
      ) : null}
      <div class="monaco-host" ref={host} data-testid="kql-monaco" data-ready={ready ? "true" : "false"} data-server-markers={marked.join(" ")} />
    </div>
  );
}
