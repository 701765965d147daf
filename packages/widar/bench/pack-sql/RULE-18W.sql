-- RULE-18W: SP creation burst, windowed — more than three SPs created by one principal within any 10 minutes.
-- KQL strings are never null: tostring() of a missing field is "", hence the coalesce(…, '').
WITH sp_creations AS (
    SELECT TimeGenerated, InitiatorId, InitiatorName, InitiatorType, IPAddress,
           coalesce(TargetResources->>'$[0].id', '') AS NewSPId,
           coalesce(TargetResources->>'$[0].displayName', '') AS NewSPName,
           -- mv-apply … summarize take_anyif(value, key =~ "AppId"): the first non-empty AppId detail
           coalesce([d->>'value' FOR d IN from_json(AdditionalDetails, '["json"]')
                     IF lower(coalesce(d->>'key', '')) = 'appid' AND coalesce(d->>'value', '') <> ''][1], '') AS NewAppId,
           -- `az ad sp create-for-rbac` logs the new secret inside the creation record: a Credential property
           coalesce(len([p FOR p IN from_json(TargetResources->'$[0].modifiedProperties', '["json"]')
                         IF coalesce(p->>'displayName', '') = 'Credential'
                            AND coalesce(p->>'newValue', '') NOT IN ('', '[]')]) > 0, false) AS CreatedArmed
    FROM (
        SELECT TimeGenerated, OperationName, TargetResources, AdditionalDetails,
               CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal'
                    WHEN coalesce(InitiatedBy->>'$.user.id', '') <> '' THEN 'User'
                    ELSE 'Unknown' END AS InitiatorType,
               -- coalesce() on strings skips ""
               coalesce(nullif(InitiatedBy->>'$.app.servicePrincipalId', ''), nullif(InitiatedBy->>'$.user.id', ''), '') AS InitiatorId,
               coalesce(nullif(InitiatedBy->>'$.app.displayName', ''), nullif(InitiatedBy->>'$.user.userPrincipalName', ''), '') AS InitiatorName,
               coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 40 MINUTE   -- RunWindow + BurstWindow
          AND lower(OperationName) = 'add service principal'
          AND lower(Result) = 'success'
    )
    WHERE NOT allowlisted(IPAddress)
      AND NOT known_automation(InitiatorId, OperationName)   -- _ExcludeKnownAutomation
),
-- A service principal that created SPs on two earlier days does it routinely.
habitual AS (
    SELECT InitiatedBy->>'$.app.servicePrincipalId' AS InitiatorId
    FROM AuditLogs
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 DAY
      AND lower(OperationName) = 'add service principal' AND lower(Result) = 'success'
      AND coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
    GROUP BY 1
    HAVING count(DISTINCT date_trunc('day', TimeGenerated)) >= 2
),
-- Every creation in this run's window (the last 30 minutes) closes a 10-minute window.
windows AS (
    SELECT e.InitiatorId, e.TimeGenerated AS WindowEnd,
           count(DISTINCT c.NewSPId) AS CreationsInWindow,
           min(c.TimeGenerated) AS WindowStart,
           list_distinct(list(c.NewSPId))[1:100] AS WindowSPIds       -- make_set(NewSPId, 100)
    FROM sp_creations e
    JOIN sp_creations c ON c.InitiatorId = e.InitiatorId
                       AND c.TimeGenerated BETWEEN e.TimeGenerated - INTERVAL 10 MINUTE AND e.TimeGenerated
    WHERE e.TimeGenerated > kql_now() - INTERVAL 30 MINUTE
    GROUP BY e.InitiatorId, e.TimeGenerated
    HAVING count(DISTINCT c.NewSPId) > 3
),
burst_sps AS (
    SELECT InitiatorId, NewSPId,
           max(CreationsInWindow) AS CreationsInWindow, min(WindowStart) AS WindowStart, max(WindowEnd) AS WindowEnd
    FROM (SELECT InitiatorId, CreationsInWindow, WindowStart, WindowEnd, unnest(WindowSPIds) AS NewSPId FROM windows
          WHERE InitiatorId NOT IN (SELECT InitiatorId FROM habitual))   -- join kind=leftanti Habitual
    GROUP BY InitiatorId, NewSPId
),
-- Arming right after creation: each target of a credential, app role or grant operation, and the app it names.
arming_keys AS (
    SELECT OperationName, unnest([Target->>'id', ArmedAppId]) AS Key
    FROM (
        SELECT OperationName,
               unnest(from_json(TargetResources, '["json"]')) AS Target,
               coalesce([d->>'value' FOR d IN from_json(AdditionalDetails, '["json"]')
                         IF lower(coalesce(d->>'key', '')) = 'appid' AND coalesce(d->>'value', '') <> ''][1], '') AS ArmedAppId
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 40 MINUTE
          AND OperationName IN ('Add service principal credentials', 'Add app role assignment to service principal',
                                'Add delegated permission grant', 'Update application – Certificates and secrets management ')
          AND lower(Result) = 'success'
    )
),
armed_sps AS (
    -- a new SP is armed when its id or its AppId is among an operation's keys, or it was created with a secret
    SELECT DISTINCT NewSPId, ArmingOp FROM (
        SELECT c.NewSPId, a.OperationName AS ArmingOp
        FROM (SELECT NewSPId, unnest([NewSPId, NewAppId]) AS Key FROM sp_creations) c
        JOIN arming_keys a ON a.Key = c.Key
        WHERE c.Key <> ''
        UNION ALL
        SELECT NewSPId, 'Add service principal (with a credential)' FROM sp_creations WHERE CreatedArmed)
),
joined AS (
    SELECT b.InitiatorId, c.InitiatorName, c.InitiatorType, c.IPAddress, c.TimeGenerated,
           b.NewSPId, c.NewSPName, b.CreationsInWindow, b.WindowStart, b.WindowEnd, a.ArmingOp
    FROM burst_sps b
    JOIN sp_creations c ON c.NewSPId = b.NewSPId
    LEFT JOIN armed_sps a ON a.NewSPId = b.NewSPId
),
bursts AS (
    SELECT InitiatorId, InitiatorName, InitiatorType,
           max(CreationsInWindow) AS CreationsInWindow,
           list_distinct(list(NewSPName))[1:20] AS SPsCreated,
           list_distinct(list(NewSPId))[1:20] AS SPIds,
           count(DISTINCT NewSPId) FILTER (WHERE coalesce(ArmingOp, '') <> '') AS PostCreationOps,
           coalesce(list_distinct(list(ArmingOp) FILTER (WHERE coalesce(ArmingOp, '') <> ''))[1:5], []::VARCHAR[]) AS PostCreationOpList,
           -- tostring(make_set_if(IPAddress, isnotempty(IPAddress), 5)[0]): the first address seen
           coalesce(arg_min(IPAddress, TimeGenerated) FILTER (WHERE IPAddress <> ''), '') AS InitiatorIP,
           min(WindowStart) AS WindowStart,
           max(WindowEnd) AS WindowEnd
    FROM joined
    GROUP BY InitiatorId, InitiatorName, InitiatorType
)
SELECT InitiatorName, InitiatorId, InitiatorType,
       InitiatorType = 'ServicePrincipal' AS InitiatorIsApp,
       InitiatorIP,
       CreationsInWindow,
       date_diff('minute', WindowStart, WindowEnd) AS BurstDurationMins,
       SPsCreated, SPIds,
       PostCreationOps > 0 AS ImmediateArming, PostCreationOps, PostCreationOpList,
       CASE WHEN InitiatorType = 'ServicePrincipal' OR PostCreationOps > 0 OR CreationsInWindow > 5 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN InitiatorType = 'ServicePrincipal' AND PostCreationOps > 0 THEN 'A service principal created SPs and immediately armed them'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal bulk-created other SPs'
            WHEN PostCreationOps > 0 THEN 'Bulk SP creation with immediate credential or permission arming'
            WHEN CreationsInWindow > 5 THEN 'More than five SPs created within 10 minutes'
            ELSE 'More than three SPs created within 10 minutes' END AS SeverityReason,
       WindowStart, WindowEnd
FROM bursts;
