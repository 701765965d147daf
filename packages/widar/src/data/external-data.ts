/**
 * Local copies of the files a query's `externaldata [URL, …]` reads: widar fetches nothing, so
 * the user maps each URL to a file (`--externaldata URL=PATH`) or names a directory of cached
 * copies (`--externaldata DIR`). In a directory a URL's copy is, first found: the file named
 * `encodeURIComponent(URL)`, the URL's host and path below DIR (`DIR/host/a/b.csv`), or the
 * URL's last path segment (`DIR/b.csv`).
 *
 * In: the arguments, the query texts. Out: the text of each URL's copy, for Catalog.addExternalData;
 * problems as WC diagnostics. A URL with no copy is left out: the engine reads it as an empty
 * table and warns (WQ017).
 *
 * @example
 * const sources = parseExternalDataArgs(["https://x/list.csv=./list.csv", "./cache"]);
 * for (const [url, text] of localCopies(["externaldata(a:string)['https://x/list.csv']"], sources)) catalog.addExternalData(url, text);
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

export interface ExternalDataSources {
  /** URL → file. */
  readonly files: ReadonlyMap<string, string>;
  /** Directories of cached copies. */
  readonly dirs: readonly string[];
}

export const NO_EXTERNAL_DATA: ExternalDataSources = { files: new Map(), dirs: [] };

/** `URL=PATH` or `DIR` arguments; an unreadable path is an error message. */
export function parseExternalDataArgs(args: readonly string[]): { sources: ExternalDataSources; errors: string[] } {
  const files = new Map<string, string>();
  const dirs: string[] = [];
  const errors: string[] = [];
  for (const a of args) {
    // A URL holds `=` in its query string: the mapping splits at the last one.
    const eq = a.lastIndexOf("=");
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(a) && eq > 0) {
      const [url, path] = [a.slice(0, eq), a.slice(eq + 1)];
      if (!existsSync(path)) errors.push(`--externaldata ${a}: file not found`);
      else files.set(url, path);
    } else if (existsSync(a) && statSync(a).isDirectory()) dirs.push(a);
    else errors.push(`--externaldata ${a}: expected URL=PATH or a directory of cached files`);
  }
  return { sources: { files, dirs }, errors };
}

/** The string literals of the texts' externaldata URL lists. */
export function externalDataUrls(texts: readonly string[]): string[] {
  const urls = new Set<string>();
  for (const t of texts)
    for (const m of t.matchAll(/\bexternaldata\s*\([^)]*\)\s*\[([^\]]*)\]/gi))
      for (const s of m[1]!.matchAll(/h?@?(["'])(.*?)\1/g)) urls.add(s[2]!);
  return [...urls];
}

function inDirectory(dir: string, url: string): string | undefined {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const candidates = [join(dir, encodeURIComponent(url))];
  if (parsed !== undefined) {
    const path = decodeURIComponent(parsed.pathname);
    candidates.push(join(dir, parsed.host, path), join(dir, basename(path)));
  }
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

/** The text of the local copy of each URL the texts read that has one. */
export function localCopies(texts: readonly string[], sources: ExternalDataSources): Map<string, string> {
  const out = new Map<string, string>();
  if (sources.files.size === 0 && sources.dirs.length === 0) return out;
  for (const url of externalDataUrls(texts)) {
    const path = sources.files.get(url) ?? sources.dirs.map((d) => inDirectory(d, url)).find((p) => p !== undefined);
    if (path !== undefined) out.set(url, readFileSync(path, "utf8"));
  }
  return out;
}
