-- CRED-02: a credential added to a Microsoft first-party or a privileged service principal / application.
-- todynamic(tostring(v)) then coalesce(…, dynamic([])), as a list of JSON elements; NULL when the value is
-- not an array (set_difference then gives null and the record is dropped).
CREATE OR REPLACE TEMP MACRO cred02_json_array(t) AS CASE
    WHEN regexp_full_match(coalesce(t, ''), '\s*') THEN []::JSON[]  -- todynamic("") is null → dynamic([])
    WHEN NOT json_valid(t) THEN NULL                                -- stays a string: not an array
    WHEN json_type(t::JSON) = 'NULL' THEN []::JSON[]
    WHEN json_type(t::JSON) = 'ARRAY' THEN json_extract(t, '$[*]')
    END;
-- set_difference(new, old): the distinct elements of new that old lacks, in order.
CREATE OR REPLACE TEMP MACRO cred02_set_difference(new, old) AS
    list_filter(new, lambda k, i: NOT list_contains(old, k) AND list_position(new, k) = i);
-- take_anyif(tostring(Detail.value), tostring(Detail.key) =~ key) over AdditionalDetails: the first non-empty value.
CREATE OR REPLACE TEMP MACRO cred02_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(d->>'key') = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- Props[name] of `mv-apply … summarize make_bag(bag_pack(tostring(Prop.displayName), trim('"', tostring(Prop.newValue))))`:
-- the first property of that name wins; a missing key is "" after tostring.
CREATE OR REPLACE TEMP MACRO cred02_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: p->>'displayName' = name)[1]->>'newValue', ''), '"');
WITH granted AS (
    -- privileged Graph app roles granted within the audit history: make_set(RoleValue, 10) per grantee,
    -- first distinct roles in row (time) order, joined with ";"
    SELECT ServicePrincipalId, AppId, array_to_string(list(RoleValue ORDER BY FirstTime)[1:10], ';') AS Permissions,
           min(FirstTime) AS FirstTime
    FROM (
        SELECT cred02_prop(Props, 'ServicePrincipal.ObjectID') AS ServicePrincipalId,
               cred02_prop(Props, 'ServicePrincipal.AppId') AS AppId,
               RoleValue, min(TimeGenerated) AS FirstTime
        FROM (
            SELECT TimeGenerated, Props, cred02_prop(Props, 'AppRole.Value') AS RoleValue
            FROM (SELECT TimeGenerated, json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
                  FROM AuditLogs
                  WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
                    AND lower(OperationName) = 'add app role assignment to service principal'
                    AND lower(Result) = 'success')
        )
        WHERE RoleValue IN ('RoleManagement.ReadWrite.Directory', 'AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All',
                            'Directory.ReadWrite.All', 'PrivilegedAccess.ReadWrite.AzureAD', 'Policy.ReadWrite.ConditionalAccess',
                            'UserAuthenticationMethod.ReadWrite.All', 'Domain.ReadWrite.All')
        GROUP BY ALL
    )
    GROUP BY ServicePrincipalId, AppId
),
privileged_rows AS (
    -- union (inventory tier "privileged"), granted: inventory rows first, then grants by first grant time
    SELECT coalesce(ServicePrincipalId, '') AS ServicePrincipalId, coalesce(AppId, '') AS AppId,
           coalesce(Permissions, '') AS Permissions, 0 AS Part, NULL::TIMESTAMP AS FirstTime
    FROM watchlist_WorkloadIdentityInventory
    WHERE lower(Tier) = 'privileged'
    UNION ALL
    SELECT ServicePrincipalId, AppId, Permissions, 1, FirstTime FROM granted
),
privileged AS (
    -- mv-expand Key = pack_array(ServicePrincipalId, AppId) | where isnotempty(Key)
    -- | summarize make_set(Permissions, 10) by Key (first distinct values in row order)
    SELECT Key, list(Permissions ORDER BY Part, FirstTime NULLS FIRST)[1:10] AS PrivilegedPermissions
    FROM (
        SELECT Key, Permissions, min(Part) AS Part, min(FirstTime) AS FirstTime
        FROM (SELECT ServicePrincipalId AS Key, Permissions, Part, FirstTime FROM privileged_rows
              UNION ALL
              SELECT AppId, Permissions, Part, FirstTime FROM privileged_rows)
        WHERE Key <> ''
        GROUP BY Key, Permissions
    )
    GROUP BY Key
),
audit AS (
    SELECT TimeGenerated, Id, OperationName, CorrelationId, TargetResources, AdditionalDetails, InitiatedBy,
           json_extract(TargetResources, '$[0].modifiedProperties[*]') AS ModifiedProperties,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND (OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
           OR lower(OperationName) = 'update application')
      AND lower(Result) = 'success'
),
credential_adds AS (
    -- mv-apply Prop … where displayName == "KeyDescription": a row per such property, none → no row
    SELECT *, cred02_set_difference(cred02_json_array(Prop->>'newValue'), cred02_json_array(Prop->>'oldValue')) AS AddedKeys
    FROM (SELECT *, unnest(list_filter(ModifiedProperties, lambda p: p->>'displayName' = 'KeyDescription')) AS Prop
          FROM audit
          WHERE OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
            -- Azure rolling a managed identity's certificate
            AND NOT msi_certificate_rollover((TargetResources->'$[0].modifiedProperties')::VARCHAR))
),
federated_adds AS (
    -- mv-apply Prop … where displayName == "FederatedIdentityCredentials"
    SELECT *, cred02_set_difference(cred02_json_array(Prop->>'newValue'), cred02_json_array(Prop->>'oldValue')) AS AddedFic
    FROM (SELECT *, unnest(list_filter(ModifiedProperties, lambda p: p->>'displayName' = 'FederatedIdentityCredentials')) AS Prop
          FROM audit
          WHERE lower(OperationName) = 'update application')
),
events AS (
    SELECT TimeGenerated, Id, OperationName, InitiatorType, CorrelationId, InitiatedBy, TargetResources,
           cred02_detail(AdditionalDetails, 'AppId') AS AppId,
           -- extract_all(@"KeyType=([^,\]]+)", tostring(AddedKeys)) over the array's JSON text; no match → null
           nullif(regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyType=([^,\]]+)', 1), []) AS CredentialTypes
    FROM credential_adds
    WHERE len(AddedKeys) > 0
    UNION ALL
    SELECT TimeGenerated, Id, OperationName, InitiatorType, CorrelationId, InitiatedBy, TargetResources,
           cred02_detail(AdditionalDetails, 'AppId') AS AppId,
           ['Federated'] AS CredentialTypes
    FROM federated_adds
    WHERE len(AddedFic) > 0
),
credential_events AS (
    SELECT TimeGenerated, Id, OperationName,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.userPrincipalName', '')
                ELSE coalesce(InitiatedBy->>'$.app.displayName', '') END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '')
                ELSE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].type', '') AS TargetType,
           AppId, CredentialTypes, CorrelationId
    FROM events
    WHERE NOT allowlisted(coalesce(InitiatedBy->>'$.user.ipAddress', ''))  -- _ExcludeAllowlistedIPs
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
),
privileged_targets AS (
    -- mv-expand Key = pack_array(TargetId, AppId) | join Privileged on Key | mv-expand Permission
    -- | summarize make_set(Permission, 10) by Id: first distinct permissions in that order
    SELECT Id, list_filter(Permissions, lambda x, i: list_position(Permissions, x) = i)[1:10] AS TargetPermissions
    FROM (
        SELECT e.Id, flatten(list(p.PrivilegedPermissions ORDER BY e.TimeGenerated, k.Pos)) AS Permissions
        FROM credential_events e
        CROSS JOIN LATERAL (VALUES (1, e.TargetId), (2, e.AppId)) AS k(Pos, Key)
        JOIN privileged p ON p.Key = k.Key
        WHERE k.Key <> ''
        GROUP BY e.Id
    )
),
scored AS (
    SELECT e.*,
           e.AppId IN ('00000003-0000-0000-c000-000000000000', '00000002-0000-0ff1-ce00-000000000000', '00000003-0000-0ff1-ce00-000000000000',
               '00000002-0000-0000-c000-000000000000', '797f4846-ba00-4fd7-ba43-dac1f8f63013', 'cfa8b339-82a2-471a-a3c9-0fc0be7a4093',
               'e406a681-f3d4-42a8-90b6-c2b029497af1', 'c5393580-f805-4401-95e8-94b7a6ef2fc2', '00000004-0000-0ff1-ce00-000000000000',
               '00000007-0000-0000-c000-000000000000', '0000000a-0000-0000-c000-000000000000', '00000009-0000-0000-c000-000000000000',
               '499b84ac-1321-427f-aa17-267ca6975798', '1fec8e78-bce4-4aaf-ab1b-5451cc387264', 'c44b4083-3bb0-49c1-b47d-974e53cbdf3c',
               '14d82eec-204b-4c2f-b7e8-296a70dab67e', '04b07795-8ddb-461a-bbee-02f9e1bf7b46', '1950a258-227b-4e31-a9cf-717495945fc2',
               '4765445b-32c6-49b0-83e6-1d93765276ca', '27922004-5251-4030-b22d-91ecd9a37ea4', 'fc780465-2017-40d4-a0c5-307022471b92')
               AS IsFirstParty,
           coalesce(pt.TargetPermissions, []) AS TargetPermissions,
           len(coalesce(pt.TargetPermissions, [])) > 0 AS IsPrivileged,
           list_contains(e.CredentialTypes, 'Federated') AS IsFederated  -- set_has_element
    FROM credential_events e
    LEFT JOIN privileged_targets pt ON pt.Id = e.Id
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, TargetType,
       AppId, CredentialTypes, IsFirstParty, IsPrivileged, TargetPermissions,
       CASE WHEN IsFirstParty THEN 'High'
            WHEN IsFederated OR InitiatorType = 'ServicePrincipal' THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN IsFirstParty THEN 'Credential added to a Microsoft first-party service principal'
            WHEN IsFederated THEN 'Federated credential (an outside identity provider''s trust) added to a privileged workload identity'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal added a credential to a privileged workload identity'
            ELSE 'A user added a secret or certificate to a privileged workload identity' END AS SeverityReason,
       CorrelationId
FROM scored
WHERE IsFirstParty OR IsPrivileged;
