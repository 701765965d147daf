-- CRED-11: privileged directory role assigned to a service principal.
-- Props["X"] of the KQL (make_bag over TargetResources[0].modifiedProperties, first key wins, newValue
-- trimmed of '"') → the newValue of the first modified property named X, '' when there is none.
CREATE OR REPLACE TEMP MACRO modified_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: coalesce(p->>'displayName', '') = name)[1]->>'newValue', ''), '"');
WITH assignments AS (
    SELECT TimeGenerated, OperationName, InitiatedBy, TargetResources, CorrelationId,
           json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      -- `has "member to role"`: whole-term match, case-insensitive (terms: runs of letters/digits, non-ASCII included)
      AND regexp_matches(lower(OperationName), '(^|[^0-9a-z\x{80}-\x{10FFFF}])member to role($|[^0-9a-z\x{80}-\x{10FFFF}])')
      AND starts_with(lower(OperationName), 'add')
      AND NOT known_automation(audit_initiator_id(InitiatedBy), OperationName)   -- _ExcludeKnownAutomation
      AND lower(Result) = 'success'
      AND (TargetResources->>'$[0].type') = 'ServicePrincipal'
),
roles AS (
    SELECT *,
           -- KQL coalesce() on strings skips "": nullif(…, '') on each candidate
           lower(coalesce(nullif(modified_prop(Props, 'Role.TemplateId'), ''), nullif(TargetResources->>'$[1].id', ''), '')) AS RoleTemplateId,
           coalesce(nullif(modified_prop(Props, 'Role.DisplayName'), ''), nullif(TargetResources->>'$[1].displayName', ''), '') AS RoleName,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType
    FROM assignments
),
privileged AS (
    SELECT TimeGenerated, OperationName,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN InitiatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress,
           TargetResources->>'$[0].displayName' AS AssigneeName,
           TargetResources->>'$[0].id' AS AssigneeId,
           -- split(…, ";")[0]: the app id before the identifier URIs
           split_part(coalesce(nullif(modified_prop(Props, 'ServicePrincipal.AppId'), ''),
                               nullif(modified_prop(Props, 'TargetId.ServicePrincipalNames'), ''), ''), ';', 1) AS AssigneeAppId,
           RoleName, RoleTemplateId,
           regexp_matches(lower(OperationName), '(^|[^0-9a-z\x{80}-\x{10FFFF}])eligible($|[^0-9a-z\x{80}-\x{10FFFF}])') AS Eligible,
           RoleTemplateId IN ('62e90394-69f5-4237-9190-012177145e10', 'e8611ab8-c189-46e8-94e1-60213ab1f814',
                              '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
                              '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2') AS TierZero,
           CorrelationId
    FROM roles
    WHERE RoleTemplateId IN ('62e90394-69f5-4237-9190-012177145e10', 'e8611ab8-c189-46e8-94e1-60213ab1f814',
                             '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', 'e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8',
                             '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
                             '158c047a-c907-4556-b7ef-446551a6b5f7', '194ae4cb-b126-40b2-bd5b-6091b380977d',
                             'fe930be7-5e62-47db-91af-98c3a49a38b1', '29232cdf-9323-42fd-ade2-1d097af3e4de',
                             'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', '3a2c62db-5318-420d-8d74-23affee5d9d5',
                             'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
                             '966707d0-3269-4727-9be2-8c3a10f19b9d', 'b0f54661-2d74-4c50-afa3-1ec803f12efe')
)
SELECT TimeGenerated, OperationName, Initiator, InitiatorId, InitiatorType, IPAddress, AssigneeName, AssigneeId, AssigneeAppId,
       RoleName, RoleTemplateId, Eligible,
       CASE WHEN TierZero OR InitiatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN TierZero THEN RoleName || ' is a tier-0 role'
            WHEN InitiatorType = 'ServicePrincipal' THEN 'A service principal assigned ' || RoleName
            ELSE 'Privileged role ' || RoleName || ' assigned' || CASE WHEN Eligible THEN ' (eligible)' ELSE '' END END AS SeverityReason,
       CorrelationId
FROM privileged
WHERE NOT allowlisted(IPAddress);
