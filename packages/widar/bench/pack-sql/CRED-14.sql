-- CRED-14: an application made to request high-privilege Graph permissions (RequiredResourceAccess gains
-- one), by a user or a service principal; allowlisted networks and known automation ignored.
-- mv-apply Detail = AdditionalDetails on (summarize take_anyif(tostring(Detail.value), tostring(Detail.key) =~ key)):
-- the first non-empty value whose key matches case-insensitively, '' when there is none.
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- extract_all(IdPattern, text): the permission ids of an entitlement list ({"EntitlementId"} or {"id"}).
CREATE OR REPLACE TEMP MACRO entitlement_ids(txt) AS
    regexp_extract_all(coalesce(txt, ''), '"(?:EntitlementId|Id|id)"\s*:\s*"([0-9a-fA-F-]{36})"', 1);
WITH high_privilege(PermissionId, Permission, DirectoryControl) AS (
    VALUES ('9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', 'RoleManagement.ReadWrite.Directory', true),
           ('06b708a9-e830-4db3-a914-8e69da51d44f', 'AppRoleAssignment.ReadWrite.All', true),
           ('1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9', 'Application.ReadWrite.All', true),
           ('19dbc75e-c2e2-444c-a770-ec69d8559fc7', 'Directory.ReadWrite.All', true),
           ('01c0a623-fc9b-48e9-b794-0756f8e8f067', 'Policy.ReadWrite.ConditionalAccess', true),
           ('0e263e50-5827-48a4-b97c-d940288653c7', 'Directory.AccessAsUser.All (delegated)', true),
           ('810c84a8-4a9e-49e6-bf7d-12d183f40d01', 'Mail.Read', false),
           ('e2a3a72e-5f79-4c64-b1b1-878b674786c9', 'Mail.ReadWrite', false),
           ('b633e1c5-b582-4048-a93e-9f11b44c7e96', 'Mail.Send', false),
           ('024d486e-b451-40bb-833d-3e66d98c5c73', 'Mail.ReadWrite (delegated)', false),
           ('e383f46e-2787-4529-855e-0e479a3ffac0', 'Mail.Send (delegated)', false),
           ('a82116e5-55eb-4c41-a434-62fe8a61c773', 'Sites.FullControl.All', false),
           ('9492366f-7969-46a4-8d15-ed1a20078fff', 'Sites.ReadWrite.All', false),
           ('75359482-378d-4052-8f01-80520e7db3cd', 'Files.ReadWrite.All', false),
           ('863451e7-0667-486c-a5d6-d135439485f0', 'Files.ReadWrite.All (delegated)', false),
           ('01d4889c-1287-42c6-ac1f-5d1e02578ef6', 'Files.Read.All', false),
           ('741f803b-c850-494e-b5df-cde7c675a1ca', 'User.ReadWrite.All', false),
           ('62a82d76-70ea-41e2-9197-370581804d09', 'Group.ReadWrite.All', false),
           ('dbaae8cf-10b5-4b86-a4a1-f871c94c6695', 'GroupMember.ReadWrite.All', false)
),
changes AS (
    -- mv-apply … where displayName == "RequiredResourceAccess": one row per such property (none → row dropped);
    -- AddedIds = set_difference(NewIds, OldIds): the new ids' first occurrences, in order, not among the old
    SELECT a.*, list_filter(n.NewIds, lambda x, i: list_position(n.NewIds, x) = i AND NOT list_contains(n.OldIds, x)) AS AddedIds
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) AS u(p),
         LATERAL (SELECT entitlement_ids(u.p->>'oldValue') AS OldIds, entitlement_ids(u.p->>'newValue') AS NewIds) n
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND a.OperationName IN ('Update application', 'Add application')
      AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'RequiredResourceAccess'
),
requests AS (
    SELECT TimeGenerated, OperationName, AddedIds, coalesce(CorrelationId, '') AS CorrelationId,
           additional_detail(AdditionalDetails, 'AppId') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS InitiatorId,
           coalesce(CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Initiator,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName
    FROM changes
    WHERE len(AddedIds) > 0
),
added AS (
    -- mv-expand PermissionId = AddedIds | join kind=inner HighPrivilege on PermissionId
    SELECT r.* EXCLUDE (AddedIds), h.Permission, h.DirectoryControl, e.Ordinal
    FROM requests r, unnest(r.AddedIds) WITH ORDINALITY AS e(PermissionId, Ordinal)
    JOIN high_privilege h ON h.PermissionId = e.PermissionId
    WHERE NOT allowlisted(r.IPAddress)
      AND NOT known_automation(r.InitiatorId, r.OperationName)
),
alerts AS (
    SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId, CorrelationId,
           list(Permission ORDER BY Ordinal) AS AllPermissions,
           max(DirectoryControl::INTEGER) AS DirectoryControl
    FROM added
    GROUP BY ALL
),
named AS (
    -- make_set(Permission, 20): the first 20 distinct, in the request's order
    SELECT * EXCLUDE (AllPermissions),
           list_filter(AllPermissions, lambda x, i: list_position(AllPermissions, x) = i)[1:20] AS AddedPermissions
    FROM alerts
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId,
       AddedPermissions,
       CASE WHEN DirectoryControl = 1 OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN DirectoryControl = 1 THEN 'Directory-control permissions requested: ' || array_to_string(AddedPermissions, ', ')
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal made the application request ' || array_to_string(AddedPermissions, ', ')
            ELSE 'Tenant-wide data permissions requested: ' || array_to_string(AddedPermissions, ', ') END AS SeverityReason,
       CorrelationId
FROM named;
