/** Shared by the rule-pack tests: where the pack is, and capturing what a CLI command prints. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CommandIo } from "../../src/rules/command-io.js";
import { REPO_ROOT } from "../support/paths.js";

export const RULES_DIR = join(REPO_ROOT, "rules");

/** Runs a rule command with its output captured; returns its exit code and the text. */
export async function capture(run: (io: CommandIo) => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run({ out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** A temporary directory with the given files (relative path → content). */
const made: string[] = [];

/** Files in a fresh temporary folder; every such folder is removed when the test process exits. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "widar-rules-"));
  if (made.length === 0) process.once("exit", () => {
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });
  made.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return dir;
}
