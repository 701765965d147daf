-- CRED-05: credential added by a service principal to another application, rated by the SP's sign-ins from new IPs.
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
    SELECT a.TimeGenerated, a.OperationName, a.InitiatedBy, a.TargetResources, a.AdditionalDetails,
           kql_array_or_empty(kql_todynamic(u.p->>'oldValue')) AS OldKeys,
           kql_array_or_empty(kql_todynamic(u.p->>'newValue')) AS NewKeys
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND a.OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'KeyDescription'
),
by_service_principal AS (
    -- CredentialAdds restricted to service principals acting on another application
    SELECT TimeGenerated, OperationName,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           AppId, additional_detail(AdditionalDetails, 'User-Agent') AS UserAgent,
           -- extract_all over tostring(AddedKeys), the JSON text of the added key descriptions
           regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyType=([^,\]]+)', 1) AS AddedKeyTypes,
           coalesce(InitiatedBy->>'$.app.displayName', '') AS Initiator,
           InitiatedBy->>'$.app.servicePrincipalId' AS InitiatorId,
           InitiatorAppId
    FROM (
        SELECT *, kql_set_difference(NewKeys, OldKeys) AS AddedKeys,
               additional_detail(AdditionalDetails, 'AppId') AS AppId,
               coalesce(InitiatedBy->>'$.app.appId', '') AS InitiatorAppId
        FROM key_changes
        WHERE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''   -- InitiatorType == "ServicePrincipal"
    )
    WHERE len(AddedKeys) > 0
      AND (AppId = '' OR AppId <> InitiatorAppId)
      AND NOT allowlisted(coalesce(InitiatedBy->>'$.user.ipAddress', ''))
),
credential_summary AS (
    -- make_set keeps first occurrences (in time order) up to its cap; make_set of an array adds its elements
    SELECT Initiator, InitiatorId, InitiatorAppId,
           min(TimeGenerated) AS FirstSeen, max(TimeGenerated) AS LastSeen,
           first_distinct(list(TargetName ORDER BY TimeGenerated), 20) AS TargetNames,
           first_distinct(list(AppId ORDER BY TimeGenerated), 20) AS TargetAppIds,
           count(DISTINCT TargetId) AS TargetCount,
           first_distinct(flatten(list(AddedKeyTypes ORDER BY TimeGenerated)), 5) AS KeyTypes,
           first_distinct(list(OperationName ORDER BY TimeGenerated), 2) AS Operations,
           first_distinct(list(UserAgent ORDER BY TimeGenerated), 3) AS UserAgents
    FROM by_service_principal
    GROUP BY Initiator, InitiatorId, InitiatorAppId
),
baseline AS (
    -- make_set(IPAddress, 1000) by ServicePrincipalId over [now-14d, now-2h]: the first 1000 distinct addresses
    SELECT ServicePrincipalId, IPAddress
    FROM (
        SELECT coalesce(ServicePrincipalId, '') AS ServicePrincipalId, coalesce(IPAddress, '') AS IPAddress, min(TimeGenerated) AS FirstSeen
        FROM AADServicePrincipalSignInLogs
        WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 2 HOUR
          AND ResultType = '0'
        GROUP BY ALL
    )
    QUALIFY row_number() OVER (PARTITION BY ServicePrincipalId ORDER BY FirstSeen, IPAddress) <= 1000
),
new_sign_in_ips AS (
    -- recent successful sign-ins from an address not in the SP's baseline; make_set(IPAddress, 10), first seen first
    SELECT InitiatorId, first_distinct(list(IPAddress ORDER BY TimeGenerated), 10) AS NewIPs
    FROM (
        SELECT coalesce(s.ServicePrincipalId, '') AS InitiatorId, coalesce(s.IPAddress, '') AS IPAddress, s.TimeGenerated
        FROM AADServicePrincipalSignInLogs s
        WHERE s.TimeGenerated > kql_now() - INTERVAL 2 HOUR
          AND s.ResultType = '0'
          AND NOT allowlisted(coalesce(s.IPAddress, ''))
    ) r
    WHERE NOT EXISTS (SELECT 1 FROM baseline b WHERE b.ServicePrincipalId = r.InitiatorId AND b.IPAddress = r.IPAddress)
    GROUP BY InitiatorId
),
alerts AS (
    SELECT c.*, coalesce(n.NewIPs, []) AS NewIPs, len(coalesce(n.NewIPs, [])) > 0 AS SignedInFromNewIP
    FROM credential_summary c
    LEFT JOIN new_sign_in_ips n ON n.InitiatorId = c.InitiatorId   -- one row per InitiatorId
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
