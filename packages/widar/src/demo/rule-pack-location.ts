/** Where the folders shipped beside widar are: `rules/` (the pack) and `triage/queries/`, at the repository (package) root. */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function shippedFolder(rel: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, rel);
    if (existsSync(candidate) && existsSync(join(dir, "package.json"))) return candidate;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

export function defaultRulesDir(): string | undefined {
  return shippedFolder("rules");
}

/** The investigation queries (`triage/queries/*.kql`), which an analyst can read, rerun and change. */
export function defaultTriageQueriesDir(): string | undefined {
  return shippedFolder(join("triage", "queries"));
}
