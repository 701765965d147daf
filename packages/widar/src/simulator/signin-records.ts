/**
 * Sign-in records for SigninLogs (users, interactive), AADServicePrincipalSignInLogs (client
 * credentials) and AADManagedIdentitySignInLogs. Column types follow the Log Analytics reference:
 * in SigninLogs `LocationDetails`, `DeviceDetail`, `Status` are dynamic, while the service
 * principal tables carry `LocationDetails` as a JSON *string* — the simulator keeps that
 * difference because queries must `parse_json` one and not the other.
 *
 * These builders run once per simulated sign-in (millions of times): constant fragments are
 * computed once and cached.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import { type NetworkPrefix, locationDetails } from "../enrich/network-data.js";
import type { Row } from "./tables.js";
import type { Egress, ResourceRef, ServicePrincipal, Tenant, User } from "./tenant-model.js";

const locationText = new Map<NetworkPrefix, string>();
function locationString(prefix: NetworkPrefix): string {
  let s = locationText.get(prefix);
  if (s === undefined) locationText.set(prefix, (s = JSON.stringify(locationDetails(prefix))));
  return s;
}

const namedNetworks = new WeakMap<Tenant, Map<string, string>>();
/** `NetworkLocationDetails` for an IP: the named location it belongs to, or none. */
function networkLocation(tenant: Tenant, ip: string): string {
  let m = namedNetworks.get(tenant);
  if (m === undefined) {
    m = new Map();
    for (const o of tenant.offices)
      for (const e of [...o.egress, ...o.egress6]) m.set(e.ip, JSON.stringify([{ networkType: "namedNetwork", networkNames: [o.namedLocation] }]));
    m.set(tenant.vpnGateway.ip, JSON.stringify([{ networkType: "trustedNamedLocation", networkNames: ["Corporate VPN"] }]));
    namedNetworks.set(tenant, m);
  }
  return m.get(ip) ?? "[]";
}

const PROCESSING_DETAILS = JSON.stringify([{ key: "Is CAE Token", value: "False" }]);

export interface SignInFailure {
  readonly code: string;
  readonly description: string;
}

/** How Conditional Access treated a sign-in: its overall status and the policies it evaluated. */
export interface ConditionalAccessOutcome {
  readonly status: "success" | "failure" | "notApplied";
  /** `ConditionalAccessPolicies` as the service principal table carries it: a JSON array, as a string. */
  readonly policies: string;
}

export interface SpSignInInput {
  readonly t: number;
  readonly sp: ServicePrincipal;
  readonly egress: Egress;
  readonly resource: ResourceRef;
  readonly keyId: string;
  readonly thumbprint: string;
  readonly federatedCredentialId: string;
  readonly credentialType: string;
  readonly userAgent: string;
  readonly failure?: SignInFailure;
  /** Default: no policy in scope ("notApplied", "[]"), as for most workloads. */
  readonly conditionalAccess?: ConditionalAccessOutcome;
}

