-- RULE-10: mass privilege escalation — three or more high-privilege grants by one principal within 15 minutes.
-- `mv-apply Prop = TargetResources[0].modifiedProperties on (summarize Props = make_bag(bag_pack(displayName,
-- trim('"', newValue))))` then `tostring(Props[name])`: the first property of that name (make_bag keeps a
-- key's first value), its newValue stripped of surrounding quotes; "" when absent.
CREATE OR REPLACE TEMP MACRO rule10_prop(props, name) AS
    coalesce([trim(coalesce(p->>'newValue', ''), '"') FOR p IN props IF coalesce(p->>'displayName', '') = name][1], '');
WITH app_role_events AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources,
           from_json(TargetResources->'$[0].modifiedProperties', '["json"]') AS Props,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 45 MINUTE
      AND lower(OperationName) = 'add app role assignment to service principal'
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
),
app_role_grants AS (
    SELECT TimeGenerated, InitiatorType, IPAddress,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           rule10_prop(Props, 'ServicePrincipal.ObjectID') AS ClientSpId,
           rule10_prop(Props, 'ServicePrincipal.DisplayName') AS ClientName,
           -- coalesce() skips "": fall back to the well-known ids of the directory-control roles
           coalesce(nullif(rule10_prop(Props, 'AppRole.Value'), ''),
                    CASE rule10_prop(Props, 'AppRole.Id')
                        WHEN '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8' THEN 'RoleManagement.ReadWrite.Directory'
                        WHEN '06b708a9-e830-4db3-a914-8e69da51d44f' THEN 'AppRoleAssignment.ReadWrite.All'
                        WHEN '1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9' THEN 'Application.ReadWrite.All'
                        WHEN '19dbc75e-c2e2-444c-a770-ec69d8559fc7' THEN 'Directory.ReadWrite.All'
                        ELSE '' END) AS AppRoleValue,
           -- `has "00000003-…"`: case-insensitive whole-term match (terms are runs of letters/digits)
           lower(coalesce(TargetResources->>'$[0].displayName', '')) = 'microsoft graph'
             OR regexp_matches(lower(rule10_prop(Props, 'TargetId.ServicePrincipalNames')),
                    '(^|[^0-9a-z\x{80}-\x{10FFFF}])00000003-0000-0000-c000-000000000000($|[^0-9a-z\x{80}-\x{10FFFF}])') AS ResourceIsGraph
    FROM app_role_events
    WHERE NOT allowlisted(IPAddress)
),
graph_grants AS (
    SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress,
           ClientSpId AS GranteeId, ClientName AS GranteeName, AppRoleValue AS Permission,
           AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                            'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                            'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All') AS DirectoryControl
    FROM app_role_grants
    WHERE ResourceIsGraph
      AND AppRoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                           'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                           'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All',
                           'Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'Files.ReadWrite.All', 'Sites.FullControl.All',
                           'Sites.ReadWrite.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All', 'Group.ReadWrite.All')
),
role_events AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources,
           from_json(TargetResources->'$[0].modifiedProperties', '["json"]') AS Props,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 45 MINUTE
      -- `has "member to role"` (whole terms) and `startswith "Add"`, both case-insensitive
      AND regexp_matches(lower(OperationName), '(^|[^0-9a-z\x{80}-\x{10FFFF}])member to role($|[^0-9a-z\x{80}-\x{10FFFF}])')
      AND starts_with(lower(OperationName), 'add')
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
      AND (TargetResources->>'$[0].type') = 'ServicePrincipal'   -- parenthesised: ->> binds looser than =
),
role_grants AS (
    SELECT TimeGenerated,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           InitiatorType, IPAddress,
           coalesce(TargetResources->>'$[0].id', '') AS GranteeId,
           coalesce(TargetResources->>'$[0].displayName', '') AS GranteeName,
           rule10_prop(Props, 'Role.DisplayName') AS Permission,
           true AS DirectoryControl
    FROM role_events
    WHERE lower(rule10_prop(Props, 'Role.TemplateId')) IN (
              '62e90394-69f5-4237-9190-012177145e10', 'e8611ab8-c189-46e8-94e1-60213ab1f814', '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
              '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', '158c047a-c907-4556-b7ef-446551a6b5f7', '194ae4cb-b126-40b2-bd5b-6091b380977d',
              'fe930be7-5e62-47db-91af-98c3a49a38b1', '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2')
      AND NOT allowlisted(IPAddress)
),
grants AS (
    -- Source keeps the union's order (app-role grants first), which make_set's "first IP" follows
    SELECT *, GranteeId || '|' || Permission AS GrantKey, 1 AS Source FROM graph_grants
    UNION ALL
    SELECT *, GranteeId || '|' || Permission AS GrantKey, 2 AS Source FROM role_grants
),
-- Every grant in this run's window (the last 30 minutes) closes a 15-minute window.
windows AS (
    SELECT e.InitiatorId, e.TimeGenerated AS WindowEnd,
           count(DISTINCT g.GrantKey) AS GrantsInWindow, min(g.TimeGenerated) AS WindowStart
    FROM grants e
    JOIN grants g ON g.InitiatorId = e.InitiatorId
                 AND g.TimeGenerated BETWEEN e.TimeGenerated - INTERVAL 15 MINUTE AND e.TimeGenerated
    WHERE e.TimeGenerated > kql_now() - INTERVAL 30 MINUTE
    GROUP BY e.InitiatorId, e.TimeGenerated
    HAVING count(DISTINCT g.GrantKey) >= 3
),
bursts AS (
    SELECT InitiatorId, max(GrantsInWindow) AS GrantsInWindow, min(WindowStart) AS WindowStart, max(WindowEnd) AS WindowEnd
    FROM windows
    GROUP BY InitiatorId
),
summary AS (
    SELECT g.Initiator, g.InitiatorId, g.InitiatorType,
           max(b.GrantsInWindow) AS GrantsInWindow,
           list_distinct(list(g.Permission))[1:20] AS Permissions,
           list_distinct(list(g.GranteeName))[1:20] AS Grantees,
           count(DISTINCT g.GranteeId) AS GranteeCount,
           count(DISTINCT g.GrantKey) FILTER (WHERE g.DirectoryControl) AS DirectoryControlGrants,
           bool_or(g.GranteeId = g.InitiatorId) AS SelfGrant,
           -- tostring(make_set_if(IPAddress, isnotempty(IPAddress), 5)[0]): the first non-empty address in row order
           coalesce(arg_min(g.IPAddress, (g.Source, g.TimeGenerated)) FILTER (WHERE g.IPAddress <> ''), '') AS IPAddress,
           min(b.WindowStart) AS WindowStart, max(b.WindowEnd) AS WindowEnd
    FROM bursts b
    JOIN grants g ON g.InitiatorId = b.InitiatorId AND g.TimeGenerated BETWEEN b.WindowStart AND b.WindowEnd
    GROUP BY g.Initiator, g.InitiatorId, g.InitiatorType
)
SELECT WindowStart, WindowEnd, Initiator, InitiatorId, InitiatorType, IPAddress, GrantsInWindow, DirectoryControlGrants,
       Permissions, Grantees, GranteeCount, SelfGrant,
       CASE WHEN DirectoryControlGrants > 0 OR SelfGrant OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN SelfGrant THEN 'The initiating service principal granted permissions to itself'
            WHEN DirectoryControlGrants > 0 THEN DirectoryControlGrants || ' directory-control permissions or roles among ' || GrantsInWindow || ' grants'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal granted several high-privilege data permissions'
            ELSE GrantsInWindow || ' high-privilege data permissions granted within 15 minutes' END AS SeverityReason
FROM summary;
