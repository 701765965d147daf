-- CRED-05: credentials added by a service principal to another application, rated by the SP's sign-ins from
-- new IPs; its routine work (the same target in its 14-day history, a target it owns, apps it provisions on
-- several days) stays quiet unless it also signs in from a new address; known automation and Azure's
-- managed-identity certificate rollover ignored.
-- todynamic(text): JSON text parsed, "" → null, other text stays a dynamic string.
CREATE OR REPLACE TEMP MACRO kql_todynamic(txt) AS
    CASE WHEN trim(coalesce(txt, '')) = '' THEN NULL WHEN json_valid(txt) THEN json(txt) ELSE to_json(txt) END;
-- coalesce(<dynamic>, dynamic([])) as a list: null → [], an array → its elements, anything else → NULL
-- (array_length / set_difference of a non-array are null in KQL).
CREATE OR REPLACE TEMP MACRO kql_array_or_empty(j) AS
    CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN []::JSON[] WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]') END;
-- set_difference(a, b): the distinct elements of a (first occurrences, in order) not in b.
CREATE OR REPLACE TEMP MACRO kql_set_difference(a, b) AS
    CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN list_filter(a, lambda x, i: list_position(a, x) = i AND NOT list_contains(b, x)) END;
-- mv-apply Detail = AdditionalDetails on (summarize take_anyif(tostring(Detail.value), tostring(Detail.key) =~ key)):
-- the first non-empty value whose key matches case-insensitively, '' when there is none.
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- make_set(x, n) as a list: the first n distinct values of an ordered list.
CREATE OR REPLACE TEMP MACRO first_distinct(l, n) AS
    list_filter(l, lambda x, i: list_position(l, x) = i)[1:n];