export function spSignIn(env: RecordEnv, p: SpSignInInput): Row {
  const { rng, tenant } = env;
  const time = iso(p.t);
  return {
    TimeGenerated: time,
    OperationName: "Sign-in activity",
    OperationVersion: "1.0",
    Category: "ServicePrincipalSignInLogs",
    ResultType: p.failure?.code ?? "0",
    ResultSignature: p.failure === undefined ? "SUCCESS" : "FAILURE",
    ResultDescription: p.failure?.description ?? "",
    DurationMs: 0,
    CorrelationId: rng.guid(),
    Identity: p.sp.displayName,
    Level: "4",
    Location: p.egress.prefix.country,
    AppId: p.sp.appId,
    AppOwnerTenantId: p.sp.appOwnerTenantId || tenant.id,
    AuthenticationProcessingDetails: PROCESSING_DETAILS,
    AutonomousSystemNumber: String(p.egress.prefix.asn),
    ClientCredentialType: p.credentialType,
    ConditionalAccessPolicies: p.conditionalAccess?.policies ?? "[]",
    ConditionalAccessStatus: p.conditionalAccess?.status ?? "notApplied",
    CreatedDateTime: time,
    FederatedCredentialId: p.federatedCredentialId,
    Id: rng.guid(),
    IPAddress: p.egress.ip,
    LocationDetails: locationString(p.egress.prefix),
    NetworkLocationDetails: networkLocation(tenant, p.egress.ip),
    ResourceDisplayName: p.resource.displayName,
    ResourceIdentity: p.resource.appId,
    ResourceServicePrincipalId: p.resource.servicePrincipalId,
    ServicePrincipalCredentialKeyId: p.keyId,
    ServicePrincipalCredentialThumbprint: p.thumbprint,
    ServicePrincipalId: p.sp.id,
    ServicePrincipalName: p.sp.displayName,
    TenantId: tenant.id,
    UniqueTokenIdentifier: rng.base64url(22),
    UserAgent: p.userAgent,
    AADTenantId: tenant.id,
    SourceSystem: "Azure AD",
    Type: "AADServicePrincipalSignInLogs",
  };
}

/** Managed identities get tokens from the Azure instance metadata endpoint: no client IP, no key. */
export function miSignIn(env: RecordEnv, p: { t: number; sp: ServicePrincipal; resource: ResourceRef; failure?: SignInFailure }): Row {
  const { rng, tenant } = env;
  const time = iso(p.t);
  return {
    TimeGenerated: time,
    OperationName: "Sign-in activity",
    OperationVersion: "1.0",
    Category: "ManagedIdentitySignInLogs",
    ResultType: p.failure?.code ?? "0",
    ResultSignature: p.failure === undefined ? "SUCCESS" : "FAILURE",
    ResultDescription: p.failure?.description ?? "",
    DurationMs: 0,
    CorrelationId: rng.guid(),
    Identity: p.sp.displayName,
    Level: "4",
    Location: "",
    AppId: p.sp.appId,
    AuthenticationProcessingDetails: PROCESSING_DETAILS,
    ClientCredentialType: "managedIdentity",
    CreatedDateTime: time,
    FederatedCredentialId: "",
    Id: rng.guid(),
    IPAddress: "",
    LocationDetails: "{}",
    ResourceDisplayName: p.resource.displayName,
    ResourceIdentity: p.resource.appId,
    ResourceServicePrincipalId: p.resource.servicePrincipalId,
    ServicePrincipalCredentialKeyId: "",
    ServicePrincipalCredentialThumbprint: "",
    ServicePrincipalId: p.sp.id,
    ServicePrincipalName: p.sp.displayName,
    TenantId: tenant.id,
    UniqueTokenIdentifier: rng.base64url(22),
    AADTenantId: tenant.id,
    SourceSystem: "Azure AD",
    Type: "AADManagedIdentitySignInLogs",
  };
}

export interface UserSignInInput {
  readonly t: number;
  readonly user: User;
  readonly client: { readonly appId: string; readonly displayName: string };
  readonly resource: ResourceRef;
  readonly egress: Egress;
  readonly userAgent: string;
  readonly clientAppUsed: "Browser" | "Mobile Apps and Desktop clients";
  readonly mfa: boolean;
  readonly failure?: SignInFailure;
}

const CA_POLICIES = (result: string, mfa: boolean) => [
  {
    id: "1f0d6d2b-7c1e-4a4e-9a55-3b1f6a0b7c11",
    displayName: "CA001: Require MFA for all users",
    enforcedGrantControls: ["Mfa"],
    enforcedSessionControls: [],
    result: mfa ? result : "notApplied",
  },
  {
    id: "5c2b8f7e-0d4a-4e5b-8c61-2e9d7f3a4b22",
    displayName: "CA004: Block legacy authentication",
    enforcedGrantControls: ["Block"],
    enforcedSessionControls: [],
    result: "notApplied",
  },
];

