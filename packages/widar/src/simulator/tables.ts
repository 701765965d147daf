/**
 * The tables the simulator writes: for each, the columns it populates (names and Kusto types
 * exactly as in the Log Analytics table reference, in output order) and the field(s) that
 * identify one record (what ground-truth.json lists). Record builders create objects with exactly
 * these keys in this order, so the NDJSON, la-json and CSV writers all agree.
 *
 * `RiskyServicePrincipals` and `ServicePrincipalRiskEvents` are not Log Analytics tables: they
 * are the names seed RULE 19 reads, with the columns of its own `datatable` fallbacks, derived
 * one-for-one from `AADRiskyServicePrincipals` and `AADServicePrincipalRiskEvents`.
 */
export type ColumnType = "string" | "datetime" | "dynamic" | "bool" | "long" | "int" | "real";

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
}

export type TableName =
  | "AuditLogs"
  | "SigninLogs"
  | "AADServicePrincipalSignInLogs"
  | "AADManagedIdentitySignInLogs"
  | "AADRiskyServicePrincipals"
  | "AADServicePrincipalRiskEvents"
  | "AADRiskyUsers"
  | "MicrosoftGraphActivityLogs"
  | "CloudAppEvents"
  | "AzureActivity"
  | "RiskyServicePrincipals"
  | "ServicePrincipalRiskEvents";

export interface TableSpec {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /** Fields whose values, joined with "|", identify a record. */
  readonly key: readonly string[];
  /** A Log Analytics table (false: a seed-compatibility table derived from one). */
  readonly logAnalytics: boolean;
}

export type Row = Record<string, unknown>;

/** "Name:type Name:type …" → column specs (compact, and diffable against the reference CSV). */
function cols(spec: string): ColumnSpec[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((c) => {
      const [name, type] = c.split(":");
      return { name: name!, type: type as ColumnType };
    });
}

