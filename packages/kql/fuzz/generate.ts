/**
 * Fuzz cases, each a query made from (seed, index) alone, so that any case can be replayed:
 *
 * - `mutate`: a corpus query (the pack, the docs' examples, practitioners' queries) with one to
 *   three mutations: a token deleted, duplicated or swapped, a number or string replaced by an
 *   extreme one, an operator inserted after a pipe, the whole wrapped in let/materialize/union;
 * - `function`: a call of a registered scalar function with arguments of random types and
 *   values (ordinary, null, extreme), type-directed: up to eight argument lists are tried
 *   against the analyser and the first that binds is kept;
 * - `aggregate`: the same for an aggregate, in summarize (with and without `by`);
 * - `pipeline`: a random chain of tabular operators over a table of every type;
 * - `nesting`: parentheses, calls, iff, lets, tabular lets or pipes nested to a random depth
 *   (up to 20,000).
 */
import { analysisDiagnostics, builtinNames } from "../src/analyze/kusto-language.js";
import { arityOf } from "../src/functions/arity.js";
import { aggregateFunctions, scalarFunctions } from "../src/functions/registry.js";
import type { KType } from "../src/index.js";
import { loadCorpus } from "./corpus.js";
import { ALL_TYPES_SCHEMA, LITERALS, fuzzCatalog } from "./fuzz-catalog.js";
import { Rng } from "./rng.js";

export type CaseKind = "mutate" | "function" | "aggregate" | "pipeline" | "nesting";

export interface FuzzCase {
  readonly index: number;
  readonly kind: CaseKind;
  readonly query: string;
}

const TYPES = Object.keys(LITERALS) as KType[];
const COLUMNS = ALL_TYPES_SCHEMA.map((c) => c.name);

function scalarOf(rng: Rng, depth = 0): string {
  if (rng.chance(0.35)) return rng.pick(COLUMNS);
  if (depth < 2 && rng.chance(0.15)) return randomCall(rng, depth + 1) ?? rng.pick(LITERALS[rng.pick(TYPES)]);
  return rng.pick(LITERALS[rng.pick(TYPES)]);
}

let callable: { functions: string[]; infix: string[] } | undefined;

/** Registered scalar functions Kusto writes as calls, and the operators it writes infix. */
function callableNames(): { functions: string[]; infix: string[] } {
  if (callable !== undefined) return callable;
  const kusto = new Set(builtinNames().functions);
  const functions: string[] = [];
  const infix: string[] = [];
  for (const name of [...scalarFunctions.keys()].sort()) (kusto.has(name) ? functions : infix).push(name);
  callable = { functions, infix };
  return callable;
}

const INFIX_SPELLING: Record<string, string> = { matches_regex: "matches regex", "!matches_regex": "!matches regex", negate: "-" };

function render(name: string, args: string[]): string {
  const { functions } = callableNames();
  if (functions.includes(name)) return `${name}(${args.join(", ")})`;
  const op = INFIX_SPELLING[name] ?? name;
  if (args.length === 1) return `${op}(${args[0]})`;
  if (name === "between" || name === "!between") return `${args[0]} ${op} (${args[1]} .. ${args[2] ?? args[1]})`;
  if (/^!?in~?$|^has_(any|all)$/.test(name)) return `${args[0]} ${op} (${args.slice(1).join(", ")})`;
  return `(${args[0]}) ${op} (${args[1] ?? args[0]})`;
}

function argsFor(kind: "scalar" | "aggregate", name: string, rng: Rng, depth: number): string[] {
  const [min, max] = arityOf(kind, name) ?? [0, 3];
  const n = rng.int(min, Math.min(max, min + 3));
  return Array.from({ length: n }, () => scalarOf(rng, depth));
}

function randomCall(rng: Rng, depth: number): string | undefined {
  const { functions, infix } = callableNames();
  const name = rng.chance(0.8) ? rng.pick(functions) : rng.pick(infix);
  return render(name, argsFor("scalar", name, rng, depth));
}

/**
 * A query of `make`'s text that binds, trying up to eight draws (type-directed by the analyser).
 * A draw the analyser itself throws on is kept: it is a case the engine must answer too.
 */
