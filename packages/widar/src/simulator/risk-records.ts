/**
 * Identity Protection for workload identities: risk detections (AADServicePrincipalRiskEvents)
 * and the service principal's aggregate risk state (AADRiskyServicePrincipals), one record per
 * state change. The seed-compatibility copies are derived from these in `tables.ts`.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import type { WorkloadRiskEventType } from "./directory-catalog.js";
import { type NetworkPrefix, locationDetails } from "../enrich/network-data.js";
import type { Row } from "./tables.js";
import type { ServicePrincipal } from "./tenant-model.js";

export type RiskLevel = "none" | "low" | "medium" | "high";
export type RiskState = "none" | "atRisk" | "confirmedCompromised" | "dismissed" | "remediated" | "confirmedSafe";

export function riskyServicePrincipal(
  env: RecordEnv,
  p: { t: number; sp: ServicePrincipal; level: RiskLevel; state: RiskState; detail: string },
): Row {
  const time = iso(p.t);
  return {
    TimeGenerated: time,
    Id: p.sp.id,
    AccountEnabled: true,
    AppId: p.sp.appId,
    CorrelationId: env.rng.guid(),
    DisplayName: p.sp.displayName,
    IsProcessing: false,
    OperationName: "Risky Service Principal",
    RiskDetail: p.detail,
    RiskLastUpdatedDateTime: time,
    RiskLevel: p.level,
    RiskState: p.state,
    ServicePrincipalType: p.sp.servicePrincipalType,
    TenantId: env.tenant.id,
    SourceSystem: "Azure AD",
    Type: "AADRiskyServicePrincipals",
  };
}

export interface RiskEventInput {
  /** When the record is written (TimeGenerated); detection happened at `detected`. */
  readonly t: number;
  readonly detected: number;
  readonly sp: ServicePrincipal;
  readonly type: WorkloadRiskEventType;
  readonly level: RiskLevel;
  readonly state: RiskState;
  readonly detail: string;
  readonly ip?: string;
  readonly prefix?: NetworkPrefix;
  readonly keyIds?: readonly string[];
  /** "offline" detections run after the fact (leaked credentials, TI matches); "realtime" at sign-in. */
  readonly timing: "offline" | "realtime";
  readonly source?: "IdentityProtection" | "MicrosoftThreatIntelligence" | "AdminConfirmed";
}

export function spRiskEvent(env: RecordEnv, p: RiskEventInput): Row {
  const { rng, tenant } = env;
  return {
    TimeGenerated: iso(p.t),
    Id: rng.hex(32),
    Activity: "servicePrincipal",
    ActivityDateTime: iso(p.detected),
    AdditionalInfo: [{ Key: "alertUrl", Value: null }],
    AppId: p.sp.appId,
    CorrelationId: rng.guid(),
    DetectedDateTime: iso(p.detected),
    DetectionTimingType: p.timing,
    IpAddress: p.ip ?? "",
    KeyIds: p.keyIds ?? [],
    LastUpdatedDateTime: iso(p.t),
    Location: p.prefix === undefined ? {} : locationDetails(p.prefix),
    OperationName: "Service Principal Risk Events",
    RequestId: rng.guid(),
    RiskDetail: p.detail,
    RiskEventType: p.type,
    RiskLevel: p.level,
    RiskState: p.state,
    ServicePrincipalDisplayName: p.sp.displayName,
    ServicePrincipalId: p.sp.id,
    Source: p.source ?? "IdentityProtection",
    TenantId: tenant.id,
    TokenIssuerType: "AzureAD",
    SourceSystem: "Azure AD",
    Type: "AADServicePrincipalRiskEvents",
  };
}
