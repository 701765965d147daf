-- CRED-13: the first credential on an application that holds, requests or is given high-privilege Graph
-- permissions (app roles granted in 14 days, RequiredResourceAccess, the inventory's privileged tier); judged
-- over two runs (the privilege may arrive just after the credential) and reported once. Allowlisted networks
-- and known automation ignored.
-- todynamic(text): JSON text parsed, "" → null, other text stays a dynamic string.
CREATE OR REPLACE TEMP MACRO kql_todynamic(txt) AS
    CASE WHEN trim(coalesce(txt, '')) = '' THEN NULL WHEN json_valid(txt) THEN json(txt) ELSE to_json(txt) END;
-- coalesce(<dynamic>, dynamic([])) as a list: null → [], an array → its elements, anything else → NULL.
CREATE OR REPLACE TEMP MACRO kql_array_or_empty(j) AS
    CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN []::JSON[] WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]') END;
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- extract_all(re, text): the first group of every match; null when there is none.
CREATE OR REPLACE TEMP MACRO kql_extract_all(txt, re) AS
    list_transform([regexp_extract_all(coalesce(txt, ''), re, 1)], lambda m: CASE WHEN len(m) > 0 THEN m END)[1];
-- mv-apply Prop = modifiedProperties on (summarize make_bag(bag_pack(displayName, trim(@'"', tostring(newValue)))))
-- then tostring(Props[name]): the first property of that name, its newValue stripped of quotes; "" when absent.
CREATE OR REPLACE TEMP MACRO cred13_prop(props, name) AS
    coalesce([trim(coalesce(p->>'newValue', ''), '"') FOR p IN props IF coalesce(p->>'displayName', '') = name][1], '');
