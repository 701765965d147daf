/**
 * Where the rule files are: `*.yaml` / `*.yml` / `*.kql` under the given paths. A directory is
 * searched recursively, skipping `fixtures/`, `watchlists/` and dot-entries (test data and
 * watchlist CSVs live beside the rules). The search never throws on what a directory holds: an
 * entry that cannot be examined (a dangling symbolic link, a link loop `a → b → a`, a directory
 * that cannot be listed) is returned as unreadable, and a link back to a directory being searched
 * (`self → .`) is one too, instead of being followed forever.
 */
import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";

const SKIP_DIRS = new Set(["fixtures", "watchlists", "node_modules"]);
export const SIDECAR = ".widar.yaml";

export interface RuleFileSearch {
  /** Rule files, sorted. */
  readonly files: string[];
  /** Paths given that do not exist. */
  readonly missing: string[];
  /** Entries of the searched directories that could not be examined, and why. */
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

export function isRuleFile(name: string): boolean {
  return /\.(ya?ml|kql)$/i.test(name) && !name.endsWith(SIDECAR) && !name.startsWith(".");
}

export function sidecarPath(kqlFile: string): string {
  return join(dirname(kqlFile), `${basename(kqlFile, extname(kqlFile))}${SIDECAR}`);
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "a symbolic link to nothing";
  if (code === "ELOOP") return "a loop of symbolic links";
  return (e as Error).message;
}

/**
 * The files under `root` that `wanted` names, sorted, searching the folders `skipDir` does not
 * name (dot-entries never); what cannot be examined is listed, not thrown.
 */
export function walkFiles(
  root: string,
  wanted: (name: string) => boolean,
  skipDir: (name: string) => boolean,
): { files: string[]; unreadable: { path: string; reason: string }[] } {
  const files: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  // Real paths of the folders searched (each once), and of those on the current path.
  const seen = new Set<string>();
  const walk = (dir: string, ancestors: readonly string[]) => {
    let names: string[];
    let real: string;
    try {
      real = realpathSync(dir);
      names = readdirSync(dir).sort();
    } catch (e) {
      unreadable.push({ path: dir, reason: reason(e) });
      return;
    }
    if (ancestors.includes(real)) {
      unreadable.push({ path: dir, reason: `a symbolic link back to ${real}, which holds it` });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const p = join(dir, name);
      let isDir: boolean;
      try {
        isDir = statSync(p).isDirectory();
      } catch (e) {
        unreadable.push({ path: p, reason: reason(e) });
        continue;
      }
      if (isDir) {
        if (!skipDir(name)) walk(p, [...ancestors, real]);
      } else if (wanted(name)) files.push(p);
    }
  };
  walk(root, []);
  return { files, unreadable };
}

/** Rule files under the given paths (files are taken as given); paths that do not exist; entries that cannot be read. */
export function findRuleFiles(paths: readonly string[]): RuleFileSearch {
  const files: string[] = [];
  const missing: string[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  for (const p of paths) {
    if (!existsSync(p)) missing.push(p);
    else if (statSync(p).isDirectory()) {
      const found = walkFiles(p, isRuleFile, (name) => SKIP_DIRS.has(name));
      files.push(...found.files);
      unreadable.push(...found.unreadable);
    }
    // A sidecar named explicitly stands for the .kql rule it belongs to.
    else if (p.endsWith(SIDECAR)) files.push(`${p.slice(0, -SIDECAR.length)}.kql`);
    else files.push(p);
  }
  return { files: [...new Set(files)].sort(), missing, unreadable };
}
