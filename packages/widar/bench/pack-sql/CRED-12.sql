-- CRED-12: Conditional Access policy for workload identities weakened (exclusions added, inclusions removed, disabled or deleted).
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
WITH changes AS (
    -- mv-apply … where displayName == "ConditionalAccessPolicy": one row per such property (none → row dropped)
    SELECT a.TimeGenerated, a.OperationName, a.InitiatedBy, a.TargetResources, a.CorrelationId,
           kql_todynamic(p->>'oldValue') AS OldPolicy, kql_todynamic(p->>'newValue') AS NewPolicy
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND a.OperationName IN ('Update conditional access policy', 'Delete conditional access policy')
      AND NOT known_automation(audit_initiator_id(a.InitiatedBy), a.OperationName)   -- _ExcludeKnownAutomation
      AND lower(a.Result) = 'success'
      AND (p->>'displayName') = 'ConditionalAccessPolicy'
),
diffs AS (
    SELECT *,
           len(OldIncluded) > 0 AS CoversWorkloads,
           kql_set_difference(NewExcluded, OldExcluded) AS AddedExclusions,
           kql_set_difference(OldIncluded, NewIncluded) AS RemovedInclusions,
           starts_with(lower(OperationName), 'delete') AS Deleted
    FROM (
        SELECT *,
               kql_array_or_empty(OldPolicy->'$.conditions.clientApplications.includeServicePrincipals') AS OldIncluded,
               kql_array_or_empty(NewPolicy->'$.conditions.clientApplications.includeServicePrincipals') AS NewIncluded,
               kql_array_or_empty(OldPolicy->'$.conditions.clientApplications.excludeServicePrincipals') AS OldExcluded,
               kql_array_or_empty(NewPolicy->'$.conditions.clientApplications.excludeServicePrincipals') AS NewExcluded,
               coalesce(OldPolicy->>'$.state', '') AS OldState,
               coalesce(NewPolicy->>'$.state', '') AS NewState
        FROM changes
    )
),
weakened AS (
    SELECT *,
           CoversWorkloads AND lower(OldState) = 'enabled' AND (Deleted OR lower(NewState) <> 'enabled') AS Weakened,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM diffs
),
alerts AS (
    SELECT TimeGenerated, OperationName,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(nullif(TargetResources->>'$[0].displayName', ''), nullif(OldPolicy->>'$.displayName', ''), '') AS PolicyName,
           TargetResources->>'$[0].id' AS PolicyId,
           AddedExclusions, RemovedInclusions, OldState, NewState, Deleted, Weakened, CorrelationId
    FROM weakened
    WHERE CoversWorkloads AND (len(AddedExclusions) > 0 OR len(RemovedInclusions) > 0 OR Weakened)
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, PolicyName, PolicyId,
       -- strcat_array: string elements unquoted, others as JSON text
       CASE WHEN Deleted THEN 'policy deleted'
            WHEN Weakened THEN 'policy state ' || OldState || ' -> ' || NewState
            WHEN len(AddedExclusions) > 0 THEN 'excluded ' || array_to_string(list_transform(AddedExclusions, lambda x: x->>'$'), ', ')
            ELSE 'no longer includes ' || coalesce(array_to_string(list_transform(RemovedInclusions, lambda x: x->>'$'), ', '), '') END AS Change,
       to_json(AddedExclusions) AS AddedExclusions,
       to_json(RemovedInclusions) AS RemovedInclusions,
       OldState, NewState,
       CASE WHEN Weakened OR InitiatorType = 'ServicePrincipal' OR len(AddedExclusions) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN Weakened THEN 'A Conditional Access policy for workload identities was disabled or deleted'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal changed a workload-identity Conditional Access policy'
            WHEN len(AddedExclusions) > 0 THEN 'Service principals were excluded from a workload-identity Conditional Access policy'
            ELSE 'A workload-identity Conditional Access policy now covers fewer service principals' END AS SeverityReason,
       CorrelationId
FROM alerts
WHERE NOT allowlisted(IPAddress);
