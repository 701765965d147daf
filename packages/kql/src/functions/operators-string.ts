/**
 * String operators: the term operators (`has`, `hasprefix`, `hassuffix`), substring operators
 * (`contains`, `startswith`, `endswith`), each with `_cs` (case-sensitive) and `!` (negated)
 * forms. Non-string arguments are converted with `tostring` semantics first.
 *
 * Term semantics (Kusto docs, "What is a term?"): a string is split into maximal runs of
 * alphanumeric characters; `has` matches whole terms. The needle is matched as a substring whose
 * ends fall on term boundaries where the needle itself begins/ends with an alphanumeric character.
 * So `"North America" has "america"`, `"10.0.0.0/8" has "/"` (no alphanumeric end to anchor),
 * `"a-b-c" has "b-c"`, but not `"abc" has "b"`. Non-ASCII characters count as alphanumeric
 * (Kusto does not split terms on them). An empty needle matches (chosen; the docs are silent).
 * Case-insensitive matching lower-cases both sides (invariant culture, as Kusto's ordinal-ignore-case).
 */
import { scalar, stringConv } from "./define.js";
import type { CallSite, RowKernel, ScalarFunction } from "./registry-types.js";

export function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

export type TermMode = "term" | "prefix" | "suffix";

/** Whether `needle` occurs in `hay` as a term (or term prefix/suffix); both already case-folded. */
export function hasTerm(hay: string, needle: string, mode: TermMode): boolean {
  const n = needle.length;
  if (n === 0) return true;
  const anchorStart = mode !== "suffix" && isTermChar(needle.charCodeAt(0));
  const anchorEnd = mode !== "prefix" && isTermChar(needle.charCodeAt(n - 1));
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return false;
    const okStart = !anchorStart || i === 0 || !isTermChar(hay.charCodeAt(i - 1));
    const okEnd = !anchorEnd || i + n === hay.length || !isTermChar(hay.charCodeAt(i + n));
    if (okStart && okEnd) return true;
    from = i + 1;
  }
}

type Test = (hay: string, needle: string) => boolean;

const TESTS: Record<string, Test> = {
  has: (h, n) => hasTerm(h, n, "term"),
  hasprefix: (h, n) => hasTerm(h, n, "prefix"),
  hassuffix: (h, n) => hasTerm(h, n, "suffix"),
  contains: (h, n) => h.includes(n),
  startswith: (h, n) => h.startsWith(n),
  endswith: (h, n) => h.endsWith(n),
};

/** Kernel for `<base>[_cs]` and its negation. */
function bindStringOp(base: string, cs: boolean, negated: boolean, site: CallSite): RowKernel {
  const test = TESTS[base]!;
  const ca = stringConv(site.argTypes[0] ?? "string");
  const cb = stringConv(site.argTypes[1] ?? "string");
  const fold = cs ? (s: string) => s : (s: string) => s.toLowerCase();
  const constant = site.constants[1];
  if (constant !== undefined) {
    const needle = fold(cb(constant));
    return (args) => test(fold(ca(args[0] ?? null)), needle) !== negated;
  }
  return (args) => test(fold(ca(args[0] ?? null)), fold(cb(args[1] ?? null))) !== negated;
}

function variants(): ScalarFunction[] {
  const out: ScalarFunction[] = [];
  for (const base of Object.keys(TESTS)) {
    for (const cs of [false, true]) {
      const name = cs ? `${base}_cs` : base;
      out.push(scalar(name, "string", (site) => bindStringOp(base, cs, false, site)));
      out.push(scalar(`!${name}`, "string", (site) => bindStringOp(base, cs, true, site)));
    }
  }
  return out;
}

export const stringOperatorFunctions: readonly ScalarFunction[] = variants();
