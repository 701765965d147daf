/**
 * Scoring stored alerts against a simulated tenant's ground truth (`widar evaluate`, the demo):
 *   - each alert row is about an attack scenario when the alert's window saw the scenario's
 *     records and the row names one of its identities or IPs (ids, app ids, UPNs, display
 *     names; inside arrays and bags too); else about a labelled benign activity likewise; else
 *     about nothing labelled (a false positive to look at). A row naming both is about the one
 *     whose identities and IPs it names more (the attack on a tie);
 *   - a scenario's expected detection (a rule family: RULE-19 covers RULE-19C) is caught when an
 *     alert of the family has a row about that scenario;
 *   - recall = expected detections caught / expected detections of families in the pack;
 *     precision = alert rows about attacks / all alert rows.
 * Rows are counted once per run: a summary alert (the 150th of a run) adds only the rows its
 * run's per-result alerts did not cover.
 */
import type { Json } from "@widar/kql";
import { labelId } from "../rules/rule.js";
import { MAX_ALERTS_PER_RUN } from "./alert-settings.js";
import type { Alert } from "../store/model.js";

export interface LabelledIdentity {
  readonly id?: string;
  readonly appId?: string;
  readonly userPrincipalName?: string;
  readonly displayName?: string;
}

export interface GroundTruthFile {
  readonly scenarios: readonly {
    readonly id: string;
    readonly name: string;
    readonly window: { readonly start: string; readonly end: string };
    readonly expectedRules: readonly string[];
    readonly identities: readonly LabelledIdentity[];
    readonly ips: readonly string[];
  }[];
  readonly benign: readonly {
    readonly name: string;
    readonly at: string;
    readonly evaluateAt: string;
    readonly identities: readonly LabelledIdentity[];
    readonly ips?: readonly string[];
  }[];
}

interface Label {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** Each labelled identity's names (ids, app id, UPN, display name), and each IP on its own. */
  readonly groups: readonly ReadonlySet<string>[];
}

function label(id: string, start: number, end: number, identities: readonly LabelledIdentity[], ips: readonly string[]): Label {
  const groups = ips.map((i) => new Set([i.toLowerCase()]));
  for (const i of identities) {
    const names = new Set([i.id, i.appId, i.userPrincipalName, i.displayName].filter((k): k is string => !!k).map((k) => k.toLowerCase()));
    if (names.size > 0) groups.push(names);
  }
  return { id, start, end, groups };
}

/** How many of a label's identities and IPs a row names. */
function named(l: Label, tokens: ReadonlySet<string>): number {
  let n = 0;
  for (const g of l.groups) for (const k of g) if (tokens.has(k)) {
    n++;
    break;
  }
  return n;
}

/**
 * What a row is about: the labelled activities it names most (an attack on a tie). A row naming an
 * attack's target and, besides it, a benign job's initiator and the same target is about the job
 * (a rotation service rotating the secret of an application an attack also touched).
 */
function aboutRow(tokens: ReadonlySet<string>, attacks: readonly Label[], benign: readonly Label[]): { attacks: Label[]; benign: boolean } {
  const best = (ls: readonly Label[]) => Math.max(0, ...ls.map((l) => named(l, tokens)));
  const a = best(attacks);
  const b = best(benign);
  if (a > 0 && a >= b) return { attacks: attacks.filter((l) => named(l, tokens) > 0), benign: false };
  return { attacks: [], benign: b > 0 };
}

/** Every string in a row (inside arrays and bags too), lower case. */
function rowTokens(row: Readonly<Record<string, Json>>): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown): void => {
    if (typeof v === "string") out.add(v.toLowerCase());
    else if (Array.isArray(v)) for (const x of v) add(x);
    else if (v !== null && typeof v === "object") for (const x of Object.values(v)) add(x);
  };
  for (const v of Object.values(row)) add(v);
  return out;
}

export interface RuleScore {
  readonly ruleId: string;
  readonly alerts: number;
  readonly rows: number;
  readonly onAttacks: number;
  readonly onBenign: number;
  readonly other: number;
}

export interface ScenarioScore {
  readonly id: string;
  readonly name: string;
  readonly expected: readonly string[];
  /** Expected families caught, with the rules of the family that caught them. */
  readonly caught: readonly { readonly family: string; readonly rules: readonly string[] }[];
  readonly missed: readonly string[];
  /** Expected families no rule of the pack belongs to. */
  readonly notInPack: readonly string[];
}

export interface Evaluation {
  readonly scenarios: readonly ScenarioScore[];
  readonly rules: readonly RuleScore[];
  readonly expected: number;
  readonly caught: number;
  readonly rows: number;
  readonly rowsOnAttacks: number;
  readonly recall: number;
  readonly precision: number;
  /** What each alert is about: an attack when any of its rows is, else labelled benign activity when any is, else nothing labelled. */
  readonly alertsAbout: ReadonlyMap<string, AlertAbout>;
}

export type AlertAbout = "attack" | "benign" | "other";

/** The rows an alert contributes to its run's count (see the file comment). */
function countedRows(a: Alert): readonly Readonly<Record<string, Json>>[] {
  return a.kind === "summary" ? a.rows.slice(MAX_ALERTS_PER_RUN - 1) : a.rows;
}

