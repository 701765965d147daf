-- RULE-05: managed identity active off hours although its 14-day baseline is business hours only.
-- OffHours(t), UtcOffset = 0h: hour < 7 or hour >= 19 or Sunday/Saturday (KQL dayofweek 0d/6d = DuckDB dayofweek 0/6).
-- KQL strings are never null: a missing string is "", which make_set keeps, hence coalesce(…, '') in the sets.
CREATE OR REPLACE TEMP MACRO off_hours(t) AS hour(t) < 7 OR hour(t) >= 19 OR dayofweek(t) IN (0, 6);
WITH baseline AS (
    SELECT ServicePrincipalId,
           count(*) AS BaselineSignIns,
           count(*) FILTER (WHERE off_hours(TimeGenerated)) AS BaselineOffHours,
           count(DISTINCT date_trunc('day', TimeGenerated)) AS BaselineDays,
           list_distinct(list(coalesce(ResourceDisplayName, '')))[1:100] AS BaselineResources
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
           list(coalesce(ResourceDisplayName, '') ORDER BY TimeGenerated) AS ResourcesInOrder
    FROM AADManagedIdentitySignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND off_hours(TimeGenerated)
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId
),
alerts AS (
    SELECT r.* EXCLUDE (ResourcesInOrder), b.BaselineSignIns, b.BaselineDays,
           -- make_set(ResourceDisplayName, 20) in first-seen order (strcat_array below reads that order)
           list_filter(r.ResourcesInOrder, (x, i) -> list_position(r.ResourcesInOrder, x) = i)[1:20] AS Resources,
           b.BaselineResources
    FROM recent r
    JOIN baseline b ON r.ServicePrincipalId = b.ServicePrincipalId
    WHERE b.BaselineSignIns >= 20 AND b.BaselineDays >= 5 AND b.BaselineOffHours = 0
),
scored AS (
    -- set_difference(Resources, BaselineResources), keeping Resources' order
    SELECT * EXCLUDE (BaselineResources), list_filter(Resources, x -> NOT list_contains(BaselineResources, x)) AS NewResources
    FROM alerts
)
SELECT FirstSeen, LastSeen, FirstSeen + INTERVAL 0 HOUR AS LocalTime,  -- FirstSeen + UtcOffset
       ServicePrincipalName, ServicePrincipalId, AppId, SignIns, Resources, NewResources,
       BaselineSignIns, BaselineDays,
       CASE WHEN len(NewResources) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(NewResources) > 0 THEN 'Off-hours tokens for resources it never used before: ' || array_to_string(NewResources, ', ')
            ELSE 'Off-hours tokens for a business-hours identity (' || SignIns || ' sign-ins)' END AS SeverityReason
FROM scored;
