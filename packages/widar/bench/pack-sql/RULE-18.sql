-- RULE-18 (seed, verbatim): multiple SPs created by one principal in a short window.
-- KQL strings are never null: tostring() of a missing field is "", hence the coalesce(…, '').
WITH sp_creations AS (
    SELECT TimeGenerated,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal'
                WHEN coalesce(InitiatedBy->>'$.user.id', '') <> '' THEN 'User'
                ELSE 'Unknown' END AS InitiatorType,
           coalesce(nullif(InitiatedBy->>'$.app.servicePrincipalId', ''), nullif(InitiatedBy->>'$.user.id', ''), '') AS InitiatorId,
           coalesce(nullif(InitiatedBy->>'$.app.displayName', ''), nullif(InitiatedBy->>'$.user.userPrincipalName', ''), '') AS InitiatorName,
           coalesce(TargetResources->>'$[0].id', '') AS NewSPId,
           coalesce(TargetResources->>'$[0].displayName', '') AS NewSPName
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 30 MINUTE
      AND lower(OperationName) = 'add service principal'
      AND lower(Result) = 'success'
),
post_creation AS (
    SELECT coalesce(TargetResources->>'$[0].id', '') AS TargetSPId, OperationName
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 40 MINUTE
      AND OperationName IN ('Add service principal credentials', 'Add app role assignment to service principal', 'Add delegated permission grant')
      AND lower(Result) = 'success'
),
windowed AS (
    SELECT c.*, p.TargetSPId, p.OperationName
    FROM sp_creations c
    JOIN (SELECT InitiatorId, TimeGenerated AS WindowEnd FROM sp_creations) w ON c.InitiatorId = w.InitiatorId
    LEFT JOIN post_creation p ON c.NewSPId = p.TargetSPId
    WHERE c.TimeGenerated BETWEEN w.WindowEnd - INTERVAL 10 MINUTE AND w.WindowEnd
),
bursts AS (
    SELECT InitiatorId, InitiatorName, InitiatorType,
           count(DISTINCT NewSPId) AS CreationsInWindow,
           list_distinct(list(NewSPName))[1:20] AS SPsCreated,
           list_distinct(list(NewSPId))[1:20] AS SPIds,
           count(DISTINCT NewSPId) FILTER (WHERE coalesce(TargetSPId, '') <> '') AS PostCreationOps,
           list_distinct(list(OperationName) FILTER (WHERE coalesce(OperationName, '') <> ''))[1:5] AS PostCreationOpList,
           min(TimeGenerated) AS WindowStart,
           max(TimeGenerated) AS WindowEnd
    FROM windowed
    GROUP BY InitiatorId, InitiatorName, InitiatorType
)
SELECT InitiatorName, InitiatorId, InitiatorType,
       InitiatorType = 'ServicePrincipal' AS InitiatorIsApp,
       CreationsInWindow,
       date_diff('minute', WindowStart, WindowEnd) AS BurstDurationMins,
       SPsCreated, SPIds,
       PostCreationOps > 0 AS ImmediateArming, PostCreationOps, coalesce(PostCreationOpList, []) AS PostCreationOpList,
       CASE WHEN InitiatorType = 'ServicePrincipal' AND PostCreationOps > 0 THEN 'Critical — SP created SPs and immediately armed them'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'High — Service principal bulk-created other SPs'
            WHEN PostCreationOps > 0 THEN 'High — Bulk SP creation with immediate credential/role arming'
            WHEN CreationsInWindow > 5 THEN 'High — Very high SP creation burst (>5)'
            ELSE 'Medium — Suspicious SP creation burst' END AS SeverityLevel,
       WindowStart, WindowEnd
FROM bursts
WHERE CreationsInWindow > 3;
