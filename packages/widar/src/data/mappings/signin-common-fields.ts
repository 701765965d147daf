/**
 * Diagnostic-settings fields every sign-in category carries (SignInLogs,
 * NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs), mapped to
 * the same Log Analytics columns in each. Each table spreads them first, then its own fields;
 * where two source fields feed one column the first present wins, and that order is the same as
 * when each table listed them itself (checked when this list was extracted).
 */
import type { FieldPair } from "./types.js";

export const SIGNIN_COMMON_FIELDS: readonly FieldPair[] = [
  ["time", "TimeGenerated"],
  ["operationName", "OperationName"],
  ["operationVersion", "OperationVersion"],
  ["category", "Category"],
  ["tenantId", "AADTenantId"],
  ["resultType", "ResultType"],
  ["resultSignature", "ResultSignature"],
  ["resultDescription", "ResultDescription"],
  ["durationMs", "DurationMs"],
  ["correlationId", "CorrelationId"],
  ["properties.correlationId", "CorrelationId"],
  ["identity", "Identity"],
  ["Level", "Level"],
  ["level", "Level"],
  ["location", "Location"],
  ["properties.id", "Id"],
  ["properties.createdDateTime", "CreatedDateTime"],
  ["properties.appId", "AppId"],
  ["properties.appOwnerTenantId", "AppOwnerTenantId"],
  ["properties.ipAddress", "IPAddress"],
  ["callerIpAddress", "IPAddress"],
  ["properties.location", "LocationDetails"],
  ["properties.conditionalAccessStatus", "ConditionalAccessStatus"],
  ["properties.appliedConditionalAccessPolicies", "ConditionalAccessPolicies"],
  ["properties.conditionalAccessAudiences", "ConditionalAccessAudiences"],
  ["properties.authenticationProcessingDetails", "AuthenticationProcessingDetails"],
  ["properties.authenticationContextClassReferences", "AuthenticationContextClassReferences"],
  ["properties.clientCredentialType", "ClientCredentialType"],
  ["properties.federatedCredentialId", "FederatedCredentialId"],
  ["properties.networkLocationDetails", "NetworkLocationDetails"],
  ["properties.resourceDisplayName", "ResourceDisplayName"],
  ["properties.resourceId", "ResourceIdentity"],
  ["properties.resourceOwnerTenantId", "ResourceOwnerTenantId"],
  ["properties.resourceServicePrincipalId", "ResourceServicePrincipalId"],
  ["properties.servicePrincipalId", "ServicePrincipalId"],
  ["properties.sessionId", "SessionId"],
  ["properties.uniqueTokenIdentifier", "UniqueTokenIdentifier"],
  ["properties.userAgent", "UserAgent"],
  ["properties.agent", "Agent"],
];
