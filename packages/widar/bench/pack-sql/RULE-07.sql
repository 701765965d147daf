-- RULE-07: service principal's first access to a critical resource, correlated with recent changes to its application.
-- KQL strings are never null: a missing string is "", which make_set keeps, hence coalesce(…, '') in the sets
-- (and concat(), which reads NULL as '', for strcat).
WITH baseline AS (
    SELECT ServicePrincipalId,
           list_distinct(list(coalesce(ResourceIdentity, '')))[1:200] AS BaselineResources,
           count(*) AS BaselineSignIns,
           min(TimeGenerated) AS BaselineStart
    FROM AADServicePrincipalSignInLogs
    -- between (ago(14d) .. ago(1h)) is inclusive at both ends
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
    GROUP BY ServicePrincipalId
    HAVING count(*) >= 10 AND count(DISTINCT date_trunc('day', TimeGenerated)) >= 3
),
critical_access AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, ResourceIdentity, ResourceDisplayName,
           min(TimeGenerated) AS FirstAccess,
           count(*) AS SignIns,
           list_distinct(list(coalesce(IPAddress, '')))[1:10] AS IPAddresses,
           -- IPAddresses[0]: make_set keeps first-seen order, i.e. the earliest sign-in's address
           arg_min(coalesce(IPAddress, ''), TimeGenerated) AS FirstIP
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND ResourceIdentity IN ('00000003-0000-0000-c000-000000000000', '797f4846-ba00-4fd7-ba43-dac1f8f63013',
          'cfa8b339-82a2-471a-a3c9-0fc0be7a4093', 'e406a681-f3d4-42a8-90b6-c2b029497af1', '00000002-0000-0ff1-ce00-000000000000',
          '00000003-0000-0ff1-ce00-000000000000', 'c5393580-f805-4401-95e8-94b7a6ef2fc2')
      AND NOT allowlisted(IPAddress)
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId, ResourceIdentity, ResourceDisplayName
),
first_access AS (
    SELECT a.*, b.BaselineSignIns, b.BaselineStart
    FROM critical_access a
    JOIN baseline b ON a.ServicePrincipalId = b.ServicePrincipalId
    WHERE NOT list_contains(b.BaselineResources, a.ResourceIdentity)
),
change_events AS (
    SELECT TimeGenerated AS ChangeTime, OperationName,
           coalesce(nullif(InitiatedBy->>'$.user.userPrincipalName', ''), nullif(InitiatedBy->>'$.app.displayName', ''), '') AS ChangedBy,
           -- every GUID in the targets' JSON text, plus the AppId of AdditionalDetails (take_anyif: the first key =~ "AppId")
           list_distinct(
               coalesce(regexp_extract_all(CAST(TargetResources AS VARCHAR),
                   '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})', 1), [])
               || [list_filter(from_json(AdditionalDetails, '[{"key": "VARCHAR", "value": "VARCHAR"}]'), d -> lower(d.key) = 'appid')[1].value]
           ) AS Keys
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 25 HOUR
      AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials',
          'Add app role assignment to service principal', 'Add delegated permission grant', 'Consent to application',
          'Add owner to application', 'Add owner to service principal', 'Update application', 'Update service principal')
      AND lower(Result) = 'success'
),
changes AS (
    SELECT e.ChangeTime, lower(k.Key) AS Key, e.OperationName, e.ChangedBy
    FROM change_events e, unnest(e.Keys) AS k(Key)
    WHERE k.Key <> ''
),
correlated AS (
    SELECT f.ServicePrincipalId, f.ResourceIdentity,
           -- make_set's first-seen order after mv-expand + join: the changes naming the SP id, then those
           -- naming the app id, each in time order (strcat_array reads that order; the size caps keep the first)
           list(c.OperationName ORDER BY k.KeyPos, c.ChangeTime) AS ChangesInOrder,
           list(c.ChangedBy ORDER BY k.KeyPos, c.ChangeTime) AS ChangedByInOrder
    FROM first_access f, unnest([lower(f.ServicePrincipalId), lower(f.AppId)]) WITH ORDINALITY AS k(Key, KeyPos)
    JOIN changes c ON c.Key = k.Key
    WHERE c.ChangeTime BETWEEN f.FirstAccess - INTERVAL 1 DAY AND f.FirstAccess
    GROUP BY f.ServicePrincipalId, f.ResourceIdentity
),
alerts AS (
    SELECT f.*,
           -- make_set(OperationName, 10), make_set(ChangedBy, 5): deduplicated in that order
           coalesce(list_filter(c.ChangesInOrder, (x, i) -> list_position(c.ChangesInOrder, x) = i)[1:10], []) AS RecentChanges,
           coalesce(list_filter(c.ChangedByInOrder, (x, i) -> list_position(c.ChangedByInOrder, x) = i)[1:5], []) AS ChangedBy
    FROM first_access f
    LEFT JOIN correlated c ON f.ServicePrincipalId = c.ServicePrincipalId AND f.ResourceIdentity = c.ResourceIdentity
)
SELECT FirstAccess, ServicePrincipalName, ServicePrincipalId, AppId, ResourceDisplayName, ResourceIdentity, SignIns, FirstIP AS IPAddress,
       IPAddresses, BaselineSignIns, BaselineStart, RecentChanges, ChangedBy,
       CASE WHEN len(RecentChanges) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(RecentChanges) > 0
            THEN concat('First access to ', ResourceDisplayName, ' within a day of changes to the application: ', array_to_string(RecentChanges, ', '))
            ELSE concat('First access to ', ResourceDisplayName, ' in ', BaselineSignIns, ' baseline sign-ins') END AS SeverityReason
FROM alerts;
