-- CRED-08: privileged Microsoft Graph app role (application permission) granted to a service principal.
-- Props["X"] of the KQL (make_bag over TargetResources[0].modifiedProperties, first key wins, newValue
-- trimmed of '"') → the newValue of the first modified property named X, '' when there is none.
CREATE OR REPLACE TEMP MACRO modified_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: coalesce(p->>'displayName', '') = name)[1]->>'newValue', ''), '"');
WITH grants AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId,
           json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(OperationName) = 'add app role assignment to service principal'
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
),
named AS (
    SELECT *,
           -- Some records carry only the role id: the directory-control ones are named by their well-known ids
           -- (KQL coalesce() skips "").
           coalesce(nullif(modified_prop(Props, 'AppRole.Value'), ''),
                    CASE AppRoleId WHEN '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8' THEN 'RoleManagement.ReadWrite.Directory'
                                   WHEN '06b708a9-e830-4db3-a914-8e69da51d44f' THEN 'AppRoleAssignment.ReadWrite.All'
                                   WHEN '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9' THEN 'Application.ReadWrite.All'
                                   WHEN '19dbc75e-c2e2-444c-a770-ec69d8559fc7' THEN 'Directory.ReadWrite.All'
                                   ELSE '' END) AS AppRoleValue
    FROM (SELECT *, modified_prop(Props, 'AppRole.Id') AS AppRoleId FROM grants)
),
graph_grants AS (
    SELECT TimeGenerated, CorrelationId, AppRoleId, AppRoleValue,
           modified_prop(Props, 'ServicePrincipal.ObjectID') AS ClientSpId,
           modified_prop(Props, 'ServicePrincipal.DisplayName') AS ClientName,
           modified_prop(Props, 'ServicePrincipal.AppId') AS ClientAppId,
           TargetResources->>'$[0].displayName' AS ResourceName,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           InitiatedBy
    FROM named
    WHERE AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                           'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                           'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All')
      -- ResourceIsGraph: `=~ "Microsoft Graph"`, or Graph's app id as a whole term (has) in the SPNs
      AND (lower(TargetResources->>'$[0].displayName') = 'microsoft graph'
           OR regexp_matches(lower(modified_prop(Props, 'TargetId.ServicePrincipalNames')),
                             '(^|[^0-9a-z\x{80}-\x{10FFFF}])00000003-0000-0000-c000-000000000000($|[^0-9a-z\x{80}-\x{10FFFF}])'))
),
alerts AS (
    SELECT *,
           InitiatorType = 'ServicePrincipal' AND InitiatorId = ClientSpId AS SelfGrant,
           AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All') AS DirectPath
    FROM (
        SELECT *,
               CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
               CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '') ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
               coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
        FROM graph_grants
    )
    WHERE NOT allowlisted(IPAddress)
)
SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress, ClientName, ClientSpId, ClientAppId,
       AppRoleValue, AppRoleId, ResourceName, SelfGrant,
       CASE WHEN DirectPath OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN SelfGrant THEN 'A service principal granted itself ' || AppRoleValue
            WHEN DirectPath THEN AppRoleValue || ' is a direct path to Global Administrator'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal granted ' || AppRoleValue
            ELSE 'A user granted the directory-control permission ' || AppRoleValue END AS SeverityReason,
       CorrelationId
FROM alerts;
