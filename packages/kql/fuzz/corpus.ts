/**
 * What the fuzzer mutates: the rule pack's queries (`rules/`), the Kusto documentation's
 * examples (`../shared/conformance/kql-docs.jsonl`) and practitioners' queries
 * (`../shared/corpus/**.kql`), and the Log Analytics schemas of the tables they name. Each
 * source that is missing (a checkout without `../shared`) is simply left out.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KType, Schema } from "../src/index.js";

function findRepoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).workspaces !== undefined) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("repository root not found");
    dir = up;
  }
}

export const REPO_ROOT = findRepoRoot();
const SHARED = join(REPO_ROOT, "..", "shared");

function filesUnder(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) stack.push(p);
      else if (name.endsWith(ext)) out.push(p);
    }
  }
  return out.sort();
}

/** The `query: |` block of a rule YAML file (the fuzzer needs no YAML reader for it). */
function yamlQuery(text: string): string | undefined {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => /^query:\s*[|>]/.test(l));
  if (at < 0) return undefined;
  const body: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() !== "" && !/^\s/.test(l)) break;
    body.push(l.replace(/^ {2}/, ""));
  }
  return body.join("\n").trim();
}

export interface Corpus {
  readonly queries: readonly string[];
  /** Log Analytics tables by name (from widar's generated catalog). */
  readonly tables: ReadonlyMap<string, Schema>;
}

let cached: Corpus | undefined;

export function loadCorpus(): Corpus {
  if (cached !== undefined) return cached;
  const queries: string[] = [];
  const rules = join(REPO_ROOT, "rules");
  for (const f of filesUnder(rules, ".kql")) if (!f.includes("fixtures")) queries.push(readFileSync(f, "utf8"));
  for (const f of filesUnder(rules, ".yaml")) {
    if (f.includes("fixtures")) continue;
    const q = yamlQuery(readFileSync(f, "utf8"));
    if (q !== undefined) queries.push(q);
  }
  const docs = join(SHARED, "conformance", "kql-docs.jsonl");
  if (existsSync(docs))
    for (const line of readFileSync(docs, "utf8").split("\n")) if (line.trim() !== "") queries.push((JSON.parse(line) as { query: string }).query);
  for (const f of filesUnder(join(SHARED, "corpus"), ".kql")) queries.push(readFileSync(f, "utf8"));
  const tables = new Map<string, Schema>();
  const la = join(REPO_ROOT, "packages", "widar", "src", "catalog", "generated", "log-analytics-tables.json");
  if (existsSync(la)) {
    const json = JSON.parse(readFileSync(la, "utf8")) as Record<string, [string, string][]>;
    for (const [name, cols] of Object.entries(json)) tables.set(name, cols.map(([n, t]) => ({ name: n, type: t as KType })));
  }
  cached = { queries, tables };
  return cached;
}
