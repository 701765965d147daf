-- CRED-06: client secret valid for more than two years (AppCredentialInventory) added or used in the last day.
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
WITH inventory AS (
    -- the watchlist's long-lived passwords (CSV cells: NULL when empty, tostring() makes them ""); todatetime()
    -- honours a UTC offset in the text
    SELECT KeyId, AppId, DisplayName, StartDateTime, EndDateTime,
           date_diff('day', StartDateTime, EndDateTime) AS LifetimeDays   -- datetime_diff("day", End, Start): day boundaries
    FROM (
        SELECT lower(coalesce(KeyId, '')) AS KeyId, coalesce(AppId, '') AS AppId, coalesce(DisplayName, '') AS DisplayName,
               TRY_CAST(StartDateTime AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS StartDateTime,
               TRY_CAST(EndDateTime AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS EndDateTime
        FROM watchlist_AppCredentialInventory
        WHERE lower(coalesce(KeyType, '')) = 'password'
    )
    WHERE EndDateTime - StartDateTime > INTERVAL 730 DAY
),
key_changes AS (
    -- mv-apply … where displayName == "KeyDescription": one row per such property (none → row dropped)
    SELECT a.TimeGenerated, a.InitiatedBy, a.TargetResources,
           kql_array_or_empty(kql_todynamic(u.p->>'oldValue')) AS OldKeys,
           kql_array_or_empty(kql_todynamic(u.p->>'newValue')) AS NewKeys
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND a.OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'KeyDescription'
),
credential_adds AS (
    SELECT TimeGenerated,
           -- extract_all over tostring(AddedKeys), the JSON text of the added key descriptions
           regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyIdentifier=([^,\]]+)', 1) AS AddedKeyIds,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           IPAddress,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName
    FROM (
        SELECT *, kql_set_difference(NewKeys, OldKeys) AS AddedKeys,
               CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
               coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
        FROM key_changes
    )
    WHERE len(AddedKeys) > 0
      AND NOT allowlisted(IPAddress)
),
evidence AS (
    SELECT TimeGenerated, lower(trim(k.KeyId, ' ')) AS KeyId, 'added' AS Evidence, coalesce(Initiator, '') AS Initiator,
           coalesce(InitiatorId, '') AS InitiatorId, IPAddress, TargetName, '' AS ServicePrincipalId, 0 AS Part
    FROM credential_adds, unnest(AddedKeyIds) AS k(KeyId)
    UNION ALL
    SELECT TimeGenerated, KeyId, 'used', TargetName, ServicePrincipalId, IPAddress, TargetName, ServicePrincipalId, 1
    FROM (
        -- take_any(IPAddress): the first non-empty address (by time)
        SELECT lower(ServicePrincipalCredentialKeyId) AS KeyId, coalesce(ServicePrincipalName, '') AS TargetName,
               coalesce(ServicePrincipalId, '') AS ServicePrincipalId,
               max(TimeGenerated) AS TimeGenerated,
               coalesce(arg_min(IPAddress, TimeGenerated) FILTER (WHERE coalesce(IPAddress, '') <> ''), '') AS IPAddress
        FROM AADServicePrincipalSignInLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
          AND ResultType = '0'
          AND coalesce(ServicePrincipalCredentialKeyId, '') <> ''
        GROUP BY ALL
    )
)
SELECT max(e.TimeGenerated) AS LastSeen, e.TargetName, i.AppId,
       -- take_anyif / take_any: the first non-empty value (added evidence first, then by time)
       coalesce(arg_min(e.ServicePrincipalId, (e.Part, e.TimeGenerated)) FILTER (WHERE e.ServicePrincipalId <> ''), '') AS ServicePrincipalId,
       e.KeyId, i.DisplayName AS SecretName, i.StartDateTime, i.EndDateTime, i.LifetimeDays,
       list_distinct(list(e.Evidence)) AS Evidence,
       coalesce(arg_min(e.Initiator, (e.Part, e.TimeGenerated)) FILTER (WHERE e.Evidence = 'added' AND e.Initiator <> ''), '') AS Initiator,
       coalesce(arg_min(e.InitiatorId, (e.Part, e.TimeGenerated)) FILTER (WHERE e.Evidence = 'added' AND e.InitiatorId <> ''), '') AS InitiatorId,
       coalesce(arg_min(e.IPAddress, (e.Part, e.TimeGenerated)) FILTER (WHERE e.IPAddress <> ''), '') AS IPAddress,
       CASE WHEN list_contains(list(e.Evidence), 'added') THEN 'Medium' ELSE 'Low' END AS AlertSeverity,
       CASE WHEN list_contains(list(e.Evidence), 'added') THEN 'A secret valid for ' || i.LifetimeDays || ' days was added in the last day'
            ELSE 'A secret valid for ' || i.LifetimeDays || ' days signed in' END AS SeverityReason
FROM evidence e
JOIN inventory i ON i.KeyId = e.KeyId   -- kind=inner: every pair
GROUP BY e.KeyId, i.AppId, e.TargetName, i.DisplayName, i.StartDateTime, i.EndDateTime, i.LifetimeDays;
