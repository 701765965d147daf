-- CRED-04: a user or service principal made owner of an application adds a credential to it within a day.
-- todynamic(tostring(v)) then coalesce(…, dynamic([])), as a list of JSON elements; NULL when the value is
-- not an array (set_difference then gives null and the record is dropped).
CREATE OR REPLACE TEMP MACRO cred04_json_array(t) AS CASE
    WHEN regexp_full_match(coalesce(t, ''), '\s*') THEN []::JSON[]  -- todynamic("") is null → dynamic([])
    WHEN NOT json_valid(t) THEN NULL                                -- stays a string: not an array
    WHEN json_type(t::JSON) = 'NULL' THEN []::JSON[]
    WHEN json_type(t::JSON) = 'ARRAY' THEN json_extract(t, '$[*]')
    END;
-- Props[name] of `mv-apply … summarize make_bag(bag_pack(tostring(Prop.displayName), trim('"', tostring(Prop.newValue))))`:
-- the first property of that name wins; a missing key is "" after tostring.
CREATE OR REPLACE TEMP MACRO cred04_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: p->>'displayName' = name)[1]->>'newValue', ''), '"');
WITH credential_adds AS (
    -- Lookback is 1d, but only the last hour (RunWindow) reaches the result: filtered here already
    SELECT TimeGenerated, CorrelationId, TargetResources, AdditionalDetails, InitiatedBy,
           -- mv-apply Prop … where displayName == "KeyDescription": a row per such property, none → no row
           unnest(list_filter(json_extract(TargetResources, '$[0].modifiedProperties[*]'),
                              lambda p: p->>'displayName' = 'KeyDescription')) AS Prop
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
      AND lower(Result) = 'success'
),
keys AS (
    SELECT *,
           cred04_json_array(Prop->>'oldValue') AS OldKeys,
           cred04_json_array(Prop->>'newValue') AS NewKeys,
           -- take_anyif(tostring(Detail.value), tostring(Detail.key) =~ "AppId"): the first non-empty value
           coalesce(list_filter(json_extract(AdditionalDetails, '$[*]'),
                                lambda d: lower(d->>'key') = 'appid' AND coalesce(d->>'value', '') <> '')[1]->>'value', '') AS AppId,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM credential_adds
),
added AS (
    SELECT TimeGenerated, CorrelationId, AppId, InitiatorType,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '')
                ELSE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') END AS InitiatorId,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           -- set_difference(NewKeys, OldKeys): distinct new elements, in order
           list_filter(NewKeys, lambda k, i: NOT list_contains(OldKeys, k) AND list_position(NewKeys, k) = i) AS AddedKeys
    FROM keys
    WHERE OldKeys IS NOT NULL AND NewKeys IS NOT NULL
),
credentials AS (
    SELECT * EXCLUDE (AddedKeys),
           -- extract_all(…, tostring(AddedKeys)) over the array's JSON text; no match → null
           nullif(regexp_extract_all(to_json(AddedKeys)::VARCHAR, 'KeyType=([^,\]]+)', 1), []) AS AddedKeyTypes
    FROM added
    WHERE len(AddedKeys) > 0
      AND NOT allowlisted(IPAddress)  -- _ExcludeAllowlistedIPs
),
owner_adds AS (
    SELECT TimeGenerated AS OwnerAddedTime,
           coalesce(TargetResources->>'$[0].id', '') AS OwnerId,
           coalesce(nullif(TargetResources->>'$[0].userPrincipalName', ''), nullif(TargetResources->>'$[0].displayName', ''), '') AS Owner,
           coalesce(nullif(cred04_prop(Props, 'Application.AppId'), ''), cred04_prop(Props, 'ServicePrincipal.AppId')) AS OwnedAppId,
           coalesce(nullif(cred04_prop(Props, 'Application.ObjectID'), ''), cred04_prop(Props, 'ServicePrincipal.ObjectID')) AS OwnedObjectId,
           OwnerAddedByType,
           CASE WHEN OwnerAddedByType = 'User' THEN coalesce(InitiatedBy->>'$.user.userPrincipalName', '')
                ELSE coalesce(InitiatedBy->>'$.app.displayName', '') END AS OwnerAddedBy,
           CASE WHEN OwnerAddedByType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '')
                ELSE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') END AS OwnerAddedById
    FROM (
        SELECT TimeGenerated, TargetResources, InitiatedBy,
               json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props,
               CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS OwnerAddedByType
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
          AND OperationName IN ('Add owner to application', 'Add owner to service principal')
          AND lower(Result) = 'success'
    )
),
matched AS (
    SELECT c.*, o.* EXCLUDE (OwnerId),
           date_diff('minute', o.OwnerAddedTime, c.TimeGenerated) AS MinutesAfterOwnership,  -- datetime_diff("minute", …)
           o.OwnerAddedById = o.OwnerId AS SelfGranted
    FROM credentials c
    JOIN owner_adds o ON o.OwnerId = c.InitiatorId  -- inner join: every ownership grant of the initiator
    WHERE o.OwnerAddedTime <= c.TimeGenerated
      AND ((c.AppId <> '' AND c.AppId = o.OwnedAppId) OR c.TargetId = o.OwnedObjectId)
)
SELECT TimeGenerated, Owner, InitiatorId AS OwnerId, OwnerAddedBy, OwnerAddedById, OwnerAddedByType, OwnerAddedTime,
       MinutesAfterOwnership, IPAddress, TargetName, TargetId, AppId, AddedKeyTypes,
       CASE WHEN MinutesAfterOwnership <= 60 THEN 'High'
            WHEN OwnerAddedByType = 'ServicePrincipal' OR SelfGranted THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN MinutesAfterOwnership <= 60 THEN 'Credential added ' || MinutesAfterOwnership || ' minutes after ownership was granted'
            WHEN OwnerAddedByType = 'ServicePrincipal' THEN 'Ownership was granted by a service principal'
            WHEN SelfGranted THEN 'The owner granted ownership to themselves'
            ELSE 'Credential added ' || MinutesAfterOwnership || ' minutes after ownership was granted' END AS SeverityReason,
       CorrelationId
FROM matched;
