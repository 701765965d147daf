/**
 * Identity Protection for workload identities escalating an SP: risk detections of the
 * workload-identity types arriving over half an hour, then the SP's risk state changing. Each
 * AAD* record also yields its seed-compatibility copy (RiskyServicePrincipals /
 * ServicePrincipalRiskEvents), which the label lists too.
 */
import { type RiskLevel, riskyServicePrincipal, spRiskEvent } from "./risk-records.js";
import { type Emit, MINUTE, type ScenarioDefinition, activeCredentials, attackerEgress, emit, enumParam, spLabel } from "./scenario-kit.js";

export const riskEscalation: ScenarioDefinition = {
  name: "risk-escalation",
  summary: "Identity Protection detects leaked credentials, a threat-intelligence match and suspicious API traffic for Directory-Sync-Service and raises it to atRisk",
  technique: "T1078.004",
  tactic: "InitialAccess",
  params: { level: enumParam("risk level the SP is raised to", ["high", "medium"]) },
  leadMs: 30 * MINUTE,
  build({ env, rng, at, params }) {
    const sp = env.tenant.named.privilegedApp;
    const egress = attackerEgress(rng, "highRisk");
    const keyIds = activeCredentials(sp.app!.credentials, at).map((c) => c.keyId);
    const level = params.level as RiskLevel;
    const event = (ago: number, type: Parameters<typeof spRiskEvent>[1]["type"], lvl: RiskLevel, timing: "offline" | "realtime", withIp: boolean) =>
      emit(
        "AADServicePrincipalRiskEvents",
        spRiskEvent(env, {
          t: at - ago + rng.int(2, 4) * MINUTE,
          detected: at - ago,
          sp,
          type,
          level: lvl,
          state: "atRisk",
          detail: "none",
          timing,
          ...(withIp ? { ip: egress.ip, prefix: egress.prefix } : {}),
          ...(type === "leakedCredentials" ? { keyIds } : {}),
          ...(type === "investigationsThreatIntelligence" ? { source: "MicrosoftThreatIntelligence" as const } : {}),
        }),
      );
    const emits: Emit[] = [
      event(28 * MINUTE, "leakedCredentials", "high", "offline", false),
      event(19 * MINUTE, "investigationsThreatIntelligence", "high", "offline", true),
      event(11 * MINUTE, "suspiciousAPITraffic", "medium", "offline", true),
      emit("AADRiskyServicePrincipals", riskyServicePrincipal(env, { t: at, sp, level, state: "atRisk", detail: "none" })),
    ];
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-19", "RULE-20"],
      evaluateAt: at + 10 * MINUTE,
    };
  },
};

export const riskConfirmedCompromised: ScenarioDefinition = {
  name: "risk-confirmed-compromised",
  summary: "Identity Protection flags anomalous activity and suspicious sign-ins for a multi-tenant SaaS SP; an admin then confirms it compromised",
  technique: "T1078.004",
  tactic: "InitialAccess",
  params: {},
  leadMs: 40 * MINUTE,
  build({ env, rng, at }) {
    const sp = env.tenant.servicePrincipals.find((s) => s.kind === "saas")!;
    const egress = attackerEgress(rng, "hosting");
    const emits: Emit[] = [
      emit("AADServicePrincipalRiskEvents", spRiskEvent(env, { t: at - 37 * MINUTE, detected: at - 40 * MINUTE, sp, type: "anomalousServicePrincipalActivity", level: "medium", state: "atRisk", detail: "none", timing: "offline" })),
      emit("AADServicePrincipalRiskEvents", spRiskEvent(env, { t: at - 31 * MINUTE, detected: at - 33 * MINUTE, sp, type: "suspiciousSignins", level: "medium", state: "atRisk", detail: "none", timing: "offline", ip: egress.ip, prefix: egress.prefix })),
      emit("AADRiskyServicePrincipals", riskyServicePrincipal(env, { t: at - 29 * MINUTE, sp, level: "medium", state: "atRisk", detail: "none" })),
      emit("AADServicePrincipalRiskEvents", spRiskEvent(env, { t: at, detected: at - MINUTE, sp, type: "adminConfirmedServicePrincipalCompromised", level: "high", state: "confirmedCompromised", detail: "adminConfirmedServicePrincipalCompromised", timing: "offline", source: "AdminConfirmed" })),
      emit("AADRiskyServicePrincipals", riskyServicePrincipal(env, { t: at, sp, level: "high", state: "confirmedCompromised", detail: "adminConfirmedServicePrincipalCompromised" })),
    ];
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-19"],
      evaluateAt: at + 10 * MINUTE,
    };
  },
};
