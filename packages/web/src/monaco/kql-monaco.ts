/**
 * Monaco with Microsoft's Kusto language (monaco-kusto), loaded only when the console opens (its
 * chunk and workers are megabytes). Two workers, each its own file from this origin (the CSP
 * allows no other): monaco's editor worker and monaco-kusto's language worker, which runs
 * Kusto.Language for completion, highlighting and diagnostics against the schema it is given.
 */
import "monaco-editor/esm/vs/editor/edcore.main";
import { getKustoWorker, themeNames } from "@kusto/monaco-kusto";
import * as monaco from "monaco-editor/esm/vs/editor/editor.api";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker?worker";
import KustoWorker from "@kusto/monaco-kusto/release/esm/kusto.worker?worker";
import type { Diagnostic, SchemaTable } from "../api";
import { engineSchema } from "./kusto-schema";

(self as unknown as { MonacoEnvironment: monaco.Environment }).MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === "kusto" ? new KustoWorker() : new EditorWorker()),
};

/** The owner of the server's markers (monaco-kusto's own are "kusto"): replaced on each run, cleared on an edit. */
const SERVER = "widar";

export interface KqlMonaco {
  readonly editor: monaco.editor.IStandaloneCodeEditor;
  setSchema(tables: readonly SchemaTable[], watchlists: readonly string[]): Promise<void>;
  /** The server's diagnostics of the last run, as markers at their spans; returns what was placed ("line:col-line:col"). */
  markServerDiagnostics(text: string, diagnostics: readonly Diagnostic[]): string[];
  dispose(): void;
}

const SEVERITY: Record<string, monaco.MarkerSeverity> = {
  error: monaco.MarkerSeverity.Error,
  warning: monaco.MarkerSeverity.Warning,
};

export function createKqlMonaco(host: HTMLElement, opts: { value: string; onChange: (v: string) => void; onRun: (text: string) => void }): KqlMonaco {
  const model = monaco.editor.createModel(opts.value, "kusto");
  const editor = monaco.editor.create(host, {
    model,
    theme: themeNames.light,
    ariaLabel: "KQL query",
    automaticLayout: true,
    minimap: { enabled: false },
    scrollBeyondLastLine: false,
    fontSize: 13,
    lineNumbers: "on",
    renderLineHighlight: "none",
    fixedOverflowWidgets: true,
    suggest: { showStatusBar: false },
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => opts.onRun(model.getValue()));
  editor.addCommand(monaco.KeyMod.Shift | monaco.KeyCode.Enter, () => opts.onRun(model.getValue()));
  const changes = model.onDidChangeContent(() => {
    monaco.editor.setModelMarkers(model, SERVER, []);
    opts.onChange(model.getValue());
  });
  return {
    editor,
    async setSchema(tables, watchlists) {
      const worker = await (await getKustoWorker())(model.uri);
      // monaco-kusto re-checks the open text itself when the schema changes.
      await worker.setSchema(engineSchema(tables, watchlists));
    },
    markServerDiagnostics(text, diagnostics) {
      if (text !== model.getValue()) return [];
      const markers: monaco.editor.IMarkerData[] = [];
      for (const d of diagnostics) {
        if (d.span === null) continue;
        const start = model.getPositionAt(d.span.start);
        const end = model.getPositionAt(d.span.start + Math.max(1, d.span.length));
        markers.push({
          owner: SERVER,
          code: d.code,
          source: "widar",
          message: d.message,
          severity: SEVERITY[d.severity] ?? monaco.MarkerSeverity.Info,
          startLineNumber: start.lineNumber,
          startColumn: start.column,
          endLineNumber: end.lineNumber,
          endColumn: end.column,
        } as monaco.editor.IMarkerData);
      }
      monaco.editor.setModelMarkers(model, SERVER, markers);
      return markers.map((m) => `${m.startLineNumber}:${m.startColumn}-${m.endLineNumber}:${m.endColumn}`);
    },
    dispose() {
      changes.dispose();
      editor.dispose();
      model.dispose();
    },
  };
}
