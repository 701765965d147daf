/**
 * MicrosoftGraphActivityLogs records: one per HTTP request a token's bearer made to Microsoft
 * Graph. A request carries the token's identity (`SignInActivityId` is the uti claim, the
 * sign-in's `UniqueTokenIdentifier`; `TokenIssuedAt` its iat), the caller's IP and user agent, and
 * the region of Graph that served it. App-only tokens have no user, no scopes and no session:
 * their roles are the app's application permissions and their `wids` the fixed app-only id.
 */
import { type RecordEnv, iso } from "./audit-records.js";
import type { NetworkPrefix } from "../enrich/network-data.js";
import type { Row } from "./tables.js";
import type { Egress, ServicePrincipal } from "./tenant-model.js";

/** The role id Entra puts in the `wids` claim of every app-only token (not a directory role). */
export const APP_ONLY_WIDS = "0997a1d0-0d1d-4acb-b408-d5ca73121e90";

/** What Graph knows of the access token a request presents. */
export interface GraphToken {
  readonly sp: ServicePrincipal;
  /** The token's uti claim: the issuing sign-in's UniqueTokenIdentifier. */
  readonly uti: string;
  readonly issuedAt: number;
  /** 1 client secret, 2 certificate or other client assertion (federated credentials too). */
  readonly clientAuthMethod: 1 | 2;
}

/** The token a successful AADServicePrincipalSignInLogs record issued. */
export function tokenOf(sp: ServicePrincipal, signIn: Row): GraphToken {
  return {
    sp,
    uti: signIn.UniqueTokenIdentifier as string,
    issuedAt: Date.parse(signIn.TimeGenerated as string),
    clientAuthMethod: signIn.ClientCredentialType === "clientSecret" ? 1 : 2,
  };
}

export interface GraphRequestInput {
  readonly t: number;
  readonly token: GraphToken;
  readonly egress: Egress;
  readonly method: "GET" | "POST" | "PATCH" | "DELETE";
  /** Path and query after the host, starting with the version: `/v1.0/users?$top=999`. */
  readonly path: string;
  readonly status: number;
  readonly responseBytes: number;
  readonly durationMs: number;
  readonly userAgent: string;
  /** SDKs send a client-request-id header; curl and hand-written scripts do not. */
  readonly sendsClientRequestId: boolean;
}

/** The Graph region nearest the caller (Graph is served from the closest Azure region). */
export function graphRegion(prefix: NetworkPrefix): string {
  switch (prefix.country) {
    case "US":
      return prefix.longitude < -100 ? "West US" : "East US";
    case "FR":
      return "France Central";
    case "DE":
      return "Germany West Central";
    case "GB":
      return "UK South";
    case "FI":
    case "RU":
      return "North Europe";
    case "IN":
      return "Central India";
    case "CN":
    case "KP":
      return "East Asia";
    default:
      return "West Europe";
  }
}

export function graphRequest(env: RecordEnv, p: GraphRequestInput): Row {
  const { rng, tenant } = env;
  const operationId = rng.guid();
  return {
    TimeGenerated: iso(p.t),
    AadTenantId: tenant.id,
    ApiVersion: p.path.startsWith("/beta/") ? "beta" : "v1.0",
    AppId: p.token.sp.appId,
    ClientAuthMethod: p.token.clientAuthMethod,
    ClientRequestId: p.sendsClientRequestId ? rng.guid() : operationId,
    DurationMs: p.durationMs,
    IdentityProvider: `https://sts.windows.net/${tenant.id}/`,
    IPAddress: p.egress.ip,
    Location: graphRegion(p.egress.prefix),
    OperationId: operationId,
    RequestId: rng.guid(),
    RequestMethod: p.method,
    RequestUri: `https://graph.microsoft.com${p.path}`,
    ResponseSizeBytes: p.responseBytes,
    ResponseStatusCode: p.status,
    Roles: p.token.sp.appRoles.map((g) => g.role.value).join(" "),
    Scopes: "",
    ServicePrincipalId: p.token.sp.id,
    SessionId: "",
    SignInActivityId: p.token.uti,
    TenantId: tenant.id,
    // The iat claim has whole seconds.
    TokenIssuedAt: iso(Math.floor(p.token.issuedAt / 1000) * 1000),
    UniqueTokenId: p.token.uti,
    UserAgent: p.userAgent,
    UserId: "",
    Wids: APP_ONLY_WIDS,
    SourceSystem: "Azure",
    Type: "MicrosoftGraphActivityLogs",
  };
}
