-- CRED-10: application registration made multi-tenant (AvailableToOtherTenants / signInAudience widened).
-- Props["X"] of the KQL (make_bag over TargetResources[0].modifiedProperties, first key wins, newValue
-- trimmed of '"') → the newValue of the first modified property named X, '' when there is none.
CREATE OR REPLACE TEMP MACRO modified_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: coalesce(p->>'displayName', '') = name)[1]->>'newValue', ''), '"');
-- mv-apply Detail = AdditionalDetails on (summarize take_anyif(tostring(Detail.value), tostring(Detail.key) =~ key)):
-- the first non-empty value whose key matches case-insensitively, '' when there is none.
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
WITH inventory AS (
    -- watchlist CSV cells are NULL when empty; tostring() makes them ""
    SELECT coalesce(ServicePrincipalId, '') AS ServicePrincipalId, coalesce(AppId, '') AS AppId, coalesce(Permissions, '') AS Permissions
    FROM watchlist_WorkloadIdentityInventory
    WHERE lower(coalesce(Tier, '')) = 'privileged'
),
privileged_grants AS (
    SELECT * FROM (
        SELECT TimeGenerated,
               modified_prop(Props, 'AppRole.Value') AS RoleValue,
               modified_prop(Props, 'ServicePrincipal.ObjectID') AS ServicePrincipalId,
               modified_prop(Props, 'ServicePrincipal.AppId') AS AppId
        FROM (SELECT TimeGenerated, json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
              FROM AuditLogs
              WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
                AND lower(OperationName) = 'add app role assignment to service principal'
                AND lower(Result) = 'success')
    )
    WHERE RoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                        'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                        'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All')
),
granted_privileged AS (
    -- strcat_array(make_set(RoleValue, 10), ";"): the distinct roles, in order of first grant
    SELECT ServicePrincipalId, AppId, array_to_string(list(RoleValue ORDER BY FirstGranted, RoleValue)[1:10], ';') AS Permissions
    FROM (SELECT ServicePrincipalId, AppId, RoleValue, min(TimeGenerated) AS FirstGranted
          FROM privileged_grants GROUP BY ServicePrincipalId, AppId, RoleValue)
    GROUP BY ServicePrincipalId, AppId
),
privileged AS (
    -- each identity keyed by its object id and by its app id (non-empty keys only)
    SELECT Key, list_distinct(list(Permissions))[1:10] AS PrivilegedPermissions
    FROM (SELECT * FROM inventory UNION ALL SELECT * FROM granted_privileged) p,
         unnest([p.ServicePrincipalId, p.AppId]) AS k(Key)
    WHERE Key <> ''
    GROUP BY Key
),
changes AS (
    -- mv-apply: the modified properties that widen the audience (`has` / `has_any` = whole-term, case-insensitive)
    SELECT TimeGenerated, InitiatedBy, TargetResources, AdditionalDetails, CorrelationId,
           list_filter(json_extract(TargetResources, '$[0].modifiedProperties[*]'), lambda p:
               (coalesce(p->>'displayName', '') = 'AvailableToOtherTenants'
                AND regexp_matches(lower(coalesce(p->>'newValue', '')), '(^|[^0-9a-z\x{80}-\x{10FFFF}])true($|[^0-9a-z\x{80}-\x{10FFFF}])')
                AND NOT regexp_matches(lower(coalesce(p->>'oldValue', '')), '(^|[^0-9a-z\x{80}-\x{10FFFF}])true($|[^0-9a-z\x{80}-\x{10FFFF}])'))
               OR (coalesce(p->>'displayName', '') = 'SignInAudience'
                AND regexp_matches(lower(coalesce(p->>'newValue', '')),
                        '(^|[^0-9a-z\x{80}-\x{10FFFF}])(azureadmultipleorgs|azureadandpersonalmicrosoftaccount|personalmicrosoftaccount)($|[^0-9a-z\x{80}-\x{10FFFF}])')
                AND NOT regexp_matches(lower(coalesce(p->>'oldValue', '')),
                        '(^|[^0-9a-z\x{80}-\x{10FFFF}])(azureadmultipleorgs|azureadandpersonalmicrosoftaccount|personalmicrosoftaccount)($|[^0-9a-z\x{80}-\x{10FFFF}])'))
           ) AS Changed
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(OperationName) = 'update application'
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
),
multi_tenant AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId,
           list_distinct(list_transform(Changed, lambda p: p->>'displayName')) AS ChangedProperties,
           -- take_any(trim(@'[\["\]]', NewValue)): the first non-empty one
           coalesce(list_filter(list_transform(Changed, lambda p: trim(coalesce(p->>'newValue', ''), '["]')), lambda v: v <> '')[1], '') AS NewAudience,
           additional_detail(AdditionalDetails, 'AppId') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM changes
    WHERE len(Changed) > 0
),
alerts AS (
    SELECT TimeGenerated,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           TargetResources->>'$[0].displayName' AS TargetName,
           TargetResources->>'$[0].id' AS TargetId,
           AppId, ChangedProperties, NewAudience, CorrelationId
    FROM multi_tenant
    WHERE NOT allowlisted(coalesce(InitiatedBy->>'$.user.ipAddress', ''))
)
SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId, ChangedProperties, NewAudience,
       IsPrivileged, PrivilegedPermissions,
       CASE WHEN IsPrivileged OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN IsPrivileged THEN 'A privileged application now accepts sign-ins from other tenants'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal made the application multi-tenant'
            ELSE 'Application made multi-tenant' END AS SeverityReason,
       CorrelationId
FROM (
    SELECT a.*, coalesce(p.PrivilegedPermissions, []) AS PrivilegedPermissions, len(coalesce(p.PrivilegedPermissions, [])) > 0 AS IsPrivileged
    FROM alerts a
    LEFT JOIN privileged p ON p.Key = a.AppId   -- privileged has one row per key
);
