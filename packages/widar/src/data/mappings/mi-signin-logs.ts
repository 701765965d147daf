/**
 * AADManagedIdentitySignInLogs ← diagnostic category `ManagedIdentitySignInLogs` and Graph
 * `/beta/auditLogs/signIns` with `signInEventTypes` `managedIdentity`.
 *
 * A managed identity gets its token from the Azure instance metadata endpoint: the records have
 * no client IP (`ipAddress` is ""), no credential key, and an empty location. Graph describes the
 * identity in `managedServiceIdentity` (msiType, associatedResourceId, federated token), which
 * Log Analytics keeps as JSON text in `ManagedServiceIdentity`.
 */
import { SIGNIN_COMMON_FIELDS } from "./signin-common-fields.js";
import type { TableMapping } from "./types.js";

export const MI_SIGNIN_LOGS: TableMapping = {
  table: "AADManagedIdentitySignInLogs",
  diagnostic: {
    categories: ["ManagedIdentitySignInLogs"],
    fields: [
      ...SIGNIN_COMMON_FIELDS,
      ["properties.managedServiceIdentity", "ManagedServiceIdentity"],
      ["properties.servicePrincipalCredentialKeyId", "ServicePrincipalCredentialKeyId"],
      ["properties.servicePrincipalCredentialThumbprint", "ServicePrincipalCredentialThumbprint"],
      ["properties.servicePrincipalName", "ServicePrincipalName"],
      ["properties.sourceAppClientId", "SourceAppClientId"],
    ],
    constants: { SourceSystem: "Azure AD", Type: "AADManagedIdentitySignInLogs" },
    numeric: ["durationMs", "Level"],
  },
  graph: {
    resource: "signIn",
    signInEventType: "managedIdentity",
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
      ["managedServiceIdentity", "ManagedServiceIdentity"],
      ["appId", "AppId"],
      ["ipAddress", "IPAddress"],
      ["location", "LocationDetails"],
      ["location.countryOrRegion", "Location"],
      ["conditionalAccessStatus", "ConditionalAccessStatus"],
      ["appliedConditionalAccessPolicies", "ConditionalAccessPolicies"],
      ["conditionalAccessAudiences", "ConditionalAccessAudiences"],
      ["authenticationProcessingDetails", "AuthenticationProcessingDetails"],
      ["authenticationContextClassReferences", "AuthenticationContextClassReferences"],
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
    constants: { OperationName: "Sign-in activity", Category: "ManagedIdentitySignInLogs", SourceSystem: "Azure AD", Type: "AADManagedIdentitySignInLogs" },
    numeric: ["status.errorCode"],
  },
};
