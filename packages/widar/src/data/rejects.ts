/**
 * Reject files: every record a load could not use, kept where the user can see and fix it.
 *
 * Where: beside the run, `./.widar/rejects/<data file name>.<hash>.rejects.ndjson` in the
 * directory widar runs in (or in the directory given as `rejectsDir`); the hash, of the data
 * file's absolute path, keeps two `AuditLogs.json` from different directories apart. One per
 * source file, rewritten by each load of that file, and removed when a load has no rejects, so
 * it always describes the last run.
 * What: one JSON object per line, `{"file","line","code","message","text"}`, where `text` is the
 * record exactly as it was in the file (a bad line, a bad array element, a malformed record).
 * Texts are kept in memory up to 64 MiB per file; past that, records are counted, not kept.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";
import type { RejectedRecord } from "@widar/kql";

const MAX_TEXT = 64 * 1024 * 1024;

/** The reject file of a data file. */
export function rejectFilePath(source: string, rejectsDir?: string): string {
  const tag = createHash("sha256").update(resolve(source)).digest("hex").slice(0, 8);
  return join(rejectsDir ?? join(process.cwd(), ".widar", "rejects"), `${basename(source)}.${tag}.rejects.ndjson`);
}

export class RejectCollector {
  private readonly lines: string[] = [];
  private size = 0;
  private dropped = 0;

  constructor(
    readonly source: string,
    private readonly rejectsDir?: string,
  ) {}

  readonly add = (r: RejectedRecord): void => {
    if (this.size > MAX_TEXT) {
      this.dropped++;
      return;
    }
    const line = JSON.stringify({ file: r.file, line: r.line ?? null, code: r.code, message: r.message, text: r.text });
    this.size += line.length;
    this.lines.push(line);
  };

  get count(): number {
    return this.lines.length + this.dropped;
  }

  /** Writes (or removes) the reject file; the path written, or why it could not be. */
  write(): { path?: string; error?: string } {
    const path = rejectFilePath(this.source, this.rejectsDir);
    try {
      if (this.lines.length === 0) {
        rmSync(path, { force: true });
        return {};
      }
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${this.lines.join("\n")}\n`);
      return { path };
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code ?? (e as Error).message };
    }
  }

  get droppedCount(): number {
    return this.dropped;
  }
}
