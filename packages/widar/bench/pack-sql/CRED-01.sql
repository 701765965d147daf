-- CRED-01: a credential added to an application or service principal that already had one; not a service
-- principal's routine work (the same target in its 14-day history, or one it owns), nor one secret added by an
-- admin from a familiar address after a PIM activation (the investigated benign pattern), nor Azure's
-- managed-identity certificate rollover, known automation or allowlisted networks.
-- todynamic(tostring(v)) then coalesce(…, dynamic([])), as a list of JSON elements; NULL when the value is
-- not an array (set_difference then gives null and the record is dropped).
CREATE OR REPLACE TEMP MACRO cred01_json_array(t) AS CASE
    WHEN regexp_full_match(coalesce(t, ''), '\s*') THEN []::JSON[]  -- todynamic("") is null → dynamic([])
    WHEN NOT json_valid(t) THEN NULL                                -- stays a string: not an array
    WHEN json_type(t::JSON) = 'NULL' THEN []::JSON[]
    WHEN json_type(t::JSON) = 'ARRAY' THEN json_extract(t, '$[*]')
    END;
WITH credential_props AS (
    -- mv-apply Prop … where displayName == "KeyDescription": a row per such property, none → no row
    SELECT TimeGenerated, Id, OperationName, CorrelationId, TargetResources, AdditionalDetails, InitiatedBy,
           unnest(list_filter(json_extract(TargetResources, '$[0].modifiedProperties[*]'),
                              lambda p: p->>'displayName' = 'KeyDescription')) AS Prop
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(Result) = 'success'
      AND NOT msi_certificate_rollover((TargetResources->'$[0].modifiedProperties')::VARCHAR)
),
credential_keys AS (
    SELECT *,
           cred01_json_array(Prop->>'oldValue') AS OldKeys,
           cred01_json_array(Prop->>'newValue') AS NewKeys,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM credential_props
),
credential_adds AS (
    SELECT TimeGenerated, Id, OperationName, CorrelationId, InitiatorType,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           coalesce(TargetResources->>'$[0].type', '') AS TargetType,
           -- take_anyif(tostring(Detail.value), tostring(Detail.key) =~ …): the first non-empty value
           coalesce(list_filter(json_extract(AdditionalDetails, '$[*]'),
                                lambda d: lower(d->>'key') = 'appid' AND coalesce(d->>'value', '') <> '')[1]->>'value', '') AS AppId,
           coalesce(list_filter(json_extract(AdditionalDetails, '$[*]'),
                                lambda d: lower(d->>'key') = 'user-agent' AND coalesce(d->>'value', '') <> '')[1]->>'value', '') AS UserAgent,
           len(OldKeys) AS ExistingKeyCount,
           -- set_difference(NewKeys, OldKeys): distinct new elements, in order
           list_filter(NewKeys, lambda k, i: NOT list_contains(OldKeys, k) AND list_position(NewKeys, k) = i) AS AddedKeys,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '')
                ELSE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') END AS InitiatorId,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.userPrincipalName', '')
                ELSE coalesce(InitiatedBy->>'$.app.displayName', '') END AS Initiator,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM credential_keys
    WHERE OldKeys IS NOT NULL AND NewKeys IS NOT NULL
),
kept AS (
    SELECT * EXCLUDE (AddedKeys),
           len(AddedKeys) AS AddedKeyCount,
           -- extract_all(…, tostring(AddedKeys)) over the array's JSON text; no match → null
           nullif(regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyIdentifier=([^,\]]+)', 1), []) AS AddedKeyIds,
           nullif(regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyType=([^,\]]+)', 1), []) AS AddedKeyTypes
    FROM credential_adds
    WHERE len(AddedKeys) > 0
      AND NOT allowlisted(IPAddress)  -- _ExcludeAllowlistedIPs
      AND NOT known_automation(InitiatorId, OperationName)  -- _ExcludeKnownAutomation
),
-- A service principal's routine work: a credential on the same target in the baseline, or a target it owns.
routine AS (
    SELECT DISTINCT InitiatorId, Key FROM (
        SELECT coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') AS InitiatorId, coalesce(TargetResources->>'$[0].id', '') AS Key
        FROM AuditLogs
        WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
          AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
          AND lower(Result) = 'success'
        UNION ALL
        SELECT InitiatorId, Key FROM inventory_owners)
    WHERE InitiatorId <> '' AND Key <> ''
),
routine_adds AS (
    SELECT DISTINCT coalesce(k.Id, '') AS Id
    FROM kept k
    JOIN routine r ON r.InitiatorId = k.InitiatorId AND (r.Key = k.TargetId OR r.Key = k.AppId)
    WHERE k.InitiatorType = 'ServicePrincipal'
),
added AS (
    SELECT * FROM kept
    WHERE ExistingKeyCount > 0 AND coalesce(Id, '') NOT IN (SELECT Id FROM routine_adds)
),
pim_activations AS (
    SELECT TimeGenerated AS PimTime,
           coalesce(InitiatedBy->>'$.user.id', '') AS InitiatorId,
           coalesce(TargetResources->>'$[0].displayName', '') AS PimRole
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 5 HOUR  -- Lookback + PimWindow
      AND lower(OperationName) = lower('Add member to role completed (PIM activation)')
      AND lower(Result) = 'success'
),
pim_justified AS (
    -- make_set(PimRole, 5) by Id: the first five distinct roles in row (time) order
    SELECT Id, list(PimRole ORDER BY FirstTime)[1:5] AS PimRoles
    FROM (
        SELECT a.Id, p.PimRole, min(p.PimTime) AS FirstTime
        FROM added a
        JOIN pim_activations p ON p.InitiatorId = a.InitiatorId
        WHERE p.PimTime BETWEEN a.TimeGenerated - INTERVAL 4 HOUR AND a.TimeGenerated
        GROUP BY a.Id, p.PimRole
    )
    GROUP BY Id
),
known_ips AS (
    -- make_set(IPAddress, 1000) by UserId: the first 1000 distinct addresses in row (time) order
    -- (only for the initiators the join below reads: each user's set depends on that user's sign-ins alone)
    SELECT UserId AS InitiatorId, IPAddress
    FROM SigninLogs
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 DAY
      AND ResultType = '0'
      AND IPAddress IS NOT NULL
      AND UserId IN (SELECT InitiatorId FROM added WHERE IPAddress <> '')
    GROUP BY UserId, IPAddress
    QUALIFY row_number() OVER (PARTITION BY UserId ORDER BY min(TimeGenerated)) <= 1000
),
familiar AS (
    SELECT DISTINCT a.Id
    FROM added a
    JOIN known_ips k ON k.InitiatorId = a.InitiatorId AND k.IPAddress = a.IPAddress  -- set_has_element(KnownIPs, IPAddress)
    WHERE a.IPAddress <> ''
),
scored AS (
    SELECT a.*, pj.PimRoles,
           coalesce(len(pj.PimRoles), 0) > 0 AS PimActivated,
           coalesce(a.Id, '') IN (SELECT coalesce(Id, '') FROM familiar) AS IpFamiliar  -- `in` reads a null Id as ""
    FROM added a
    LEFT JOIN pim_justified pj ON pj.Id = a.Id
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, UserAgent,
       TargetName, TargetId, TargetType, AppId, ExistingKeyCount, AddedKeyIds, AddedKeyTypes,
       PimActivated, coalesce(PimRoles, []) AS PimRoles, IpFamiliar,
       CASE WHEN InitiatorType = 'User' AND NOT IpFamiliar THEN 'High'
            WHEN AddedKeyCount > 1 THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN InitiatorType = 'User' AND NOT IpFamiliar THEN 'Added from an IP the initiator has not signed in from in the past 14 days'
            WHEN AddedKeyCount > 1 THEN 'Several credentials added at once'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal added the credential to a target it had not managed before'
            ELSE 'Added without a PIM activation in the 4 hours before' END AS SeverityReason,
       CorrelationId
FROM scored
-- the seed investigation's verdict: one secret, by an admin from an address they use, after a PIM activation
WHERE NOT (InitiatorType = 'User' AND IpFamiliar AND PimActivated AND AddedKeyCount = 1);