export function userSignIn(env: RecordEnv, p: UserSignInInput): Row {
  const { rng, tenant } = env;
  const time = iso(p.t);
  const ok = p.failure === undefined;
  const caResult = ok ? "success" : p.failure!.code === "50074" ? "failure" : "notApplied";
  return {
    TimeGenerated: time,
    ResourceId: `/tenants/${tenant.id}/providers/Microsoft.aadiam`,
    OperationName: "Sign-in activity",
    OperationVersion: "1.0",
    Category: "SignInLogs",
    ResultType: p.failure?.code ?? "0",
    ResultSignature: "None",
    ResultDescription: p.failure?.description ?? "",
    DurationMs: 0,
    CorrelationId: rng.guid(),
    Identity: p.user.displayName,
    Level: "4",
    Location: p.egress.prefix.country,
    AppDisplayName: p.client.displayName,
    AppId: p.client.appId,
    AuthenticationDetails: JSON.stringify([
      {
        authenticationStepDateTime: time,
        authenticationMethod: "Password",
        authenticationMethodDetail: "Password Hash Sync",
        succeeded: ok || p.failure!.code !== "50126",
        authenticationStepResultDetail: ok || p.failure!.code !== "50126" ? "Correct password" : "Invalid username or password",
        authenticationStepRequirement: "Primary authentication",
      },
    ]),
    AuthenticationMethodsUsed: "[]",
    AuthenticationProtocol: "none",
    AuthenticationRequirement: p.mfa ? "multiFactorAuthentication" : "singleFactorAuthentication",
    AutonomousSystemNumber: String(p.egress.prefix.asn),
    ClientAppUsed: p.clientAppUsed,
    ClientCredentialType: "none",
    ConditionalAccessPolicies: CA_POLICIES(caResult, p.mfa),
    ConditionalAccessStatus: p.mfa ? caResult : "notApplied",
    CreatedDateTime: time,
    CrossTenantAccessType: "none",
    DeviceDetail: {
      deviceId: p.user.device.deviceId,
      displayName: p.user.device.displayName,
      operatingSystem: p.user.device.operatingSystem,
      browser: p.user.device.browser,
      isCompliant: p.user.device.isCompliant,
      isManaged: p.user.device.isManaged,
      trustType: p.user.device.trustType,
    },
    HomeTenantId: tenant.id,
    Id: rng.guid(),
    IncomingTokenType: "none",
    IPAddress: p.egress.ip,
    IsInteractive: true,
    IsRisky: false,
    LocationDetails: locationDetails(p.egress.prefix),
    MfaDetail: p.mfa && ok ? { authMethod: "Mobile app notification", authDetail: null } : {},
    NetworkLocationDetails: networkLocation(tenant, p.egress.ip),
    ResourceDisplayName: p.resource.displayName,
    ResourceIdentity: p.resource.appId,
    ResourceServicePrincipalId: p.resource.servicePrincipalId,
    ResourceTenantId: tenant.id,
    RiskDetail: "none",
    RiskEventTypes: "[]",
    RiskEventTypes_V2: "[]",
    RiskLevelAggregated: "none",
    RiskLevelDuringSignIn: "none",
    RiskState: "none",
    SessionId: rng.guid(),
    Status: ok
      ? { errorCode: 0, additionalDetails: p.mfa ? "MFA requirement satisfied by claim in the token" : null }
      : { errorCode: Number(p.failure!.code), failureReason: p.failure!.description },
    TokenIssuerType: "AzureAD",
    UniqueTokenIdentifier: rng.base64url(22),
    UserAgent: p.userAgent,
    UserDisplayName: p.user.displayName,
    UserId: p.user.id,
    UserPrincipalName: p.user.userPrincipalName,
    UserType: "Member",
    AADTenantId: tenant.id,
    SourceSystem: "Azure AD",
    Type: "SigninLogs",
  };
}
