/**
 * Regular-expression functions, all on RE2 (re2js) as Kusto's regexes are RE2: `matches regex`,
 * `extract`, `extract_all`, `replace_regex` (and the deprecated `replace`), `countof`, `trim`,
 * `trim_start`, `trim_end`. A constant pattern is compiled once at bind time; a per-row pattern
 * goes through a small cache. An invalid pattern is a query error (KqlError), not null.
 */
import { RE2JS } from "re2js";
import { KqlError } from "../diagnostics.js";
import type { Json, Value } from "../types.js";
import { convertTo, intConv, scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

const cache = new Map<string, RE2JS>();

/** Compiles an RE2 pattern (cached); an invalid one throws a KqlError naming the function. */
export function compileRegex(pattern: string, fn: string): RE2JS {
  let re = cache.get(pattern);
  if (re !== undefined) return re;
  try {
    re = RE2JS.compile(pattern);
  } catch (e) {
    throw new KqlError("WQ002", `runtime error in ${fn}: invalid regular expression '${pattern}': ${(e as Error).message}`);
  }
  if (cache.size > 256) cache.clear(); // bounded: per-row patterns must not grow memory forever
  cache.set(pattern, re);
  return re;
}

/** The pattern argument at index i: compiled once when constant, per row otherwise. */
function patternArg(site: CallSite, i: number): (args: readonly Value[]) => RE2JS {
  const conv = stringConv(site.argTypes[i] ?? "string");
  const c = site.constants[i];
  if (c !== undefined) {
    const re = compileRegex(conv(c), site.name);
    return () => re;
  }
  return (args) => compileRegex(conv(args[i] ?? null), site.name);
}

/** Every match of re in s, as [start, end, groups…] (group text null when unmatched). */
function* matches(re: RE2JS, s: string): Generator<{ start: number; end: number; group: (g: number) => string | null }> {
  const m = re.matcher(s);
  let guard = s.length + 2; // at most one (possibly empty) match per position
  while (guard-- > 0 && m.find()) {
    yield { start: m.start(), end: m.end(), group: (g: number) => m.group(g) };
  }
}

/** Expands a Kusto rewrite pattern: `\0`..`\9` are groups (unmatched → ""), other text literal. */
function expand(rewrite: string, group: (g: number) => string | null, groups: number): string {
  if (!rewrite.includes("\\")) return rewrite;
  return rewrite.replace(/\\(\d)/g, (whole, d: string) => {
    const g = Number(d);
    return g <= groups ? (group(g) ?? "") : whole;
  });
}

function replaceAll(re: RE2JS, s: string, rewrite: string): string {
  let out = "";
  let last = 0;
  const groups = re.groupCount();
  for (const m of matches(re, s)) {
    out += s.slice(last, m.start) + expand(rewrite, m.group, groups);
    last = m.end;
  }
  return out + s.slice(last);
}

function bindMatchesRegex(site: CallSite): RowKernel {
  const str = stringConv(site.argTypes[0] ?? "string");
  const pat = patternArg(site, 1);
  return (args) => pat(args).test(str(args[0] ?? null));
}

/** extract(regex, group, source [, typeof(T)]): "" (or null for other result types) if no match. */
function bindExtract(site: CallSite): RowKernel {
  const pat = patternArg(site, 0);
  const grp = intConv(site.argTypes[1] ?? "long");
  const src = stringConv(site.argTypes[2] ?? "string");
  const rt = site.resultType;
  const out = rt === "string" ? (s: string) => s : convertTo(rt, "string");
  const none: Value = rt === "string" ? "" : null;
  return (args) => {
    const re = pat(args);
    const g = grp(args[1] ?? null);
    if (g === null || g < 0 || g > re.groupCount()) return none;
    const m = re.matcher(src(args[2] ?? null));
    if (!m.find()) return none;
    const text = m.group(Math.trunc(g));
    return text === null ? none : out(text);
  };
}

/**
 * extract_all(regex, [groups,] source): per match, the group texts. No groups in the pattern →
 * the whole matches; one selected group → a flat array of strings; several → arrays of strings.
 * No match → null (as Kusto).
 */
function bindExtractAll(site: CallSite): RowKernel {
  const pat = patternArg(site, 0);
  const withGroups = site.argTypes.length > 2;
  const src = stringConv(site.argTypes[withGroups ? 2 : 1] ?? "string");
  return (args) => {
    const re = pat(args);
    const n = re.groupCount();
    let sel: number[];
    if (withGroups) {
      const g = args[1] ?? null;
      const names = re.namedGroups();
      const list = Array.isArray(g) ? g : [g];
      sel = [];
      for (const x of list) {
        const i = typeof x === "number" ? x : typeof x === "string" ? names[x] : undefined;
        if (i === undefined || !Number.isInteger(i) || i < 0 || i > n) return null;
        sel.push(i);
      }
    } else sel = n === 0 ? [0] : Array.from({ length: n }, (_, i) => i + 1);
    const out: Json[] = [];
    for (const m of matches(re, src(args[withGroups ? 2 : 1] ?? null))) {
      if (sel.length === 1) out.push(m.group(sel[0]!) ?? "");
      else out.push(sel.map((i) => m.group(i) ?? ""));
    }
    return out.length === 0 ? null : out;
  };
}

function bindReplace(site: CallSite, order: [number, number, number]): RowKernel {
  const [si, pi, ri] = order;
  const src = stringConv(site.argTypes[si] ?? "string");
  const rew = stringConv(site.argTypes[ri] ?? "string");
  const pat = patternArg(site, pi);
  return (args) => replaceAll(pat(args), src(args[si] ?? null), rew(args[ri] ?? null));
}

/** countof(text, search [, "normal"|"regex"]): normal counts overlapping occurrences, as Kusto. */
function bindCountof(site: CallSite): RowKernel {
  const text = stringConv(site.argTypes[0] ?? "string");
  const search = stringConv(site.argTypes[1] ?? "string");
  const kindConst = site.constants[2];
  const kindConv = stringConv(site.argTypes[2] ?? "string");
  const isRegex = (args: readonly Value[]) =>
    (kindConst !== undefined ? kindConv(kindConst) : site.argTypes.length > 2 ? kindConv(args[2] ?? null) : "normal").toLowerCase() === "regex";
  return (args) => {
    const s = text(args[0] ?? null);
    const needle = search(args[1] ?? null);
    if (isRegex(args)) {
      let n = 0;
      for (const m of matches(compileRegex(needle, site.name), s)) if (m.end > m.start || needle === "") n++;
      return n;
    }
    if (needle === "") return 0;
    let n = 0;
    for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
    return n;
  };
}

/** trim/trim_start/trim_end(regex, text): strips repeated matches of regex at the end(s). */
function bindTrim(site: CallSite, start: boolean, end: boolean): RowKernel {
  const text = stringConv(site.argTypes[1] ?? "string");
  const patConv = stringConv(site.argTypes[0] ?? "string");
  const compile = (p: string): [RE2JS | null, RE2JS | null] => [
    start ? compileRegex(`^(?:${p})+`, site.name) : null,
    end ? compileRegex(`(?:${p})+$`, site.name) : null,
  ];
  const c = site.constants[0];
  const fixedRes = c !== undefined && patConv(c) !== "" ? compile(patConv(c)) : undefined;
  return (args) => {
    let s = text(args[1] ?? null);
    const p = c !== undefined ? patConv(c) : patConv(args[0] ?? null);
    if (p === "") return s; // nothing to strip (and `(?:)+` is not a valid RE2 repetition)
    const [head, tail] = fixedRes ?? compile(p);
    if (head !== null) {
      const m = head.matcher(s);
      if (m.find()) s = s.slice(m.end());
    }
    if (tail !== null) {
      const m = tail.matcher(s);
      if (m.find()) s = s.slice(0, m.start());
    }
    return s;
  };
}

/**
 * indexof_regex(s, re [, start [, length [, occurrence]]]): where the occurrence-th match
 * begins (matches do not overlap), -1 if none; null for a negative start or occurrence < 1.
 */
function bindIndexofRegex(site: CallSite): RowKernel {
  const text = stringConv(site.argTypes[0] ?? "string");
  const pat = patternArg(site, 1);
  const num = site.argTypes.map((t) => intConv(t));
  return (args) => {
    const s = text(args[0] ?? null);
    const start = args.length > 2 ? num[2]!(args[2] ?? null) : 0;
    const length = args.length > 3 ? num[3]!(args[3] ?? null) : -1;
    const occurrence = args.length > 4 ? num[4]!(args[4] ?? null) : 1;
    if (start === null || length === null || occurrence === null || start < 0 || occurrence < 1 || length < -1) return null;
    if (start > s.length) return -1;
    const end = length === -1 ? s.length : Math.min(s.length, start + length);
    let n = 0;
    for (const m of matches(pat(args), s.slice(start, end))) if (++n === occurrence) return start + m.start;
    return -1;
  };
}

export const regexFunctions: readonly ScalarFunction[] = [
  scalar("regex_quote", "regex", (site) => {
    const s = stringConv(site.argTypes[0] ?? "string");
    return (args) => RE2JS.quote(s(args[0] ?? null));
  }),
  scalar("indexof_regex", "regex", bindIndexofRegex),
  scalar("matches regex", "regex", bindMatchesRegex),
  scalar("!matches regex", "regex", (site) => {
    const k = bindMatchesRegex(site);
    return (args) => !k(args);
  }),
  scalar("extract", "regex", bindExtract),
  scalar("extract_all", "regex", bindExtractAll),
  scalar("replace_regex", "regex", (site) => bindReplace(site, [0, 1, 2])),
  scalar("replace", "regex", (site) => bindReplace(site, [2, 0, 1])),
  scalar("countof", "string", bindCountof),
  scalar("trim", "string", (site) => bindTrim(site, true, true)),
  scalar("trim_start", "string", (site) => bindTrim(site, true, false)),
  scalar("trim_end", "string", (site) => bindTrim(site, false, true)),
];
