#!/usr/bin/env node
// The widar CLI. `npm ci` compiles the TypeScript (the root `prepare` script) and builds a V8
// startup snapshot with Kusto.Language already warm (scripts/build-snapshot.mjs). This launcher
// uses the snapshot while it matches the compiled code and this Node.js; otherwise (or with
// WIDAR_NO_SNAPSHOT=1, or for `pull`, which loads a package lazily) it runs the ESM build directly.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist");
const args = process.argv.slice(2);

function snapshotBlob() {
  if (process.env.WIDAR_NO_SNAPSHOT || args[0] === "pull") return undefined;
  const blob = join(dist, "widar.blob");
  const stampFile = join(dist, "widar-snapshot.json");
  if (!existsSync(blob) || !existsSync(stampFile)) return undefined;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
    const fresh =
      stamp.node === process.version &&
      stamp.kql === mtime(join(here, "..", "..", "kql", "dist", "tsconfig.tsbuildinfo")) &&
      stamp.widar === mtime(join(dist, "tsconfig.tsbuildinfo"));
    return fresh ? blob : undefined;
  } catch {
    return undefined;
  }
}

const blob = snapshotBlob();
if (blob !== undefined) {
  // `--` keeps Node from taking a leading option (--help, --version) for its own.
  const r = spawnSync(process.execPath, ["--snapshot-blob", blob, "--", ...args], { stdio: "inherit" });
  if (r.error === undefined) {
    if (r.signal) process.kill(process.pid, r.signal);
    process.exit(r.status ?? 1);
  }
}

const { main } = await import("../dist/src/cli/main.js");
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // A bug of widar's: one line, no stack trace (set WIDAR_DEBUG=1 for it).
    process.stderr.write(`widar: internal error: ${err?.message ?? err}\n`);
    if (process.env.WIDAR_DEBUG) process.stderr.write(`${err?.stack}\n`);
    process.exitCode = 70;
  },
);
