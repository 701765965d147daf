-- RULE-17: sensitive API permission granted — a high-risk Graph application permission or delegated scope.
-- `mv-apply Prop = TargetResources[0].modifiedProperties on (summarize Props = make_bag(bag_pack(displayName,
-- trim('"', newValue))))` then `tostring(Props[name])`: the first property of that name (make_bag keeps a
-- key's first value), its newValue stripped of surrounding quotes; "" when absent.
CREATE OR REPLACE TEMP MACRO rule17_prop(props, name) AS
    coalesce([trim(coalesce(p->>'newValue', ''), '"') FOR p IN props IF coalesce(p->>'displayName', '') = name][1], '');
WITH app_role_events AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId,
           from_json(TargetResources->'$[0].modifiedProperties', '["json"]') AS Props,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(OperationName) = 'add app role assignment to service principal'
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
),
app_role_grants AS (
    SELECT TimeGenerated, InitiatorType, IPAddress, CorrelationId,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           rule17_prop(Props, 'ServicePrincipal.ObjectID') AS ClientSpId,
           rule17_prop(Props, 'ServicePrincipal.DisplayName') AS ClientName,
           rule17_prop(Props, 'ServicePrincipal.AppId') AS ClientAppId,
           -- coalesce() skips "": fall back to the well-known ids of the directory-control roles
           coalesce(nullif(rule17_prop(Props, 'AppRole.Value'), ''),
                    CASE rule17_prop(Props, 'AppRole.Id')
                        WHEN '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8' THEN 'RoleManagement.ReadWrite.Directory'
                        WHEN '06b708a9-e830-4db3-a914-8e69da51d44f' THEN 'AppRoleAssignment.ReadWrite.All'
                        WHEN '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9' THEN 'Application.ReadWrite.All'
                        WHEN '19dbc75e-c2e2-444c-a770-ec69d8559fc7' THEN 'Directory.ReadWrite.All'
                        ELSE '' END) AS AppRoleValue,
           -- `has "00000003-…"`: case-insensitive whole-term match (terms are runs of letters/digits)
           lower(coalesce(TargetResources->>'$[0].displayName', '')) = 'microsoft graph'
             OR regexp_matches(lower(rule17_prop(Props, 'TargetId.ServicePrincipalNames')),
                    '(^|[^0-9a-z\x{80}-\x{10FFFF}])00000003-0000-0000-c000-000000000000($|[^0-9a-z\x{80}-\x{10FFFF}])') AS ResourceIsGraph
    FROM app_role_events
    WHERE NOT allowlisted(IPAddress)
),
app_permissions AS (
    SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress, ClientName, ClientSpId, ClientAppId,
           'Application' AS PermissionType, [AppRoleValue] AS Permissions,
           AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                            'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                            'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All') AS DirectoryControl,
           CorrelationId
    FROM app_role_grants
    WHERE ResourceIsGraph
      AND AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                           'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                           'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All',
                           'Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'MailboxSettings.ReadWrite', 'Files.Read.All',
                           'Files.ReadWrite.All', 'Sites.Read.All', 'Sites.ReadWrite.All', 'Sites.FullControl.All', 'User.ReadWrite.All',
                           'Group.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Calendars.ReadWrite', 'Contacts.ReadWrite',
                           'ChannelMessage.Read.All', 'Chat.Read.All', 'Application.ReadWrite.OwnedBy')
),
delegated_events AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId, Props,
           -- set_intersect(Scopes, HighRiskScopes): the distinct scopes in the first array's order
           list_filter(Scopes, lambda s, i: list_position(Scopes, s) = i
               AND s IN ('Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'Files.ReadWrite.All', 'Sites.FullControl.All',
                         'Sites.ReadWrite.All', 'Directory.AccessAsUser.All', 'Directory.ReadWrite.All',
                         'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All', 'User.ReadWrite.All',
                         'MailboxSettings.ReadWrite', 'Files.Read.All')) AS RiskyScopes,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM (
        SELECT *,
               -- split(trim(" ", tostring(Props["DelegatedPermissionGrant.Scope"])), " ")
               string_split(trim(rule17_prop(Props, 'DelegatedPermissionGrant.Scope'), ' '), ' ') AS Scopes
        FROM (
            SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId,
                   from_json(TargetResources->'$[0].modifiedProperties', '["json"]') AS Props
            FROM AuditLogs
            WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
              AND lower(OperationName) = 'add delegated permission grant'
              AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
              AND lower(Result) = 'success'
        )
    )
),
delegated_permissions AS (
    SELECT TimeGenerated,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           InitiatorType, IPAddress,
           coalesce(nullif(TargetResources->>'$[1].displayName', ''), ClientSpId) AS ClientName,
           ClientSpId,
           '' AS ClientAppId,
           'Delegated' AS PermissionType,
           RiskyScopes AS Permissions,
           list_has_any(RiskyScopes, ['RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                                      'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                                      'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All'])
             OR list_contains(RiskyScopes, 'Directory.AccessAsUser.All') AS DirectoryControl,
           CorrelationId
    FROM (
        SELECT *,
               coalesce(nullif(rule17_prop(Props, 'ServicePrincipal.ObjectID'), ''), nullif(TargetResources->>'$[1].id', ''), '') AS ClientSpId
        FROM delegated_events
        WHERE len(RiskyScopes) > 0
          AND NOT allowlisted(IPAddress)
    )
),
permissions AS (
    SELECT * FROM app_permissions
    UNION ALL
    SELECT * FROM delegated_permissions
)
SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress, ClientName, ClientSpId, ClientAppId, PermissionType,
       Permissions, DirectoryControl,
       CASE WHEN DirectoryControl THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN DirectoryControl AND PermissionType = 'Application' THEN 'Directory-control application permission ' || coalesce(Permissions[1], '')
            WHEN DirectoryControl THEN 'Delegated directory permissions: ' || array_to_string(Permissions, ', ')
            WHEN PermissionType = 'Application' THEN 'Sensitive application permission ' || coalesce(Permissions[1], '')
            ELSE 'High-risk delegated scopes: ' || array_to_string(Permissions, ', ') END AS SeverityReason,
       CorrelationId
FROM permissions;