function binding(make: () => string): string {
  let q = make();
  const tables = fuzzCatalog().forAnalyzer();
  for (let tries = 0; tries < 8; tries++) {
    try {
      if (!analysisDiagnostics(q, tables).some((d) => d.severity === "error")) return q;
    } catch {
      return q;
    }
    q = make();
  }
  return q;
}

function functionCase(rng: Rng): string {
  const { functions, infix } = callableNames();
  const name = rng.chance(0.85) ? rng.pick(functions) : rng.pick(infix);
  return binding(() => {
    const call = render(name, argsFor("scalar", name, rng, 0));
    return rng.chance(0.5) ? `T | extend r = ${call} | project r` : `print r = ${call.replace(/\bc_\w+\b/g, () => rng.pick(LITERALS[rng.pick(TYPES)]))}`;
  });
}

function aggregateCase(rng: Rng): string {
  const name = rng.pick([...aggregateFunctions.keys()].sort());
  return binding(() => {
    const call = `${name}(${argsFor("aggregate", name, rng, 1).join(", ")})`;
    const by = rng.chance(0.5) ? ` by ${rng.pick(COLUMNS)}` : "";
    return `${rng.chance(0.3) ? "T | union U | mv-expand c_dynamic" : "T"} | summarize r = ${call}${by}`;
  });
}

/** Tabular operators the pipeline generator and the mutator insert. */
const OPERATORS: readonly ((rng: Rng) => string)[] = [
  (r) => `where ${scalarOf(r)} == ${scalarOf(r)}`,
  (r) => `extend e${r.int(0, 9)} = ${scalarOf(r)}`,
  (r) => `project ${r.pick(COLUMNS)}, ${r.pick(COLUMNS)}`,
  () => "project-away c_int",
  (r) => `summarize count(), make_set(${r.pick(COLUMNS)}) by ${r.pick(COLUMNS)}`,
  (r) => `sort by ${r.pick(COLUMNS)} ${r.pick(["asc", "desc"])}`,
  (r) => `take ${r.pick(["0", "1", "1000000000", "-1"])}`,
  (r) => `top ${r.pick(["0", "3", "4503599627370497"])} by ${r.pick(COLUMNS)}`,
  () => "distinct *",
  () => "count",
  (r) => `sample ${r.pick(["0", "2", "100"])}`,
  (r) => `mv-expand ${r.pick(["c_dynamic", "x = range(1, 1000)", "c_dynamic to typeof(long)", "x = range(1, 1000000000)"])}`,
  () => "mv-apply d = c_dynamic on (summarize count())",
  () => "evaluate bag_unpack(c_dynamic)",
  () => "evaluate pivot(c_string)",
  () => "evaluate narrow()",
  (r) => `join kind=${r.pick(["inner", "leftouter", "fullouter", "leftanti", "rightsemi", "innerunique"])} (U) on c_long`,
  () => "lookup (U | project c_long, z = 1) on c_long",
  () => "union U",
  () => "as X | union X",
  () => "serialize rn = row_number(), p = prev(c_long)",
  () => "scan with (step s1: c_long > 0;)",
  () => "make-series n = count() default = 0 on c_datetime step 1d",
  () => "parse c_string with a ',' b",
  () => "parse-kv c_string as (a:string) with (pair_delimiter=',', kv_delimiter='=')",
  () => "reduce by c_string",
  () => "getschema",
  () => "top-nested 2 of c_string by count()",
  () => "partition by c_bool (take 1)",
  () => "consume",
  () => "summarize by bin(c_datetime, 1h)",
  () => "extend z = strrep(strcat(c_string, 'x'), 1000000000)",
  () => "order by c_real nulls first",
];

