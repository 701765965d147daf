/**
 * AADServicePrincipalSignInLogs ← diagnostic category `ServicePrincipalSignInLogs` and Graph
 * `/beta/auditLogs/signIns` with `signInEventTypes` `servicePrincipal`.
 *
 * A workload's own sign-in (client credentials): no user; `properties.servicePrincipalId` /
 * `servicePrincipalName` is the signing-in identity, `servicePrincipalCredentialKeyId` /
 * `...Thumbprint` / `federatedCredentialId` name the credential used, `clientCredentialType`
 * its kind. The LA table stores JSON-valued properties (location, processing details, policies)
 * as JSON text. Graph carries no identity name beyond `servicePrincipalName`, which is what
 * Log Analytics shows as `Identity` for these sign-ins.
 */
import { SIGNIN_COMMON_FIELDS } from "./signin-common-fields.js";
import type { TableMapping } from "./types.js";

export const SP_SIGNIN_LOGS: TableMapping = {
  table: "AADServicePrincipalSignInLogs",
  diagnostic: {
    categories: ["ServicePrincipalSignInLogs"],
    fields: [
      ...SIGNIN_COMMON_FIELDS,
      ["properties.autonomousSystemNumber", "AutonomousSystemNumber"],
      ["properties.servicePrincipalCredentialKeyId", "ServicePrincipalCredentialKeyId"],
      ["properties.servicePrincipalCredentialThumbprint", "ServicePrincipalCredentialThumbprint"],
      ["properties.servicePrincipalName", "ServicePrincipalName"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADServicePrincipalSignInLogs" },
    numeric: ["durationMs", "Level", "properties.autonomousSystemNumber"],
  },
  graph: {
    resource: "signIn",
    signInEventType: "servicePrincipal",
    fields: [
      ["createdDateTime", "TimeGenerated"],
      ["createdDateTime", "CreatedDateTime"],
      ["id", "Id"],
      ["correlationId", "CorrelationId"],
      ["status.errorCode", "ResultType"],
      ["status.failureReason", "ResultDescription"],
      ["servicePrincipalName", "Identity"],
      ["servicePrincipalName", "ServicePrincipalName"],
      ["servicePrincipalId", "ServicePrincipalId"],
      ["servicePrincipalCredentialKeyId", "ServicePrincipalCredentialKeyId"],
      ["servicePrincipalCredentialThumbprint", "ServicePrincipalCredentialThumbprint"],
      ["appId", "AppId"],
      ["ipAddress", "IPAddress"],
      ["location", "LocationDetails"],
      ["location.countryOrRegion", "Location"],
      ["conditionalAccessStatus", "ConditionalAccessStatus"],
      ["appliedConditionalAccessPolicies", "ConditionalAccessPolicies"],
      ["conditionalAccessAudiences", "ConditionalAccessAudiences"],
      ["authenticationProcessingDetails", "AuthenticationProcessingDetails"],
      ["authenticationContextClassReferences", "AuthenticationContextClassReferences"],
      ["autonomousSystemNumber", "AutonomousSystemNumber"],
      ["clientCredentialType", "ClientCredentialType"],
      ["federatedCredentialId", "FederatedCredentialId"],
      ["networkLocationDetails", "NetworkLocationDetails"],
      ["resourceDisplayName", "ResourceDisplayName"],
      ["resourceId", "ResourceIdentity"],
      ["resourceServicePrincipalId", "ResourceServicePrincipalId"],
      ["sessionId", "SessionId"],
      ["uniqueTokenIdentifier", "UniqueTokenIdentifier"],
      ["userAgent", "UserAgent"],
    ],
    constants: { OperationName: "Sign-in activity", Category: "ServicePrincipalSignInLogs", SourceSystem: "Azure AD", Type: "AADServicePrincipalSignInLogs" },
    numeric: ["status.errorCode", "autonomousSystemNumber"],
  },
};
