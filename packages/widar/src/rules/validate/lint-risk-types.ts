/**
 * WR104: a risk detection type that never occurs in the tables the rule reads. Identity
 * Protection writes user detections (AADUserRiskEvents, AADRiskyUsers) and workload-identity
 * detections (AADServicePrincipalRiskEvents, AADRiskyServicePrincipals) with different type
 * vocabularies; a workload rule listing `anomalousToken` or `maliciousIPAddress` (user-only) keeps
 * a branch that can never match (the seed RULE 19 does). The rule's identity kind comes from the
 * risk tables it reads, fuzzy-union names counted as the table they stand for; a rule reading both
 * kinds is not judged. Every string literal equal to a type of the other kind only is reported.
 *
 * Vocabularies: Microsoft Graph riskDetection / servicePrincipalRiskDetection riskEventType values.
 */
import type { Diagnostic } from "@widar/kql";
import { suggestTable } from "../../catalog/log-analytics.js";
import { type LintContext, finding } from "./lint-context.js";
import { textOf } from "./syntax-walk.js";

const WORKLOAD_TABLES = new Set(["AADServicePrincipalRiskEvents", "AADRiskyServicePrincipals"]);
const USER_TABLES = new Set(["AADUserRiskEvents", "AADRiskyUsers"]);

/** Detections that exist for workload identities only. */
export const WORKLOAD_ONLY_RISK_TYPES: readonly string[] = [
  "suspiciousSignins",
  "maliciousApplication",
  "suspiciousApplication",
  "anomalousServicePrincipalActivity",
  "adminConfirmedServicePrincipalCompromised",
];

/** Detections of both kinds (same riskEventType value). */
export const SHARED_RISK_TYPES: readonly string[] = ["investigationsThreatIntelligence", "leakedCredentials", "suspiciousAPITraffic"];

/** Detections that exist for users only. */
export const USER_ONLY_RISK_TYPES: readonly string[] = [
  "adminConfirmedUserCompromised",
  "anomalousToken",
  "anomalousUserActivity",
  "anonymizedIPAddress",
  "attackerinTheMiddle",
  "attemptedPrtAccess",
  "generic",
  "impossibleTravel",
  "maliciousIPAddress",
  "malwareInfectedIPAddress",
  "mcasFinSuspiciousFileAccess",
  "mcasImpossibleTravel",
  "mcasSuspiciousInboxManipulationRules",
  "mfaFraud",
  "nationStateIP",
  "newCountry",
  "passwordSpray",
  "riskyIPAddress",
  "suspiciousBrowser",
  "suspiciousInboxForwarding",
  "suspiciousIPAddress",
  "suspiciousSendingPatterns",
  "tokenIssuerAnomaly",
  "unfamiliarFeatures",
  "unlikelyTravel",
  "userReportedSuspiciousActivity",
];

function lowerSet(list: readonly string[]): Map<string, string> {
  return new Map(list.map((t) => [t.toLowerCase(), t]));
}
const USER_ONLY = lowerSet(USER_ONLY_RISK_TYPES);
const WORKLOAD_ONLY = lowerSet(WORKLOAD_ONLY_RISK_TYPES);

/** The identity kind of the risk tables the query reads, or undefined (none, or both kinds). */
function identityKind(ctx: LintContext): { kind: "workload" | "user"; table: string } | undefined {
  const workload = new Set<string>();
  const user = new Set<string>();
  for (const { node } of ctx.visits) {
    if (node.kind !== "NameReference") continue;
    let name: string | undefined;
    if (node.symbol?.kind === "Table") name = node.symbol.name;
    else if (node.symbol === undefined && node.type.kind === "table") {
      const text = textOf(node, ctx.rule.query).trim();
      name = ctx.knownTable(text) === undefined ? suggestTable(text) : text;
    }
    if (name === undefined) continue;
    if (WORKLOAD_TABLES.has(name)) workload.add(name);
    if (USER_TABLES.has(name)) user.add(name);
  }
  // Name the detections table in messages when the rule reads it (it is where the types live).
  const pick = (s: Set<string>) => [...s].find((t) => t.endsWith("RiskEvents")) ?? [...s].sort()[0]!;
  if (workload.size > 0 && user.size === 0) return { kind: "workload", table: pick(workload) };
  if (user.size > 0 && workload.size === 0) return { kind: "user", table: pick(user) };
  return undefined;
}

export function lintRiskTypes(ctx: LintContext): Diagnostic[] {
  const kind = identityKind(ctx);
  if (kind === undefined) return [];
  const foreign = kind.kind === "workload" ? USER_ONLY : WORKLOAD_ONLY;
  const out: Diagnostic[] = [];
  for (const { node } of ctx.visits) {
    if (node.kind !== "StringLiteralExpression" || typeof node.literal !== "string") continue;
    const type = foreign.get(node.literal.toLowerCase());
    if (type === undefined) continue;
    const what = kind.kind === "workload" ? "a user-only risk detection" : "a workload-identity-only risk detection";
    out.push(
      finding(
        "WR104",
        "warning",
        `'${type}' is ${what}: ${kind.table} never contains it, so this value can never match in a ${kind.kind === "workload" ? "workload-identity" : "user"} rule`,
        node,
      ),
    );
  }
  return out;
}
