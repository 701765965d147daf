/** Where the repository and the read-only shared folder are, from src (tsx) or dist (compiled). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
export const SHARED = join(REPO_ROOT, "..", "shared");

/**
 * A seed rule's query, verbatim: from its first `// Rule` header comment line up to (not
 * including) the first line of prose after the query (`Explanation` / `This query is …`).
 */
export function seedQuery(file: "rule-sp-creation-burst.txt" | "rule-19-sp-risk-escalation.txt"): string {
  const text = readFileSync(join(SHARED, "seeds", file), "utf8");
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("// Rule"));
  let end = lines.findIndex((l, i) => i > start && (l.startsWith("Explanation") || l.startsWith("This query is designed")));
  if (start < 0 || end < 0) throw new Error(`cannot find the query in ${file}`);
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return `${lines.slice(start, end).join("\n")}\n`;
}

/**
 * The source folder of a test module: compiled tests run from `dist/test/…`, but their fixture
 * files stay beside the TypeScript sources in `test/…` (tsc copies no data files).
 */
export function sourceDirOf(importMetaUrl: string): string {
  return dirname(fileURLToPath(importMetaUrl)).replace(/([\\/])dist([\\/]test)(?=[\\/]|$)/, "$1test").replace(/([\\/])test[\\/]test(?=[\\/]|$)/, "$1test");
}
