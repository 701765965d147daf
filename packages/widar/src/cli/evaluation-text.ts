/** The text of an evaluation against ground truth (`widar evaluate`, `widar demo`): its last line is `recall R, precision P`. */
import type { Evaluation } from "../detect/evaluate.js";
import { scoreLine } from "../detect/evaluate.js";

export function evaluationText(e: Evaluation, titles: ReadonlyMap<string, string>): string {
  const lines: string[] = ["Rules (alert rows about attacks / labelled benign activity / nothing labelled):"];
  for (const r of e.rules) {
    const title = (titles.get(r.ruleId) ?? "").slice(0, 64);
    const detail = r.alerts === 0 ? "no alerts" : `${r.alerts} alerts, ${r.rows} rows: ${r.onAttacks} attack, ${r.onBenign} benign, ${r.other} other`;
    lines.push(`  ${r.ruleId.padEnd(9)} ${title.padEnd(64)} ${detail}`);
  }
  lines.push("", "Attack scenarios and the detections expected of the pack:");
  for (const s of e.scenarios) {
    const parts = [
      ...s.caught.map((c) => `${c.family} caught${c.rules.length === 1 && c.rules[0] === c.family ? "" : ` (${c.rules.join(", ")})`}`),
      ...s.missed.map((m) => `${m} MISSED`),
      ...(s.notInPack.length > 0 ? [`(${s.notInPack.join(", ")} not in the pack)`] : []),
    ];
    lines.push(`  ${s.id.padEnd(40)} ${parts.join(", ")}`);
  }
  lines.push(
    "",
    `${e.caught} of ${e.expected} expected detections caught; ${e.rowsOnAttacks} of ${e.rows} alert rows are about attacks.`,
    scoreLine(e),
  );
  return `${lines.join("\n")}\n`;
}
