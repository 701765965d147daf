-- RULE-06: managed identity requesting tokens for many resources it never used in its 14-day baseline.
-- KQL strings are never null: a missing string is "", which make_set keeps, hence coalesce(…, '') in the sets.
WITH baseline AS (
    SELECT ServicePrincipalId,
           list_distinct(list(coalesce(ResourceIdentity, '')))[1:200] AS BaselineResources,
           count(*) AS BaselineSignIns
    FROM AADManagedIdentitySignInLogs
    -- between (ago(14d) .. ago(1h)) is inclusive at both ends
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
    GROUP BY ServicePrincipalId
),
recent AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId,
           min(TimeGenerated) AS FirstSeen,
           max(TimeGenerated) AS LastSeen,
           count(*) AS SignIns,
           list_distinct(list(coalesce(ResourceIdentity, '')))[1:100] AS Resources,
           list_distinct(list(coalesce(ResourceDisplayName, '')))[1:100] AS ResourceNames
    FROM AADManagedIdentitySignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId
    HAVING len(Resources) >= 5
),
novel AS (
    SELECT r.*,
           coalesce(b.BaselineSignIns, 0) AS BaselineSignIns,
           -- set_difference(Resources, BaselineResources)
           list_filter(r.Resources, x -> NOT list_contains(coalesce(b.BaselineResources, []), x)) AS NewResources
    FROM recent r
    LEFT JOIN baseline b ON r.ServicePrincipalId = b.ServicePrincipalId
),
alerts AS (
    SELECT *,
           -- set_intersect(NewResources, SensitiveResources)
           list_intersect(NewResources, ['cfa8b339-82a2-471a-a3c9-0fc0be7a4093', 'e406a681-f3d4-42a8-90b6-c2b029497af1',
               '797f4846-ba00-4fd7-ba43-dac1f8f63013', '00000003-0000-0000-c000-000000000000', '00000002-0000-0ff1-ce00-000000000000',
               '00000003-0000-0ff1-ce00-000000000000']) AS NewSensitive
    FROM novel
    WHERE len(NewResources) >= 3
)
SELECT FirstSeen, LastSeen, ServicePrincipalName, ServicePrincipalId, AppId, SignIns, len(Resources) AS DistinctResources,
       ResourceNames, NewResources, NewSensitive, BaselineSignIns,
       CASE WHEN len(NewSensitive) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(NewSensitive) > 0 THEN len(NewResources) || ' new resources, including Key Vault, Storage, Azure management or Microsoft 365 APIs'
            ELSE len(NewResources) || ' resources never requested before, within an hour' END AS SeverityReason
FROM alerts;
