/**
 * The built front end (`packages/web/dist`, made by the root build) served as files: GET only,
 * inside its folder only, and any other path of the single-page app answered with index.html.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ttf": "font/ttf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
};

/** `packages/web/dist` beside this package (dist/src/server/ → packages/widar → packages/web). */
export function defaultWebRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "../../../../web/dist");
}

/** Serves `pathname` from `root`; false when the front end has not been built. */
export function serveStatic(root: string, pathname: string, res: ServerResponse): boolean {
  const index = join(root, "index.html");
  if (!existsSync(index)) return false;
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, "");
  } catch {
    rel = "";
  }
  let file = resolve(root, rel);
  if (!(file === resolve(root) || file.startsWith(resolve(root) + sep))) file = index;
  if (!existsSync(file) || !statSync(file).isFile()) file = extname(rel) === "" ? index : "";
  if (file === "") {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("WW002: not found\n");
    return true;
  }
  const body = readFileSync(file);
  res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Content-Length": body.length });
  res.end(body);
  return true;
}
