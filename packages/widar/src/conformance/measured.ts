/**
 * The "Measured on real content" section of docs/kql-coverage.md: the documentation examples'
 * and the practitioner corpus's figures, from the checked-in lists their tests enforce
 * (test/conformance/known-failures.json, corpus-expectations.json). The figures follow from the
 * lists because the tests fail when a list and a run disagree; scripts/gen-coverage.mjs writes it.
 */
import type { ConformanceCase } from "./conformance-runner.js";

export interface MeasuredInputs {
  /** The docs cases file's cases (../shared/conformance/kql-docs.jsonl). */
  readonly docsCases: readonly ConformanceCase[];
  readonly knownFailures: readonly { readonly category: string }[];
  readonly corpus: { readonly corpus: string; readonly queries: number; readonly failures: readonly { readonly class: string }[] };
}

function counts(items: readonly string[]): string {
  const m = new Map<string, number>();
  for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
  return [...m]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${n} ${k}`)
    .join(", ");
}

export function renderMeasured(m: MeasuredInputs): string {
  const untagged = m.docsCases.filter((c) => c.tags.length === 0).length;
  const docsFailed = m.knownFailures.length;
  const q = m.corpus.queries;
  const corpusFailed = m.corpus.failures.length;
  return [
    "## Measured on real content",
    "",
    "Regenerated with this file; the figures follow from the lists that the conformance tests",
    "enforce (a case failing off its list, or passing on it, fails the tests).",
    "",
    `- KQL documentation examples (\`../shared/conformance/kql-docs.jsonl\`, the ${untagged} untagged cases): ` +
      `${untagged - docsFailed} passed, ${docsFailed} failed (\`packages/widar/test/conformance/known-failures.json\`: ${counts(m.knownFailures.map((k) => k.category))}).`,
    `- Practitioner queries (\`../shared/corpus/${m.corpus.corpus}\`, ${q} queries; \`widar conformance --corpus DIR\`): ` +
      `${q - corpusFailed} passed, ${corpusFailed} failed (\`packages/widar/test/conformance/corpus-expectations.json\`: ${counts(m.corpus.failures.map((f) => f.class))}).`,
    "",
  ].join("\n");
}
