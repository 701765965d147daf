/**
 * Runs a corpus of real-world `.kql` files (../shared/corpus/…) as a user would meet them: each
 * file split into its queries (./split-queries.ts), each query bound against the Log Analytics
 * catalog (the tables it names; AzureDiagnostics and *_CL with the suffix-typed columns it
 * names), lowered and executed once on empty tables. A query passes when all three succeed (one
 * reading externaldata reads it as an empty table, as `widar validate` does: counted apart); a
 * failure is classed by who can fix it (rules/validate/failure-class.ts).
 *
 * Files under a `Functions/` folder are run as queries too (they are saved functions' bodies),
 * and are also offered to the others as workspace functions, named after the file without its
 * `Function-` prefix (that repository's convention: "save as a function … then invoke via its name").
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";
import { type Diagnostic, type StoredFunction, compile, execute } from "@widar/kql";
import { buildCatalog } from "../data/load-catalog.js";
import { type FailureClass, failureClass } from "../rules/validate/failure-class.js";
import { splitQueries } from "./split-queries.js";

export interface CorpusQueryOutcome {
  /** The file, relative to the corpus directory, with `/` separators. */
  readonly file: string;
  /** The query's first line in the file (1-based). */
  readonly line: number;
  readonly passed: boolean;
  readonly failure?: FailureClass;
  /** The first error, for a failed query: `CODE: message` at `line:col` of the file. */
  readonly error?: string;
  /** It read externaldata, as an empty table (no local copy: WQ017). */
  readonly externalData?: boolean;
}

/** Every `.kql` file under the directory, relative, sorted. */
export function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.toLowerCase().endsWith(".kql")) out.push(relative(dir, p).split(sep).join("/"));
    }
  };
  walk(dir);
  return out;
}

function corpusFunctions(dir: string, files: readonly string[]): StoredFunction[] {
  return files
    .filter((f) => f.split("/").includes("Functions"))
    .map((f) => ({ name: basename(f, ".kql").replace(/^Function-/, ""), parameters: "()", body: readFileSync(join(dir, f), "utf8") }))
    .filter((f) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name));
}

function position(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

export async function runCorpusQuery(
  query: string,
  functions: readonly StoredFunction[],
  now: number,
): Promise<{ passed: boolean; failure?: FailureClass; first?: Diagnostic; externalData?: boolean }> {
  const { catalog } = await buildCatalog({ queryTexts: [query], tables: [], functions });
  const compiled = compile(query, catalog);
  let diagnostics = compiled.diagnostics;
  if (!diagnostics.some((d) => d.severity === "error")) diagnostics = execute(compiled, catalog, { now }).diagnostics;
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length === 0) return { passed: true, externalData: diagnostics.some((d) => d.code === "WQ017") };
  return { passed: false, failure: failureClass(query, errors) ?? "query-error", first: errors[0] };
}

/** Runs every query of every file; `onQuery` sees each outcome as it comes. */
export async function runCorpus(dir: string, onQuery?: (o: CorpusQueryOutcome) => void): Promise<CorpusQueryOutcome[]> {
  const files = corpusFiles(dir);
  const functions = corpusFunctions(dir, files);
  const now = Date.UTC(2024, 11, 22);
  const out: CorpusQueryOutcome[] = [];
  for (const file of files) {
    const text = readFileSync(join(dir, file), "utf8");
    for (const q of splitQueries(text)) {
      const r = await runCorpusQuery(q.text, functions, now);
      const at = r.first?.span === undefined ? "" : `${position(q.text, r.first.span.start).replace(/^(\d+)/, (n) => String(Number(n) + q.line - 1))}: `;
      const o: CorpusQueryOutcome = {
        file,
        line: q.line,
        passed: r.passed,
        ...(r.failure === undefined ? {} : { failure: r.failure }),
        ...(r.first === undefined ? {} : { error: `${at}${r.first.code}: ${r.first.message}` }),
        ...(r.externalData === true ? { externalData: true } : {}),
      };
      out.push(o);
      onQuery?.(o);
    }
  }
  return out;
}

/** `N passed, N failed` and the failures by class. */
export function corpusSummary(outcomes: readonly CorpusQueryOutcome[]): { passed: number; failed: number; externalData: number; byClass: Map<FailureClass, number> } {
  const byClass = new Map<FailureClass, number>();
  let passed = 0;
  let externalData = 0;
  for (const o of outcomes) {
    if (o.passed) passed++;
    else byClass.set(o.failure!, (byClass.get(o.failure!) ?? 0) + 1);
    if (o.externalData === true) externalData++;
  }
  return { passed, failed: outcomes.length - passed, externalData, byClass };
}