const COMMON_HEAD = "TimeGenerated:datetime";

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  AuditLogs: {
    name: "AuditLogs",
    logAnalytics: true,
    key: ["Id"],
    columns: cols(`${COMMON_HEAD} ResourceId:string OperationName:string OperationVersion:string Category:string
      ResultType:string ResultSignature:string ResultDescription:string DurationMs:long CorrelationId:string
      Resource:string ResourceGroup:string Identity:string Level:string Location:string AdditionalDetails:dynamic
      Id:string InitiatedBy:dynamic LoggedByService:string Result:string ResultReason:string TargetResources:dynamic
      AADTenantId:string ActivityDisplayName:string ActivityDateTime:datetime AADOperationType:string
      SourceSystem:string Type:string`),
  },
  SigninLogs: {
    name: "SigninLogs",
    logAnalytics: true,
    key: ["Id"],
    columns: cols(`${COMMON_HEAD} ResourceId:string OperationName:string OperationVersion:string Category:string
      ResultType:string ResultSignature:string ResultDescription:string DurationMs:long CorrelationId:string
      Identity:string Level:string Location:string AppDisplayName:string AppId:string AuthenticationDetails:string
      AuthenticationMethodsUsed:string AuthenticationProtocol:string AuthenticationRequirement:string
      AutonomousSystemNumber:string ClientAppUsed:string ClientCredentialType:string ConditionalAccessPolicies:dynamic
      ConditionalAccessStatus:string CreatedDateTime:datetime CrossTenantAccessType:string DeviceDetail:dynamic
      HomeTenantId:string Id:string IncomingTokenType:string IPAddress:string IsInteractive:bool IsRisky:bool
      LocationDetails:dynamic MfaDetail:dynamic NetworkLocationDetails:string ResourceDisplayName:string
      ResourceIdentity:string ResourceServicePrincipalId:string ResourceTenantId:string RiskDetail:string
      RiskEventTypes:string RiskEventTypes_V2:string RiskLevelAggregated:string RiskLevelDuringSignIn:string
      RiskState:string SessionId:string Status:dynamic TokenIssuerType:string UniqueTokenIdentifier:string
      UserAgent:string UserDisplayName:string UserId:string UserPrincipalName:string UserType:string
      AADTenantId:string SourceSystem:string Type:string`),
  },
  AADServicePrincipalSignInLogs: {
    name: "AADServicePrincipalSignInLogs",
    logAnalytics: true,
    key: ["Id"],
    columns: cols(`${COMMON_HEAD} OperationName:string OperationVersion:string Category:string ResultType:string
      ResultSignature:string ResultDescription:string DurationMs:long CorrelationId:string Identity:string Level:string
      Location:string AppId:string AppOwnerTenantId:string AuthenticationProcessingDetails:string
      AutonomousSystemNumber:string ClientCredentialType:string ConditionalAccessPolicies:string
      ConditionalAccessStatus:string CreatedDateTime:datetime FederatedCredentialId:string Id:string IPAddress:string
      LocationDetails:string NetworkLocationDetails:string ResourceDisplayName:string ResourceIdentity:string
      ResourceServicePrincipalId:string ServicePrincipalCredentialKeyId:string ServicePrincipalCredentialThumbprint:string
      ServicePrincipalId:string ServicePrincipalName:string TenantId:string UniqueTokenIdentifier:string UserAgent:string
      AADTenantId:string SourceSystem:string Type:string`),
  },
  AADManagedIdentitySignInLogs: {
    name: "AADManagedIdentitySignInLogs",
    logAnalytics: true,
    key: ["Id"],
    columns: cols(`${COMMON_HEAD} OperationName:string OperationVersion:string Category:string ResultType:string
      ResultSignature:string ResultDescription:string DurationMs:long CorrelationId:string Identity:string Level:string
      Location:string AppId:string AuthenticationProcessingDetails:string ClientCredentialType:string
      CreatedDateTime:datetime FederatedCredentialId:string Id:string IPAddress:string LocationDetails:string
      ResourceDisplayName:string ResourceIdentity:string ResourceServicePrincipalId:string
      ServicePrincipalCredentialKeyId:string ServicePrincipalCredentialThumbprint:string ServicePrincipalId:string
      ServicePrincipalName:string TenantId:string UniqueTokenIdentifier:string AADTenantId:string SourceSystem:string
      Type:string`),
  },
  AADRiskyServicePrincipals: {
    name: "AADRiskyServicePrincipals",
    logAnalytics: true,
    key: ["CorrelationId"],
    columns: cols(`${COMMON_HEAD} Id:string AccountEnabled:bool AppId:string CorrelationId:string DisplayName:string
      IsProcessing:bool OperationName:string RiskDetail:string RiskLastUpdatedDateTime:datetime RiskLevel:string
      RiskState:string ServicePrincipalType:string TenantId:string SourceSystem:string Type:string`),
  },
  AADServicePrincipalRiskEvents: {
    name: "AADServicePrincipalRiskEvents",
    logAnalytics: true,
    key: ["Id"],
    columns: cols(`${COMMON_HEAD} Id:string Activity:string ActivityDateTime:datetime AdditionalInfo:dynamic AppId:string
      CorrelationId:string DetectedDateTime:datetime DetectionTimingType:string IpAddress:string KeyIds:dynamic
      LastUpdatedDateTime:datetime Location:dynamic OperationName:string RequestId:string RiskDetail:string
      RiskEventType:string RiskLevel:string RiskState:string ServicePrincipalDisplayName:string ServicePrincipalId:string
      Source:string TenantId:string TokenIssuerType:string SourceSystem:string Type:string`),
  },
  AADRiskyUsers: {
    name: "AADRiskyUsers",
    logAnalytics: true,
    key: ["CorrelationId"],
    columns: cols(`${COMMON_HEAD} Id:string CorrelationId:string IsDeleted:bool IsProcessing:bool OperationName:string
      RiskDetail:string RiskLastUpdatedDateTime:datetime RiskLevel:string RiskState:string UserDisplayName:string
      UserPrincipalName:string TenantId:string SourceSystem:string Type:string`),
  },
  MicrosoftGraphActivityLogs: {
    name: "MicrosoftGraphActivityLogs",
    logAnalytics: true,
    key: ["RequestId"],
    columns: cols(`${COMMON_HEAD} AadTenantId:string ApiVersion:string AppId:string ClientAuthMethod:int ClientRequestId:string
      DurationMs:int IdentityProvider:string IPAddress:string Location:string OperationId:string RequestId:string
      RequestMethod:string RequestUri:string ResponseSizeBytes:int ResponseStatusCode:int Roles:string Scopes:string
      ServicePrincipalId:string SessionId:string SignInActivityId:string TenantId:string TokenIssuedAt:datetime
      UniqueTokenId:string UserAgent:string UserId:string Wids:string SourceSystem:string Type:string`),
  },
  CloudAppEvents: {
    name: "CloudAppEvents",
    logAnalytics: true,
    key: ["ReportId"],
    columns: cols(`${COMMON_HEAD} ActionType:string Application:string ApplicationId:int AccountObjectId:string AccountId:string
      AccountDisplayName:string AccountType:string IsAdminOperation:bool DeviceType:string OSPlatform:string IPAddress:string
      IsAnonymousProxy:bool CountryCode:string City:string ISP:string UserAgent:string ActivityType:string
      ActivityObjects:dynamic ObjectName:string ObjectType:string ObjectId:string ReportId:string AppInstanceId:int
      IsExternalUser:bool IsImpersonated:bool IPTags:dynamic IPCategory:string UserAgentTags:dynamic RawEventData:dynamic
      AdditionalFields:dynamic AuditSource:string SessionData:dynamic OAuthAppId:string TenantId:string SourceSystem:string
      Type:string`),
  },
  AzureActivity: {
    name: "AzureActivity",
    logAnalytics: true,
    key: ["EventDataId"],
    columns: cols(`${COMMON_HEAD} OperationName:string OperationNameValue:string Level:string ActivityStatus:string
      ActivityStatusValue:string ActivitySubstatus:string ActivitySubstatusValue:string ResourceGroup:string
      SubscriptionId:string CorrelationId:string Caller:string CallerIpAddress:string Category:string CategoryValue:string
      HTTPRequest:string Properties:string EventSubmissionTimestamp:datetime Authorization:string ResourceId:string
      OperationId:string Properties_d:dynamic Authorization_d:dynamic Claims:string Claims_d:dynamic ResourceProvider:string
      ResourceProviderValue:string Resource:string EventDataId:string TenantId:string Hierarchy:string _ResourceId:string
      _SubscriptionId:string SourceSystem:string Type:string`),
  },
  RiskyServicePrincipals: {
    name: "RiskyServicePrincipals",
    logAnalytics: false,
    key: ["ServicePrincipalId", "TimeGenerated"],
    columns: cols(`TimeGenerated:datetime ServicePrincipalId:string ServicePrincipalDisplayName:string AppId:string
      RiskLevel:string RiskState:string RiskDetail:string RiskLastUpdatedDateTime:datetime`),
  },
  ServicePrincipalRiskEvents: {
    name: "ServicePrincipalRiskEvents",
    logAnalytics: false,
    key: ["ServicePrincipalId", "RiskEventType", "TimeGenerated"],
    columns: cols(`TimeGenerated:datetime ServicePrincipalId:string ServicePrincipalDisplayName:string AppId:string
      RiskEventType:string RiskLevel:string DetectedDateTime:datetime`),
  },
};

