-- RULE-04: service principal blocked by Conditional Access, then signing in successfully without it.
-- KQL strings are never null: a missing string is "", which make_set keeps, hence coalesce(…, '') in the sets.
WITH blocked AS (
    SELECT ServicePrincipalId,
           min(TimeGenerated) AS FirstBlocked,
           count(*) AS BlockedCount,
           list_distinct(list(coalesce(IPAddress, '')))[1:10] AS BlockedIPs
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(ConditionalAccessStatus) = 'failure'
    GROUP BY ServicePrincipalId
),
bypassed AS (
    SELECT TimeGenerated AS SuccessTime, ServicePrincipalId, ServicePrincipalName, AppId,
           coalesce(IPAddress, '') AS IPAddress, ResourceDisplayName, ServicePrincipalCredentialKeyId
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0' AND lower(ConditionalAccessStatus) = 'notapplied'
      AND NOT allowlisted(IPAddress)
),
app_activity AS (
    SELECT OAuthAppId AS AppId,
           list_distinct(list(coalesce(ActionType, '')))[1:20] AS AppActions,
           count(*) AS AppActionCount
    FROM CloudAppEvents
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND OAuthAppId <> ''
    GROUP BY OAuthAppId
),
bypasses AS (
    SELECT s.ServicePrincipalId, s.ServicePrincipalName, s.AppId,
           min(s.SuccessTime) AS FirstBypass,
           count(*) AS BypassCount,
           list_distinct(list(s.IPAddress))[1:10] AS BypassIPs,
           -- BypassIPs[0]: make_set keeps first-seen order, i.e. the earliest bypass's address
           arg_min(s.IPAddress, s.SuccessTime) AS FirstBypassIP,
           list_distinct(list(coalesce(s.ResourceDisplayName, '')))[1:10] AS BypassResources,
           list_distinct(list(coalesce(s.ServicePrincipalCredentialKeyId, '')))[1:5] AS BypassKeyIds
    FROM bypassed s
    JOIN blocked b ON s.ServicePrincipalId = b.ServicePrincipalId
    WHERE s.SuccessTime > b.FirstBlocked
    GROUP BY s.ServicePrincipalId, s.ServicePrincipalName, s.AppId
),
alerts AS (
    SELECT p.*, b.FirstBlocked, b.BlockedCount, b.BlockedIPs,
           coalesce(a.AppActionCount, 0) AS AppActionCount,
           coalesce(a.AppActions, []) AS AppActions,
           -- array_length(set_difference(BypassIPs, BlockedIPs)) > 0
           len(list_filter(p.BypassIPs, x -> NOT list_contains(b.BlockedIPs, x))) > 0 AS NewNetwork
    FROM bypasses p
    JOIN blocked b ON p.ServicePrincipalId = b.ServicePrincipalId
    LEFT JOIN app_activity a ON p.AppId = a.AppId
)
SELECT FirstBlocked, FirstBypass, ServicePrincipalName, ServicePrincipalId, AppId, BlockedCount, BlockedIPs,
       BypassCount, BypassIPs, FirstBypassIP AS IPAddress, BypassResources, BypassKeyIds, NewNetwork, AppActionCount, AppActions,
       CASE WHEN AppActionCount > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN AppActionCount > 0 THEN 'After the bypass the application performed ' || AppActionCount || ' cloud app actions'
            WHEN NewNetwork THEN 'Blocked by Conditional Access, then succeeded from another network without it'
            ELSE 'Blocked by Conditional Access, then succeeded without it' END AS SeverityReason
FROM alerts;