function pipelineCase(rng: Rng): string {
  const n = rng.int(1, 6);
  const ops = Array.from({ length: n }, () => rng.pick(OPERATORS)(rng));
  return `${rng.pick(["T", "U", "T | union U", "range x from 1 to 1000 step 1 | extend c_long = x, c_dynamic = pack_array(x)"])} | ${ops.join(" | ")}`;
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\d+(?:\.\d+)?(?:e[+-]?\d+)?|[A-Za-z_][\w-]*|\S/gi;

function mutateCase(rng: Rng): string {
  const { queries } = loadCorpus();
  let q = queries.length > 0 ? rng.pick(queries) : "T | take 1";
  const rounds = rng.int(1, 3);
  for (let r = 0; r < rounds; r++) {
    const tokens = [...q.matchAll(TOKEN)].map((m) => ({ text: m[0], at: m.index! }));
    if (tokens.length === 0) break;
    const t = rng.pick(tokens);
    const replace = (s: string) => `${q.slice(0, t.at)}${s}${q.slice(t.at + t.text.length)}`;
    switch (rng.int(0, 7)) {
      case 0:
        q = replace("");
        break;
      case 1:
        q = replace(`${t.text} ${t.text}`);
        break;
      case 2: {
        const u = rng.pick(tokens);
        q = replace(u.text);
        break;
      }
      case 3:
        q = /^\d/.test(t.text) ? replace(rng.pick(["0", "-1", "1e308", "4503599627370497", "1000000000", "9223372036854775807"])) : q;
        break;
      case 4:
        q = /^["']/.test(t.text) ? replace(rng.pick(LITERALS.string)) : q;
        break;
      case 5: {
        const pipes = tokens.filter((k) => k.text === "|");
        if (pipes.length > 0) {
          const p = rng.pick(pipes);
          q = `${q.slice(0, p.at + 1)} ${rng.pick(OPERATORS)(rng)} |${q.slice(p.at + 1)}`;
        }
        break;
      }
      case 6:
        q = rng.pick([`let q = () { ${q} };\nq() | union q()`, `let m = materialize(${q});\nm | join (m) on $left.TimeGenerated == $right.TimeGenerated`, `print toscalar(${q})`]);
        break;
      case 7:
        q = /^[A-Za-z_]/.test(t.text) ? replace(rng.pick([...COLUMNS, "T", "U", "nosuch", "_GetWatchlist('x')"])) : q;
        break;
    }
  }
  return q;
}

const DEPTHS = [10, 100, 300, 480, 520, 1000, 3000, 20000];

function nestingCase(rng: Rng): string {
  const n = rng.pick(DEPTHS);
  switch (rng.int(0, 5)) {
    case 0:
      return `print x = ${"(".repeat(n)}1${")".repeat(n)}`;
    case 1:
      return `print x = ${"abs(".repeat(n)}1${")".repeat(n)}`;
    case 2:
      return `print x = ${"iff(true, ".repeat(n)}1${", 2)".repeat(n)}`;
    case 3: {
      const k = Math.min(n, 700);
      return `${Array.from({ length: k }, (_, i) => `let v${i} = ${i === 0 ? "1" : `v${i - 1} + 1`};`).join("\n")}\nprint v${k - 1}`;
    }
    case 4: {
      const k = Math.min(n, 700);
      return `${Array.from({ length: k }, (_, i) => `let t${i} = ${i === 0 ? "print x = 1" : `t${i - 1} | extend x = x + 1`};`).join("\n")}\nt${k - 1}`;
    }
    default:
      return `print x = ${Array.from({ length: n }, () => "1").join(" + ")}`;
  }
}

const KINDS: readonly [CaseKind, number][] = [
  ["mutate", 0.45],
  ["function", 0.22],
  ["aggregate", 0.13],
  ["pipeline", 0.14],
  ["nesting", 0.06],
];

export function generateCase(seed: number, index: number): FuzzCase {
  const rng = new Rng(seed, index);
  let u = rng.next();
  let kind: CaseKind = "mutate";
  for (const [k, w] of KINDS) {
    if (u < w) {
      kind = k;
      break;
    }
    u -= w;
  }
  const query =
    kind === "mutate" ? mutateCase(rng) : kind === "function" ? functionCase(rng) : kind === "aggregate" ? aggregateCase(rng) : kind === "pipeline" ? pipelineCase(rng) : nestingCase(rng);
  return { index, kind, query };
}