WITH high_privilege(PermissionId, Permission, DirectoryControl) AS (
    VALUES ('9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'RoleManagement.ReadWrite.Directory', true),
           ('06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All', true),
           ('1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', true),
           ('19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', true),
           ('01c0a623-fc9b-48e9-b794-0756f8e8f067', 'Policy.ReadWrite.ConditionalAccess', true),
           ('810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read', false),
           ('e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Mail.ReadWrite', false),
           ('b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send', false),
           ('a82116e5-55eb-4c41-a434-62fe8a61c773', 'Sites.FullControl.All', false),
           ('9492366f-7969-46a4-8d15-ed1a20078fff', 'Sites.ReadWrite.All', false),
           ('75359482-378d-4052-8f01-80520e7db3cd', 'Files.ReadWrite.All', false),
           ('01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'Files.Read.All', false),
           ('741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All', false),
           ('62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All', false),
           ('dbaae8cf-10b5-4b86-a4a1-f871c94c6695', 'GroupMember.ReadWrite.All', false)
),
key_changes AS (
    -- mv-apply … where displayName == "KeyDescription": one row per such property (none → row dropped)
    SELECT a.*, kql_todynamic(u.p->>'oldValue') AS OldKeys, kql_todynamic(u.p->>'newValue') AS NewKeys
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 2 HOUR
      AND a.OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'KeyDescription'
),
first_credentials AS (
    -- a KeyDescription that was empty before (array_length of a non-array is null: no row)
    SELECT TimeGenerated, OperationName, coalesce(CorrelationId, '') AS CorrelationId,
           additional_detail(AdditionalDetails, 'AppId') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           kql_extract_all(NewKeys::VARCHAR, 'KeyType=([^,\]]+)') AS KeyTypes
    FROM key_changes
    WHERE len(kql_array_or_empty(OldKeys)) = 0 AND len(kql_array_or_empty(NewKeys)) > 0
),
credentials AS (
    SELECT * FROM first_credentials
    WHERE AppId <> '' AND NOT allowlisted(IPAddress) AND NOT known_automation(InitiatorId, OperationName)
),
-- What the application holds or is given, each with the time it was seen (Source: the union's order).
granted AS (
    SELECT TimeGenerated AS EvidenceTime, cred13_prop(Props, 'ServicePrincipal.AppId') AS AppId,
           cred13_prop(Props, 'AppRole.Value') AS Permission, 'granted' AS Evidence, 1 AS Source, 1 AS Ord
    FROM (SELECT TimeGenerated, from_json(TargetResources->'$[0].modifiedProperties', '["json"]') AS Props
          FROM AuditLogs
          WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
            AND lower(OperationName) = 'add app role assignment to service principal' AND lower(Result) = 'success')
),
requested AS (
    SELECT a.TimeGenerated AS EvidenceTime, additional_detail(a.AdditionalDetails, 'AppId') AS AppId,
           h.Permission, 'requested' AS Evidence, 2 AS Source, e.Ord
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p),
         unnest(regexp_extract_all(coalesce(u.p->>'newValue', ''), '"(?:EntitlementId|Id|id)"\s*:\s*"([0-9a-fA-F-]{36})"', 1)) WITH ORDINALITY AS e(PermissionId, Ord)
    JOIN high_privilege h ON h.PermissionId = e.PermissionId
    WHERE a.TimeGenerated > kql_now() - INTERVAL 14 DAY
      AND a.OperationName IN ('Update application', 'Add application') AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'RequiredResourceAccess'
),
inventoried AS (
    -- in the watchlist's row order (rowid), each row's permissions in order
    SELECT NULL::TIMESTAMP AS EvidenceTime, coalesce(w.AppId, '') AS AppId, t.Permission, 'inventory' AS Evidence, 3 AS Source,
           w.rowid * 1000 + t.Ord AS Ord
    FROM watchlist_WorkloadIdentityInventory w, unnest(string_split(coalesce(w.Permissions, ''), ';')) WITH ORDINALITY AS t(Permission, Ord)
    WHERE coalesce(Tier, '') IN ('privileged', 'sensitive')
),
privilege AS (
    SELECT e.AppId,
           -- make_set(Permission, 10): first occurrences in the union's order (each part in time order, a
           -- record's permissions in the order it lists them)
           list(e.Permission ORDER BY e.Source, e.EvidenceTime, e.Ord) AS AllPermissions,
           list_distinct(list(e.Evidence))[1:3] AS Evidence,
           max(h.DirectoryControl::INTEGER) AS DirectoryControl,
           max(e.EvidenceTime) AS LatestEvidence,
           count(*) FILTER (WHERE e.EvidenceTime IS NOT NULL AND e.EvidenceTime > kql_now() - INTERVAL 1 DAY) > 0 AS NewlyGiven
    FROM (SELECT * FROM granted UNION ALL SELECT * FROM requested UNION ALL SELECT * FROM inventoried) e
    JOIN (SELECT DISTINCT Permission, DirectoryControl FROM high_privilege) h ON h.Permission = e.Permission
    GROUP BY e.AppId
),
alerts AS (
    SELECT c.*, list_filter(p.AllPermissions, lambda x, i: list_position(p.AllPermissions, x) = i)[1:10] AS Permissions,
           p.Evidence, p.DirectoryControl, p.NewlyGiven, p.LatestEvidence
    FROM credentials c
    JOIN privilege p ON p.AppId = c.AppId
    -- once per credential: when it is new in this run, or when the privilege arrives in this run
    WHERE c.TimeGenerated > kql_now() - INTERVAL 1 HOUR OR p.LatestEvidence > kql_now() - INTERVAL 1 HOUR
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId, KeyTypes,
       Permissions, Evidence, NewlyGiven,
       CASE WHEN DirectoryControl = 1 OR NewlyGiven OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN NewlyGiven THEN 'First credential on an application given ' || array_to_string(Permissions, ', ') || ' in the last day'
            WHEN DirectoryControl = 1 THEN 'First credential on an application holding directory-control permissions: ' || array_to_string(Permissions, ', ')
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal gave a high-privilege application its first credential'
            ELSE 'First credential on an application holding ' || array_to_string(Permissions, ', ') END AS SeverityReason,
       CorrelationId
FROM alerts;