/** Output order (and the order of manifest entries). */
export const TABLE_NAMES: readonly TableName[] = [
  "AuditLogs",
  "SigninLogs",
  "AADServicePrincipalSignInLogs",
  "AADManagedIdentitySignInLogs",
  "AADRiskyServicePrincipals",
  "AADServicePrincipalRiskEvents",
  "AADRiskyUsers",
  "MicrosoftGraphActivityLogs",
  "CloudAppEvents",
  "AzureActivity",
  "RiskyServicePrincipals",
  "ServicePrincipalRiskEvents",
];

/** The identifying key of a record of `table` (what ground-truth.json lists). */
export function recordKey(table: TableName, row: Row): string {
  return TABLES[table].key.map((k) => String(row[k])).join("|");
}

/** The seed-compatibility record derived from a Log Analytics risk record, if any. */
export function deriveSeedRow(table: TableName, row: Row): { table: TableName; row: Row } | null {
  if (table === "AADRiskyServicePrincipals")
    return {
      table: "RiskyServicePrincipals",
      row: {
        TimeGenerated: row.TimeGenerated,
        ServicePrincipalId: row.Id,
        ServicePrincipalDisplayName: row.DisplayName,
        AppId: row.AppId,
        RiskLevel: row.RiskLevel,
        RiskState: row.RiskState,
        RiskDetail: row.RiskDetail,
        RiskLastUpdatedDateTime: row.RiskLastUpdatedDateTime,
      },
    };
  if (table === "AADServicePrincipalRiskEvents")
    return {
      table: "ServicePrincipalRiskEvents",
      row: {
        TimeGenerated: row.TimeGenerated,
        ServicePrincipalId: row.ServicePrincipalId,
        ServicePrincipalDisplayName: row.ServicePrincipalDisplayName,
        AppId: row.AppId,
        RiskEventType: row.RiskEventType,
        RiskLevel: row.RiskLevel,
        DetectedDateTime: row.DetectedDateTime,
      },
    };
  return null;
}
