-- CRED-09: tenant-wide admin consent to high-risk delegated Microsoft Graph permissions.
-- Props["X"] of the KQL (make_bag over TargetResources[0].modifiedProperties, first key wins, newValue
-- trimmed of '"') → the newValue of the first modified property named X, '' when there is none.
CREATE OR REPLACE TEMP MACRO modified_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: coalesce(p->>'displayName', '') = name)[1]->>'newValue', ''), '"');
WITH new_apps AS (
    -- service principals that arrived in the last day (distinct ids; tostring of a missing id is "")
    SELECT DISTINCT coalesce(TargetResources->>'$[0].id', '') AS ClientSpId
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND lower(OperationName) = 'add service principal'
      AND lower(Result) = 'success'
),
admin_consents AS (
    SELECT TimeGenerated, InitiatedBy, TargetResources, CorrelationId, Props,
           -- extract(@"Scope:\s*([^,\]]*)", 1, …) ("" when absent), trimmed of spaces, split on " "
           string_split(trim(regexp_extract(modified_prop(Props, 'ConsentAction.Permissions'), 'Scope:\s*([^,\]]*)', 1), ' '), ' ') AS Scopes
    FROM (
        SELECT *, json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
          AND lower(OperationName) = 'consent to application'
          AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
          AND lower(Result) = 'success'
    )
    WHERE lower(modified_prop(Props, 'ConsentContext.IsAdminConsent')) = 'true'
),
risky AS (
    SELECT *,
           -- set_intersect: distinct scopes of the list (case-sensitive)
           list_intersect(Scopes, ['Mail.Read', 'Mail.ReadWrite', 'Mail.Send', 'Files.ReadWrite.All', 'Sites.FullControl.All',
                                   'Sites.ReadWrite.All', 'Directory.AccessAsUser.All', 'Directory.ReadWrite.All',
                                   'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All', 'User.ReadWrite.All',
                                   'MailboxSettings.ReadWrite', 'Files.Read.All']) AS RiskyScopes,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM admin_consents
),
alerts AS (
    SELECT TimeGenerated,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           TargetResources->>'$[0].displayName' AS ClientName,
           coalesce(TargetResources->>'$[0].id', '') AS ClientSpId,
           modified_prop(Props, 'TargetId.ServicePrincipalNames') AS ClientAppId,
           Scopes, RiskyScopes,
           len(list_intersect(RiskyScopes, ['Directory.AccessAsUser.All', 'Directory.ReadWrite.All',
                                            'RoleManagement.ReadWrite.Directory', 'Application.ReadWrite.All'])) > 0 AS DirectoryScope,
           CorrelationId
    FROM risky
    WHERE len(RiskyScopes) > 0
)
SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, a.IPAddress, ClientName, a.ClientSpId, ClientAppId, Scopes, RiskyScopes,
       n.ClientSpId IS NOT NULL AS AppIsNew,
       CASE WHEN DirectoryScope OR len(RiskyScopes) > 1 OR n.ClientSpId IS NOT NULL THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN DirectoryScope THEN 'Consent to directory-wide delegated permissions'
            WHEN len(RiskyScopes) > 1 THEN 'Consent to ' || len(RiskyScopes) || ' high-risk scopes'
            WHEN n.ClientSpId IS NOT NULL THEN 'Consent to an application that arrived in the tenant in the last day'
            ELSE 'Consent to one high-risk scope' END AS SeverityReason,
       CorrelationId
FROM alerts a
LEFT JOIN new_apps n ON n.ClientSpId = a.ClientSpId   -- `ClientSpId in (NewApps)`; new_apps is distinct
WHERE NOT allowlisted(a.IPAddress);
