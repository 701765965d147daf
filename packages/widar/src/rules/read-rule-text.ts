/**
 * Reads a rule, sidecar, parser or watchlist file, bounded: a file that is not a regular file (a FIFO would
 * block the read, a device never end) or is past the size limit is a diagnostic, not a read.
 */
import { readFileSync, statSync } from "node:fs";
import type { Diagnostic } from "@widar/kql";

/**
 * A rule file, or a parser, is tens of kilobytes (Sentinel caps a query at 10,000 characters);
 * reading one of gigabytes would stall every command that loads the pack.
 */
export const MAX_RULE_FILE_BYTES = 512 * 1024;

/**
 * The text of the file, or why it cannot be read: `code` (WC002 by default), or WR015 past
 * `maxBytes` (a rule file's limit by default).
 */
export function readRuleText(file: string, code = "WC002", maxBytes = MAX_RULE_FILE_BYTES): { text: string } | { diagnostic: Diagnostic } {
  const refuse = (c: string, message: string) => ({ diagnostic: { code: c, severity: "error" as const, message, file } });
  try {
    const st = statSync(file);
    if (!st.isFile()) return refuse(code, "cannot read: not a regular file");
    if (st.size > maxBytes) return refuse("WR015", `the file is ${st.size} bytes; widar reads at most ${maxBytes} here`);
    return { text: readFileSync(file, "utf8") };
  } catch (e) {
    return refuse(code, `cannot read: ${(e as Error).message}`);
  }
}
