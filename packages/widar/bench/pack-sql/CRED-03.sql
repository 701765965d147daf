-- CRED-03: a federated identity credential added to an application or a user-assigned managed identity.
-- todynamic(tostring(v)) then coalesce(…, dynamic([])), as a list of JSON elements; NULL when the value is
-- not an array (set_difference then gives null and the record is dropped).
CREATE OR REPLACE TEMP MACRO cred03_json_array(t) AS CASE
    WHEN regexp_full_match(coalesce(t, ''), '\s*') THEN []::JSON[]  -- todynamic("") is null → dynamic([])
    WHEN NOT json_valid(t) THEN NULL                                -- stays a string: not an array
    WHEN json_type(t::JSON) = 'NULL' THEN []::JSON[]
    WHEN json_type(t::JSON) = 'ARRAY' THEN json_extract(t, '$[*]')
    END;
WITH fic_props AS (
    -- mv-apply Prop … where displayName == "FederatedIdentityCredentials": a row per such property, none → no row
    SELECT TimeGenerated, OperationName, CorrelationId, TargetResources, AdditionalDetails, InitiatedBy,
           unnest(list_filter(json_extract(TargetResources, '$[0].modifiedProperties[*]'),
                              lambda p: p->>'displayName' = 'FederatedIdentityCredentials')) AS Prop
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(OperationName) = 'update application'
      AND lower(Result) = 'success'
),
fic_lists AS (
    SELECT *, cred03_json_array(Prop->>'oldValue') AS OldFic, cred03_json_array(Prop->>'newValue') AS NewFic
    FROM fic_props
),
app_fics AS (
    -- set_difference(NewFic, OldFic) (distinct new elements), then mv-expand Fic
    SELECT *, unnest(list_filter(NewFic, lambda f, i: NOT list_contains(OldFic, f) AND list_position(NewFic, f) = i)) AS Fic,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM fic_lists
    WHERE OldFic IS NOT NULL AND NewFic IS NOT NULL
),
app_federations AS (
    SELECT TimeGenerated, 'AuditLogs' AS Source, OperationName,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.userPrincipalName', '')
                ELSE coalesce(InitiatedBy->>'$.app.displayName', '') END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN coalesce(InitiatedBy->>'$.user.id', '')
                ELSE coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           coalesce(TargetResources->>'$[0].displayName', '') AS TargetName,
           coalesce(TargetResources->>'$[0].id', '') AS TargetId,
           -- take_anyif(tostring(Detail.value), tostring(Detail.key) =~ "AppId"): the first non-empty value
           coalesce(list_filter(json_extract(AdditionalDetails, '$[*]'),
                                lambda d: lower(d->>'key') = 'appid' AND coalesce(d->>'value', '') <> '')[1]->>'value', '') AS AppId,
           coalesce(Fic->>'Name', '') AS FicName,
           coalesce(Fic->>'Issuer', '') AS Issuer,
           coalesce(Fic->>'Subject', '') AS Subject,
           CorrelationId
    FROM app_fics
    -- isnotempty(Fic): neither null nor an empty string
    WHERE json_type(Fic) <> 'NULL' AND Fic <> '""'
),
identity_federations AS (
    SELECT TimeGenerated, 'AzureActivity' AS Source, coalesce(OperationNameValue, '') AS OperationName,
           coalesce(Caller, '') AS Initiator, coalesce(Caller, '') AS InitiatorId,
           CASE WHEN contains(Caller, '@') THEN 'User' ELSE 'ServicePrincipal' END AS InitiatorType,  -- has "@": no term to anchor
           coalesce(CallerIpAddress, '') AS IPAddress,
           coalesce(string_split(coalesce(_ResourceId, ''), '/')[9], '') AS TargetName,  -- split(_ResourceId, "/")[8]
           coalesce(_ResourceId, '') AS TargetId,
           '' AS AppId,
           coalesce(string_split(coalesce(_ResourceId, ''), '/')[11], '') AS FicName,    -- split(_ResourceId, "/")[10]
           '' AS Issuer, '' AS Subject,
           CorrelationId
    FROM AzureActivity
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(OperationNameValue) = lower('Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write')
      AND lower(ActivityStatusValue) IN ('success', 'succeeded')
),
federations AS (
    SELECT *,
           Issuer <> '' AND rtrim(Issuer, '/') IN ('https://token.actions.githubusercontent.com', 'https://vstoken.dev.azure.com',
               'https://app.terraform.io', 'https://gitlab.com', 'https://accounts.google.com', 'https://oidc.prod-aks.azure.com',
               'https://sts.windows.net') AS IssuerKnown,
           -- Subject has "pull_request" (whole term, case-insensitive) or has "*" or endswith ":environment"
           regexp_matches(lower(Subject), '(^|[^0-9a-z\x{80}-\x{10FFFF}])pull_request($|[^0-9a-z\x{80}-\x{10FFFF}])')
               OR contains(Subject, '*') OR ends_with(lower(Subject), ':environment') AS BroadSubject
    FROM (SELECT * FROM app_federations UNION ALL SELECT * FROM identity_federations)
    WHERE NOT allowlisted(IPAddress)  -- _ExcludeAllowlistedIPs
      AND NOT known_automation(InitiatorId, OperationName)  -- _ExcludeKnownAutomation
)
SELECT TimeGenerated, Source, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId,
       FicName, Issuer, Subject, IssuerKnown,
       CASE WHEN Issuer <> '' AND NOT IssuerKnown THEN 'High'
            WHEN BroadSubject THEN 'High'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN Issuer <> '' AND NOT IssuerKnown THEN 'Trusts an unfamiliar issuer: ' || Issuer
            WHEN BroadSubject THEN 'Trusts a broad subject (pull requests or wildcards): ' || Subject
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal added the federated credential'
            WHEN Source = 'AzureActivity' THEN 'Federated credential added to a user-assigned managed identity'
            ELSE 'Trusts ' || Issuer || ' subject ' || Subject END AS SeverityReason,
       CorrelationId
FROM federations;