export function evaluate(alerts: readonly Alert[], gt: GroundTruthFile, ruleIds: readonly string[]): Evaluation {
  const attacks = gt.scenarios.map((s) => label(s.id, Date.parse(s.window.start), Date.parse(s.window.end), s.identities, s.ips));
  const benign = gt.benign.map((b, i) => label(`B${i}`, Date.parse(b.at), Date.parse(b.evaluateAt), b.identities, b.ips ?? []));
  const perRule = new Map<string, { alerts: number; rows: number; onAttacks: number; onBenign: number; other: number }>();
  for (const id of ruleIds) perRule.set(id, { alerts: 0, rows: 0, onAttacks: 0, onBenign: 0, other: 0 });
  // scenario id → rule ids with a row about it
  const hits = new Map<string, Set<string>>();
  const alertsAbout = new Map<string, AlertAbout>();
  for (const a of alerts) {
    const r = perRule.get(a.ruleId) ?? { alerts: 0, rows: 0, onAttacks: 0, onBenign: 0, other: 0 };
    perRule.set(a.ruleId, r);
    r.alerts++;
    const seen = (l: Label) => a.windowEndMs >= l.start && a.windowStartMs <= l.end;
    const seenAttacks = attacks.filter(seen);
    const seenBenign = benign.filter(seen);
    // Each row judged once: the alert is about what any row is about; its counted rows score the rule.
    const rows = a.rows.map((row) => aboutRow(rowTokens(row), seenAttacks, seenBenign));
    alertsAbout.set(a.alertId, rows.some((x) => x.attacks.length > 0) ? "attack" : rows.some((x) => x.benign) ? "benign" : "other");
    for (const rowAbout of rows.slice(a.rows.length - countedRows(a).length)) {
      r.rows++;
      const about = rowAbout.attacks;
      if (about.length > 0) {
        r.onAttacks++;
        for (const s of about) {
          let set = hits.get(s.id);
          if (set === undefined) hits.set(s.id, (set = new Set()));
          set.add(a.ruleId);
        }
      } else if (rowAbout.benign) r.onBenign++;
      else r.other++;
    }
  }
  const families = new Map<string, string[]>();
  for (const id of ruleIds) families.set(labelId({ id }), [...(families.get(labelId({ id })) ?? []), id]);
  let expected = 0;
  let caughtCount = 0;
  const scenarios: ScenarioScore[] = gt.scenarios.map((s) => {
    const caught: { family: string; rules: string[] }[] = [];
    const missed: string[] = [];
    const notInPack: string[] = [];
    const by = hits.get(s.id) ?? new Set<string>();
    for (const fam of s.expectedRules) {
      const members = families.get(fam);
      if (members === undefined) {
        notInPack.push(fam);
        continue;
      }
      expected++;
      const rules = members.filter((m) => by.has(m));
      if (rules.length > 0) {
        caughtCount++;
        caught.push({ family: fam, rules });
      } else missed.push(fam);
    }
    return { id: s.id, name: s.name, expected: s.expectedRules, caught, missed, notInPack };
  });
  const rules = [...perRule].map(([ruleId, r]) => ({ ruleId, ...r }));
  const rows = rules.reduce((s, r) => s + r.rows, 0);
  const rowsOnAttacks = rules.reduce((s, r) => s + r.onAttacks, 0);
  return {
    scenarios,
    rules,
    expected,
    caught: caughtCount,
    rows,
    rowsOnAttacks,
    recall: expected === 0 ? 1 : caughtCount / expected,
    precision: rows === 0 ? 1 : rowsOnAttacks / rows,
    alertsAbout,
  };
}

export interface TriageScore {
  /** For alerts about attacks, and about labelled benign activity: how many got each suggested verdict. */
  readonly attack: Readonly<Record<string, number>>;
  readonly benign: Readonly<Record<string, number>>;
}

/** The triage's suggested verdicts against the ground truth's labels of the alerts. */
export function triageScore(alertsAbout: ReadonlyMap<string, AlertAbout>, verdicts: ReadonlyMap<string, string>): TriageScore {
  const attack: Record<string, number> = {};
  const benign: Record<string, number> = {};
  for (const [id, about] of alertsAbout) {
    const v = verdicts.get(id) ?? "not investigated";
    if (about === "attack") attack[v] = (attack[v] ?? 0) + 1;
    else if (about === "benign") benign[v] = (benign[v] ?? 0) + 1;
  }
  return { attack, benign };
}

/** `of 89 alerts about attacks, 62 malicious, 26 suspicious, 1 benign; …` */
export function triageLine(t: TriageScore): string {
  const part = (counts: Readonly<Record<string, number>>) =>
    ["malicious", "suspicious", "benign", "not investigated"]
      .filter((v) => (counts[v] ?? 0) > 0)
      .map((v) => `${counts[v]} ${v}`)
      .join(", ") || "none";
  const n = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);
  return `Triage's suggested verdicts: of ${n(t.attack)} alerts about attacks, ${part(t.attack)}; of ${n(t.benign)} alerts about labelled benign activity, ${part(t.benign)}.`;
}

/** The last line of `widar evaluate` and the demo: exactly `recall R, precision P`. */
export function scoreLine(e: Evaluation): string {
  return `recall ${e.recall.toFixed(2)}, precision ${e.precision.toFixed(2)}`;
}
