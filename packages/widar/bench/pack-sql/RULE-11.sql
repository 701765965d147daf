-- RULE-11: managed identity reaching Key Vault / Storage data and making control-plane writes new for it.
-- KQL strings are never null: tolower()/toupper()/tostring() of a missing value are "", hence the coalesce(…, '').
WITH data_access AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId,
           min(TimeGenerated) AS FirstToken,
           list_distinct(list(ResourceDisplayName))[1:5] AS DataResourceNames      -- make_set(…, 5)
    FROM AADManagedIdentitySignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND ResourceIdentity IN ('cfa8b339-82a2-471a-a3c9-0fc0be7a4093', 'e406a681-f3d4-42a8-90b6-c2b029497af1')
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId
),
caller_keys AS (
    -- mv-expand Caller = pack_array(tolower(ServicePrincipalId), tolower(AppId))
    SELECT ServicePrincipalId, coalesce(lower(ServicePrincipalId), '') AS Caller FROM data_access
    UNION ALL
    SELECT ServicePrincipalId, coalesce(lower(AppId), '') AS Caller FROM data_access
),
writes AS (
    SELECT TimeGenerated,
           -- Caller, else the token's object id claim (coalesce() skips "")
           lower(coalesce(nullif(Caller, ''),
                          nullif(Claims_d->>'$."http://schemas.microsoft.com/identity/claims/objectidentifier"', ''), '')) AS Caller,
           coalesce(upper(OperationNameValue), '') AS Operation,
           coalesce(nullif(_ResourceId, ''), nullif(lower(ResourceId), ''), '') AS ResourceId,
           coalesce(CallerIpAddress, '') AS IPAddress
    FROM AzureActivity
    WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
      AND lower(ActivityStatusValue) IN ('success', 'succeeded')
      -- endswith is case-insensitive
      AND (ends_with(lower(OperationNameValue), '/write') OR ends_with(lower(OperationNameValue), '/action')
           OR ends_with(lower(OperationNameValue), '/delete'))
),
identity_writes AS (
    SELECT w.*, k.ServicePrincipalId
    FROM writes w
    JOIN caller_keys k ON k.Caller = w.Caller
    WHERE NOT allowlisted(w.IPAddress)
),
baseline_ops AS (
    SELECT DISTINCT ServicePrincipalId, Operation
    FROM identity_writes
    WHERE TimeGenerated <= kql_now() - INTERVAL 1 HOUR
),
new_writes AS (
    SELECT r.*
    FROM identity_writes r
    WHERE r.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND NOT EXISTS (SELECT 1 FROM baseline_ops b WHERE b.ServicePrincipalId = r.ServicePrincipalId AND b.Operation = r.Operation)
),
new_ops AS (
    -- one row per (identity, operation) with its first write: make_set keeps first-seen order
    SELECT ServicePrincipalId, Operation, min(TimeGenerated) AS FirstSeen
    FROM new_writes
    GROUP BY ALL
),
summary AS (
    SELECT w.ServicePrincipalId, o.NewOperations, w.Resources, w.FirstWrite, w.IPAddress
    FROM (
        SELECT ServicePrincipalId,
               list_distinct(list(ResourceId))[1:20] AS Resources,
               min(TimeGenerated) AS FirstWrite,
               -- tostring(make_set_if(IPAddress, isnotempty(IPAddress), 5)[0]): the first address seen
               coalesce(arg_min(IPAddress, TimeGenerated) FILTER (WHERE IPAddress <> ''), '') AS IPAddress
        FROM new_writes
        GROUP BY ServicePrincipalId
    ) w
    JOIN (
        SELECT ServicePrincipalId, list(Operation ORDER BY FirstSeen, Operation)[1:20] AS NewOperations
        FROM new_ops
        GROUP BY ServicePrincipalId
    ) o ON o.ServicePrincipalId = w.ServicePrincipalId
),
alerts AS (
    SELECT d.FirstToken, s.FirstWrite, d.ServicePrincipalName, s.ServicePrincipalId, d.AppId, d.DataResourceNames,
           s.NewOperations, s.Resources, s.IPAddress,
           -- set_intersect(NewOperations, AccessOperations), in NewOperations' order
           [op FOR op IN s.NewOperations
               IF op IN ('MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE', 'MICROSOFT.KEYVAULT/VAULTS/ACCESSPOLICIES/WRITE',
                         'MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTKEYS/ACTION', 'MICROSOFT.STORAGE/STORAGEACCOUNTS/REGENERATEKEY/ACTION',
                         'MICROSOFT.KEYVAULT/VAULTS/WRITE', 'MICROSOFT.AUTHORIZATION/ROLEDEFINITIONS/WRITE')] AS AccessChanges
    FROM summary s
    JOIN data_access d ON d.ServicePrincipalId = s.ServicePrincipalId
)
SELECT FirstToken, FirstWrite, ServicePrincipalName, ServicePrincipalId, AppId, DataResourceNames, NewOperations, AccessChanges,
       Resources, IPAddress,
       CASE WHEN len(AccessChanges) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(AccessChanges) > 0 THEN 'New access-widening operations: ' || array_to_string(AccessChanges, ', ')
            ELSE len(NewOperations) || ' control-plane operations new for this identity' END AS SeverityReason
FROM alerts;