WITH key_changes AS (
    -- mv-apply … where displayName == "KeyDescription": one row per such property (none → row dropped)
    SELECT a.Id, a.TimeGenerated, a.OperationName, a.InitiatedBy, a.TargetResources, a.AdditionalDetails,
           kql_array_or_empty(kql_todynamic(u.p->>'oldValue')) AS OldKeys,
           kql_array_or_empty(kql_todynamic(u.p->>'newValue')) AS NewKeys
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND a.OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(a.Result) = 'success'
      AND coalesce(a.InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
      AND NOT msi_certificate_rollover((a.TargetResources->'$[0].modifiedProperties')::VARCHAR)
      AND (u.p->>'displayName') = 'KeyDescription'
),
credential_adds AS (
    SELECT coalesce(Id, '') AS Id, TimeGenerated, OperationName,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           AppId, additional_detail(AdditionalDetails, 'User-Agent') AS UserAgent,
           -- extract_all over tostring(AddedKeys), the JSON text of the added key descriptions
           regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyType=([^,\]]+)', 1) AS AddedKeyTypes,
           coalesce(InitiatedBy->>'$.app.displayName', '') AS Initiator,
           InitiatedBy->>'$.app.servicePrincipalId' AS InitiatorId,
           coalesce(InitiatedBy->>'$.app.appId', '') AS RecordAppId
    FROM (
        SELECT *, kql_set_difference(NewKeys, OldKeys) AS AddedKeys,
               additional_detail(AdditionalDetails, 'AppId') AS AppId
        FROM key_changes
    )
    WHERE len(AddedKeys) > 0
      AND NOT known_automation(InitiatedBy->>'$.app.servicePrincipalId', OperationName)
),
sign_ins AS (
    SELECT TimeGenerated, coalesce(ServicePrincipalId, '') AS ServicePrincipalId, coalesce(AppId, '') AS AppId,
           coalesce(IPAddress, '') AS IPAddress
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY AND ResultType = '0'
),
-- The acting SP's own application, from its sign-ins and the inventory (take_any: an SP has one).
initiator_apps AS (
    SELECT InitiatorId, min(InitiatorAppId) AS InitiatorAppId
    FROM (SELECT ServicePrincipalId AS InitiatorId, AppId AS InitiatorAppId FROM sign_ins
          UNION ALL
          SELECT coalesce(ServicePrincipalId, ''), coalesce(AppId, '') FROM watchlist_WorkloadIdentityInventory)
    WHERE InitiatorAppId <> ''
    GROUP BY InitiatorId
),
-- A deployment identity: apps it created on two or more days (make_set(…, 10000): the first 10,000).
provisioned AS (
    SELECT InitiatorId, Key
    FROM (
        SELECT InitiatedBy->>'$.app.servicePrincipalId' AS InitiatorId, coalesce(TargetResources->>'$[0].id', '') AS Key,
               min(TimeGenerated) AS FirstSeen
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
          AND OperationName = 'Add application' AND lower(Result) = 'success'
          AND coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
        GROUP BY ALL
    )
    WHERE InitiatorId IN (
        SELECT InitiatedBy->>'$.app.servicePrincipalId'
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
          AND OperationName = 'Add application' AND lower(Result) = 'success'
          AND coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
        GROUP BY 1
        HAVING count(DISTINCT date_trunc('day', TimeGenerated)) >= 2)
    QUALIFY row_number() OVER (PARTITION BY InitiatorId ORDER BY FirstSeen, Key) <= 10000
),
routine AS (
    SELECT DISTINCT InitiatorId, Key FROM (
        SELECT InitiatorId, Key FROM provisioned
        UNION ALL
        SELECT coalesce(InitiatedBy->>'$.app.servicePrincipalId', ''), coalesce(TargetResources->>'$[0].id', '')
        FROM AuditLogs
        WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
          AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
          AND lower(Result) = 'success'
        UNION ALL
        SELECT InitiatorId, Key FROM inventory_owners)
    WHERE InitiatorId <> '' AND Key <> ''
),
routine_adds AS (
    SELECT DISTINCT c.Id
    FROM credential_adds c
    JOIN routine r ON r.InitiatorId = c.InitiatorId AND (r.Key = c.TargetId OR r.Key = c.AppId)
),
baseline AS (
    -- make_set(IPAddress, 1000) by ServicePrincipalId before now-2h: the first 1000 distinct addresses
    SELECT ServicePrincipalId, IPAddress
    FROM (
        SELECT ServicePrincipalId, IPAddress, min(TimeGenerated) AS FirstSeen
        FROM sign_ins
        WHERE TimeGenerated < kql_now() - INTERVAL 2 HOUR
        GROUP BY ALL
    )
    QUALIFY row_number() OVER (PARTITION BY ServicePrincipalId ORDER BY FirstSeen, IPAddress) <= 1000
),
new_sign_in_ips AS (
    -- recent successful sign-ins from an address not in the SP's baseline; make_set(IPAddress, 10), first seen first
    SELECT InitiatorId, first_distinct(list(IPAddress ORDER BY TimeGenerated), 10) AS NewIPs
    FROM (
        SELECT s.ServicePrincipalId AS InitiatorId, s.IPAddress, s.TimeGenerated
        FROM sign_ins s
        WHERE s.TimeGenerated > kql_now() - INTERVAL 2 HOUR
          AND NOT allowlisted(s.IPAddress)
    ) r
    WHERE NOT EXISTS (SELECT 1 FROM baseline b WHERE b.ServicePrincipalId = r.InitiatorId AND b.IPAddress = r.IPAddress)
    GROUP BY InitiatorId
),
judged AS (
    -- coalesce(RecordAppId, InitiatorAppId): KQL's coalesce of strings takes the first non-empty one
    SELECT c.*, coalesce(nullif(c.RecordAppId, ''), a.InitiatorAppId, '') AS InitiatorAppId,
           coalesce(n.NewIPs, []) AS NewIPs, len(coalesce(n.NewIPs, [])) > 0 AS SignedInFromNewIP
    FROM credential_adds c
    LEFT JOIN initiator_apps a ON a.InitiatorId = c.InitiatorId
    LEFT JOIN new_sign_in_ips n ON n.InitiatorId = c.InitiatorId   -- one row per InitiatorId
),
alerts AS (
    -- make_set keeps first occurrences (in time order) up to its cap; make_set of an array adds its elements
    SELECT Initiator, InitiatorId, InitiatorAppId, SignedInFromNewIP, NewIPs,
           min(TimeGenerated) AS FirstSeen, max(TimeGenerated) AS LastSeen,
           first_distinct(list(TargetName ORDER BY TimeGenerated), 20) AS TargetNames,
           first_distinct(list(AppId ORDER BY TimeGenerated), 20) AS TargetAppIds,
           count(DISTINCT TargetId) AS TargetCount,
           first_distinct(flatten(list(AddedKeyTypes ORDER BY TimeGenerated)), 5) AS KeyTypes,
           first_distinct(list(OperationName ORDER BY TimeGenerated), 2) AS Operations,
           first_distinct(list(UserAgent ORDER BY TimeGenerated), 3) AS UserAgents
    FROM judged
    WHERE TargetId <> InitiatorId AND (AppId = '' OR AppId <> InitiatorAppId)
      AND (SignedInFromNewIP OR Id NOT IN (SELECT Id FROM routine_adds))
    GROUP BY Initiator, InitiatorId, InitiatorAppId, SignedInFromNewIP, NewIPs
)
SELECT FirstSeen, LastSeen, Initiator, InitiatorId, InitiatorAppId,
       coalesce(NewIPs[1], '') AS InitiatorIP,
       NewIPs, TargetCount, TargetNames, TargetAppIds, KeyTypes, Operations, UserAgents, SignedInFromNewIP,
       CASE WHEN SignedInFromNewIP THEN 'High' WHEN TargetCount >= 3 THEN 'Medium' ELSE 'Low' END AS AlertSeverity,
       CASE WHEN SignedInFromNewIP
                THEN 'The service principal signed in from an IP new for it (' || array_to_string(NewIPs, ', ')
                     || ') and added credentials to ' || TargetCount || ' app(s)'
            WHEN TargetCount >= 3 THEN 'Credentials added to ' || TargetCount || ' applications within the hour'
            ELSE 'A service principal added a credential to another application' END AS SeverityReason
FROM alerts;
