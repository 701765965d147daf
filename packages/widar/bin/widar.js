#!/usr/bin/env node
// The widar CLI. `npm ci` compiles the TypeScript (the root `prepare` script) and builds a V8
// startup snapshot with Kusto.Language already warm (scripts/build-snapshot.mjs). This launcher
// uses the snapshot while it matches the compiled code and this Node.js; otherwise (or with
// WIDAR_NO_SNAPSHOT=1, or for `pull`, which loads a package lazily) it runs the ESM build directly.
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
  // The snapshot runs in a child. Signals sent to this launcher (SIGTERM from a service manager,
  // SIGHUP) are forwarded, so the child stops cleanly and none outlives us; Ctrl-C reaches the
  // whole process group, so the child gets it directly and we only wait.
  const { spawn } = await import("node:child_process");
  // `--` keeps Node from taking a leading option (--help, --version) for its own.
  // WIDAR_LAUNCHER_PID: the child exits when we die, whatever kills us (scripts/build-snapshot.mjs).
  const child = spawn(process.execPath, ["--snapshot-blob", blob, "--", ...args], {
    stdio: "inherit",
    env: { ...process.env, WIDAR_LAUNCHER_PID: String(process.pid) },
  });
  const started = await new Promise((resolve) => {
    child.once("spawn", () => resolve(true));
    child.once("error", () => resolve(false));
  });
  if (started) {
    const forward = (signal) => () => child.kill(signal);
    for (const s of ["SIGTERM", "SIGHUP"]) process.on(s, forward(s));
    process.on("SIGINT", () => {});
    const [code, signal] = await new Promise((resolve) => child.once("exit", (c, s) => resolve([c, s])));
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    }
    process.exit(code ?? 1);
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
