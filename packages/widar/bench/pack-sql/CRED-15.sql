-- CRED-15: one initiator adds credentials to three or more applications within two hours (reported by the
-- run that completes the spread); secrets on apps it created today, and an automation SP's routine targets
-- (the same target in its 14-day history, or one it owns) are no spread. Allowlisted networks, known
-- automation and Azure's managed-identity certificate rollover ignored.
-- todynamic(text): JSON text parsed, "" → null, other text stays a dynamic string.
CREATE OR REPLACE TEMP MACRO kql_todynamic(txt) AS
    CASE WHEN trim(coalesce(txt, '')) = '' THEN NULL WHEN json_valid(txt) THEN json(txt) ELSE to_json(txt) END;
-- coalesce(<dynamic>, dynamic([])) as a list: null → [], an array → its elements, anything else → NULL.
CREATE OR REPLACE TEMP MACRO kql_array_or_empty(j) AS
    CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN []::JSON[] WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]') END;
-- set_difference(a, b): the distinct elements of a (first occurrences, in order) not in b.
CREATE OR REPLACE TEMP MACRO kql_set_difference(a, b) AS
    CASE WHEN a IS NOT NULL AND b IS NOT NULL THEN list_filter(a, lambda x, i: list_position(a, x) = i AND NOT list_contains(b, x)) END;
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- make_set(x, n) as a list: the first n distinct values of an ordered list.
CREATE OR REPLACE TEMP MACRO first_distinct(l, n) AS
    list_filter(l, lambda x, i: list_position(l, x) = i)[1:n];
WITH key_changes AS (
    -- mv-apply … where displayName == "KeyDescription": one row per such property (none → row dropped)
    SELECT a.*, kql_set_difference(kql_array_or_empty(kql_todynamic(u.p->>'newValue')),
                                   kql_array_or_empty(kql_todynamic(u.p->>'oldValue'))) AS Added
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 2 HOUR
      AND a.OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(a.Result) = 'success'
      AND NOT msi_certificate_rollover((a.TargetResources->'$[0].modifiedProperties')::VARCHAR)
      AND (u.p->>'displayName') = 'KeyDescription'
),
adds AS (
    SELECT coalesce(Id, '') AS Id, TimeGenerated, OperationName,
           additional_detail(AdditionalDetails, 'AppId') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName
    FROM key_changes
    WHERE len(Added) > 0
      AND NOT allowlisted(InitiatedBy->>'$.user.ipAddress')
      AND NOT known_automation(CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
                                    THEN InitiatedBy->>'$.app.servicePrincipalId' ELSE InitiatedBy->>'$.user.id' END, OperationName)
),
-- Apps and service principals the initiator created today (keys not filtered: the rule joins them as they are).
own AS (
    SELECT coalesce(nullif(InitiatedBy->>'$.app.servicePrincipalId', ''), InitiatedBy->>'$.user.id', '') AS InitiatorId,
           coalesce(TargetResources->>'$[0].id', '') AS Key
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND OperationName IN ('Add application', 'Add service principal') AND lower(Result) = 'success'
),
routine AS (
    SELECT DISTINCT InitiatorId, Key FROM (
        SELECT InitiatedBy->>'$.app.servicePrincipalId' AS InitiatorId, coalesce(TargetResources->>'$[0].id', '') AS Key
        FROM AuditLogs
        WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 2 HOUR
          AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
          AND lower(Result) = 'success' AND coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> ''
        UNION ALL
        SELECT InitiatorId, Key FROM inventory_owners)
    WHERE InitiatorId <> '' AND Key <> ''
),
excused AS (
    -- own creations excuse anyone; routine targets excuse a service principal
    SELECT DISTINCT a.Id
    FROM adds a
    JOIN (SELECT *, true AS ForAnyone FROM own UNION ALL SELECT *, false FROM routine) k
      ON k.InitiatorId = a.InitiatorId AND (k.Key = a.TargetId OR k.Key = a.AppId)
    WHERE k.ForAnyone OR a.InitiatorType = 'ServicePrincipal'
),
spread AS (
    SELECT Initiator, InitiatorId, InitiatorType,
           min(TimeGenerated) AS FirstSeen, max(TimeGenerated) AS LastSeen,
           -- TargetKey = coalesce(AppId, TargetId): the first non-empty
           count(DISTINCT coalesce(nullif(AppId, ''), TargetId)) AS Targets,
           count(DISTINCT coalesce(nullif(AppId, ''), TargetId)) FILTER (WHERE TimeGenerated <= kql_now() - INTERVAL 1 HOUR) AS TargetsBeforeRun,
           first_distinct(list(TargetName ORDER BY TimeGenerated), 20) AS TargetNames,
           first_distinct(list(AppId ORDER BY TimeGenerated), 20) AS TargetAppIds,
           first_distinct(list(IPAddress ORDER BY TimeGenerated) FILTER (WHERE IPAddress <> ''), 5) AS IPAddresses,
           first_distinct(list(OperationName ORDER BY TimeGenerated), 2) AS Operations
    FROM adds
    WHERE Id NOT IN (SELECT Id FROM excused)
    GROUP BY Initiator, InitiatorId, InitiatorType
)
SELECT FirstSeen, LastSeen, date_diff('minute', FirstSeen, LastSeen) AS SpanMinutes,
       Initiator, InitiatorId, InitiatorType, coalesce(IPAddresses[1], '') AS IPAddress, Targets, TargetNames, TargetAppIds, Operations,
       CASE WHEN Targets >= 5 OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal' ELSE 'A user' END
           || ' added credentials to ' || Targets || ' applications within ' || date_diff('minute', FirstSeen, LastSeen) || ' minutes' AS SeverityReason
FROM spread
WHERE Targets >= 3 AND TargetsBeforeRun < 3;
