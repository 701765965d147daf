-- RULE-09: service principal created (48-24 h ago) and never used since (its own sign-ins, or delegated
-- sign-ins to its app), armed or not; creations from allowlisted networks or by known automation ignored.
-- KQL strings are never null: tostring() of a missing field is "", hence the coalesce(…, '').
WITH created AS (
    SELECT TimeGenerated AS CreatedTime,
           coalesce(TargetResources->>'$[0].id', '') AS ServicePrincipalId,
           coalesce(TargetResources->>'$[0].displayName', '') AS ServicePrincipalName,
           -- mv-apply … summarize take_anyif(value, key =~ "AppId"): the first non-empty AppId detail
           coalesce([d->>'value' FOR d IN from_json(AdditionalDetails, '["json"]')
                     IF lower(coalesce(d->>'key', '')) = 'appid' AND coalesce(d->>'value', '') <> ''][1], '') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS CreatorType,
           coalesce(CASE WHEN CreatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Creator,
           coalesce(CASE WHEN CreatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS CreatorId,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS CreatorIP,
           -- `az ad sp create-for-rbac` logs the new secret inside the creation record: a Credential property
           -- (mv-apply … summarize countif(…) > 0: false when there are no properties)
           coalesce(len([p FOR p IN from_json(TargetResources->'$[0].modifiedProperties', '["json"]')
                         IF coalesce(p->>'displayName', '') = 'Credential'
                            AND coalesce(p->>'newValue', '') NOT IN ('', '[]')]) > 0, false) AS CreatedArmed
    FROM AuditLogs
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 2 DAY AND kql_now() - INTERVAL 1 DAY
      AND lower(OperationName) = 'add service principal'
      AND lower(Result) = 'success'
      AND NOT allowlisted(InitiatedBy->>'$.user.ipAddress')
      AND NOT known_automation(CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
                                    THEN InitiatedBy->>'$.app.servicePrincipalId' ELSE InitiatedBy->>'$.user.id' END,
                               OperationName)
),
-- Used: the SP signed in itself, or people signed in to its application (delegated use, under its AppId).
used AS (
    SELECT DISTINCT lower(Key) AS Key FROM (
        SELECT ServicePrincipalId AS Key FROM AADServicePrincipalSignInLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY AND ResultType = '0'
        UNION ALL
        SELECT ServicePrincipalId FROM AADManagedIdentitySignInLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY AND ResultType = '0'
        UNION ALL
        SELECT AppId FROM SigninLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY AND ResultType = '0'
        UNION ALL
        SELECT AppId FROM AADNonInteractiveUserSignInLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY AND ResultType = '0')
    WHERE coalesce(Key, '') <> ''
),
removed AS (
    SELECT coalesce(TargetResources->>'$[0].id', '') AS ServicePrincipalId
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY
      AND lower(OperationName) = 'remove service principal'
),
-- Arming: a credential on the SP or its application, an app role or a delegated grant for it.
armed_events AS (
    SELECT TimeGenerated, OperationName,
           -- extract_all(guid, tostring(TargetResources)) ∪ [the AppId detail]
           regexp_extract_all(coalesce(TargetResources::VARCHAR, ''),
               '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})', 1)
           || [coalesce([d->>'value' FOR d IN from_json(AdditionalDetails, '["json"]')
                         IF lower(coalesce(d->>'key', '')) = 'appid' AND coalesce(d->>'value', '') <> ''][1], '')] AS Keys
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 2 DAY
      AND OperationName IN ('Add service principal credentials', 'Update application – Certificates and secrets management ',
                            'Add app role assignment to service principal', 'Add delegated permission grant', 'Update application')
      AND lower(Result) = 'success'
      -- `has "FederatedIdentityCredentials"`: whole term, case-insensitive, in the JSON text
      AND (OperationName <> 'Update application'
           OR regexp_matches(lower(coalesce((TargetResources->'$[0].modifiedProperties')::VARCHAR, '')),
                  '(^|[^0-9a-z\x{80}-\x{10FFFF}])federatedidentitycredentials($|[^0-9a-z\x{80}-\x{10FFFF}])'))
),
armed_key_ops AS (
    -- one row per (key, operation) with its first occurrence: make_set keeps first-seen order
    SELECT lower(Key) AS Key, OperationName, min(TimeGenerated) AS FirstSeen
    FROM (SELECT TimeGenerated, OperationName, unnest(Keys) AS Key FROM armed_events)
    WHERE Key <> ''
    GROUP BY ALL
),
armed AS (
    SELECT Key, list(OperationName ORDER BY FirstSeen, OperationName)[1:5] AS ArmingOps
    FROM armed_key_ops
    GROUP BY Key
),
unused AS (
    SELECT * FROM created c
    WHERE lower(c.ServicePrincipalId) NOT IN (SELECT Key FROM used)
      AND lower(c.AppId) NOT IN (SELECT Key FROM used)
      AND NOT EXISTS (SELECT 1 FROM removed r WHERE r.ServicePrincipalId = c.ServicePrincipalId)
),
keyed AS (
    -- mv-expand Key = pack_array(tolower(ServicePrincipalId), tolower(AppId)); KeyIndex keeps that order
    SELECT u.*, k.Key, k.KeyIndex
    FROM unused u,
         LATERAL (SELECT unnest([lower(u.ServicePrincipalId), lower(u.AppId)]) AS Key,
                         unnest([1, 2]) AS KeyIndex) k
),
grouped AS (
    -- make_set_if(ArmingOps, isnotempty(ArmingOps), 5) adds the arrays' elements, in row order
    SELECT CreatedTime, ServicePrincipalName, ServicePrincipalId, AppId, Creator, CreatorId, CreatorType, CreatorIP, CreatedArmed,
           flatten(list(a.ArmingOps ORDER BY k.KeyIndex) FILTER (WHERE len(a.ArmingOps) > 0)) AS AllOps
    FROM keyed k
    LEFT JOIN armed a ON a.Key = k.Key
    GROUP BY CreatedTime, ServicePrincipalName, ServicePrincipalId, AppId, Creator, CreatorId, CreatorType, CreatorIP, CreatedArmed
),
capped AS (
    SELECT * EXCLUDE (AllOps),
           -- the first five distinct operations, in order
           coalesce(list_filter(AllOps, lambda x, i: list_position(AllOps, x) = i)[1:5], []::VARCHAR[]) AS Ops
    FROM grouped
),
alerts AS (
    -- set_union(ArmingOps, ["Add service principal (with a credential)"]) when the creation carried a secret
    SELECT * EXCLUDE (Ops),
           CASE WHEN CreatedArmed AND NOT list_contains(Ops, 'Add service principal (with a credential)')
                THEN Ops || ['Add service principal (with a credential)'] ELSE Ops END AS ArmingOps
    FROM capped
)
SELECT CreatedTime,
       date_diff('hour', CreatedTime, kql_now()) AS HoursSinceCreation,
       ServicePrincipalName, ServicePrincipalId, AppId, Creator, CreatorId, CreatorType, CreatorIP,
       len(ArmingOps) > 0 AS Armed,
       ArmingOps,
       CASE WHEN len(ArmingOps) > 0 THEN 'Medium' ELSE 'Low' END AS AlertSeverity,
       CASE WHEN len(ArmingOps) > 0 THEN 'Armed (' || array_to_string(ArmingOps, ', ') || ') but not used in the day after creation'
            ELSE 'Created and not used in the day after creation' END AS SeverityReason
FROM alerts;
