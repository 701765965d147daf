/**
 * A progress bar for loads, on stderr and only when stderr is a terminal: redirected output and
 * CI logs never see carriage-return animation. Bytes are the file's own (compressed for gzip),
 * so the bar runs to 100% of the file's size.
 */
import type { LoadProgress } from "@widar/kql";

export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(s: string): unknown;
}

export class ProgressBar {
  private last = 0;
  private shown = false;

  constructor(
    private readonly label: string,
    private readonly totalBytes: number,
    private readonly out: ProgressSink = process.stderr,
    private readonly intervalMs = 100,
  ) {}

  /** Whether this bar draws anything (a terminal). */
  get active(): boolean {
    return this.out.isTTY === true;
  }

  readonly update = (p: LoadProgress): void => {
    if (!this.active) return;
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.draw(p.bytesRead, p.records);
  };

  /** Clears the bar's line (the summary that follows is an ordinary line). */
  done(): void {
    if (this.shown) this.out.write("\r\x1b[2K");
    this.shown = false;
  }

  private draw(bytes: number, records: number): void {
    const frac = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 0;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = `${"#".repeat(filled)}${".".repeat(width - filled)}`;
    const text = `${this.label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% ${formatBytes(bytes)}/${formatBytes(this.totalBytes)} ${records.toLocaleString("en-US")} records`;
    const max = (this.out.columns ?? 100) - 1;
    this.out.write(`\r\x1b[2K${text.length > max ? text.slice(0, max) : text}`);
    this.shown = true;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
