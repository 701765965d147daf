/**
 * Identity Protection for users: the user's aggregate risk (AADRiskyUsers, one "Risky user"
 * record per change of state, as the RiskyUsers diagnostic category exports it), and the risk
 * fields Entra writes on the sign-in that a real-time detection flagged.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import type { RiskLevel, RiskState } from "./risk-records.js";
import type { Row } from "./tables.js";
import type { User } from "./tenant-model.js";

/** The `riskDetail` values Graph's riskyUser resource documents (the reason for the last change). */
export type UserRiskDetail =
  | "none"
  | "adminGeneratedTemporaryPassword"
  | "userPerformedSecuredPasswordChange"
  | "userPerformedSecuredPasswordReset"
  | "adminConfirmedSigninSafe"
  | "aiConfirmedSigninSafe"
  | "userPassedMFADrivenByRiskBasedPolicy"
  | "adminDismissedAllRiskForUser"
  | "adminConfirmedSigninCompromised"
  | "adminConfirmedUserCompromised";

export interface RiskyUserInput {
  /** When the record reaches the workspace (TimeGenerated). */
  readonly t: number;
  /** When Identity Protection changed the user's risk (RiskLastUpdatedDateTime); default `t`. */
  readonly updated?: number;
  readonly user: User;
  readonly level: RiskLevel;
  readonly state: RiskState;
  readonly detail: UserRiskDetail;
}

export function riskyUser(env: RecordEnv, p: RiskyUserInput): Row {
  return {
    TimeGenerated: iso(p.t),
    Id: p.user.id,
    CorrelationId: env.rng.guid(),
    IsDeleted: false,
    IsProcessing: false,
    OperationName: "Risky user",
    RiskDetail: p.detail,
    RiskLastUpdatedDateTime: iso(p.updated ?? p.t),
    RiskLevel: p.level,
    RiskState: p.state,
    UserDisplayName: p.user.displayName,
    UserPrincipalName: p.user.userPrincipalName,
    TenantId: env.tenant.id,
    SourceSystem: "Azure AD",
    Type: "AADRiskyUsers",
  };
}

/**
 * A SigninLogs row as Entra writes it when a real-time detection flags the sign-in, from a
 * browser on a device Entra does not know (no device id, neither compliant nor managed), with
 * MFA freshly performed (a proxy in the middle relays the prompt). Keys keep their order.
 */
export function flaggedUnknownDeviceSignIn(row: Row, detections: readonly string[], level: RiskLevel): Row {
  const device = row.DeviceDetail as { operatingSystem: string; browser: string };
  const types = JSON.stringify(detections);
  return {
    ...row,
    DeviceDetail: {
      deviceId: "",
      displayName: "",
      operatingSystem: device.operatingSystem,
      browser: device.browser,
      isCompliant: false,
      isManaged: false,
      trustType: "",
    },
    IsRisky: true,
    RiskDetail: "none",
    RiskEventTypes: types,
    RiskEventTypes_V2: types,
    RiskLevelAggregated: level,
    RiskLevelDuringSignIn: level,
    RiskState: "atRisk",
    Status: { errorCode: 0, additionalDetails: "MFA completed in Azure AD" },
  };
}
