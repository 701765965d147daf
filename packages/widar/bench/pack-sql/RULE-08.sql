-- RULE-08: service principal created within the last day and used from a high-risk country within a day of its creation.
-- KQL strings are never null: tostring() of a missing field is "", hence the coalesce(…, '').
WITH created AS (
    SELECT TimeGenerated AS CreatedTime,
           coalesce(TargetResources->>'$[0].id', '') AS ServicePrincipalId,
           CreatorType,
           coalesce(CASE WHEN CreatorType = 'User' THEN InitiatedBy->>'$.user.userPrincipalName' ELSE InitiatedBy->>'$.app.displayName' END, '') AS Creator,
           coalesce(CASE WHEN CreatorType = 'User' THEN InitiatedBy->>'$.user.id' ELSE InitiatedBy->>'$.app.servicePrincipalId' END, '') AS CreatorId,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS CreatorIP
    FROM (
        SELECT *, CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS CreatorType
        FROM AuditLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
          AND lower(OperationName) = 'add service principal'
          AND lower(Result) = 'success'
    )
),
high_risk_signins AS (
    SELECT TimeGenerated, ServicePrincipalId, ServicePrincipalName, AppId, Location, ResourceDisplayName,
           coalesce(IPAddress, '') AS IPAddress
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND ResultType = '0'
      AND Location IN ('RU', 'CN', 'IR', 'KP', 'BY', 'SY', 'CU')
      AND NOT allowlisted(IPAddress)
),
used AS (
    SELECT s.ServicePrincipalId, s.ServicePrincipalName, s.AppId, c.CreatedTime, c.Creator, c.CreatorId, c.CreatorType, c.CreatorIP,
           min(s.TimeGenerated) AS FirstHighRiskSignIn,
           max(s.TimeGenerated) AS LastHighRiskSignIn,
           count(*) AS SignIns,
           list(s.Location ORDER BY s.TimeGenerated) AS CountriesInOrder,
           list_distinct(list(s.IPAddress))[1:10] AS IPAddresses,
           -- IPAddresses[0]: make_set keeps first-seen order, i.e. the earliest sign-in's address
           arg_min(s.IPAddress, s.TimeGenerated) AS FirstIP,
           list_distinct(list(coalesce(s.ResourceDisplayName, '')))[1:10] AS Resources
    FROM high_risk_signins s
    JOIN created c ON s.ServicePrincipalId = c.ServicePrincipalId
    WHERE s.TimeGenerated BETWEEN c.CreatedTime AND c.CreatedTime + INTERVAL 1 DAY
    GROUP BY s.ServicePrincipalId, s.ServicePrincipalName, s.AppId, c.CreatedTime, c.Creator, c.CreatorId, c.CreatorType, c.CreatorIP
    HAVING min(s.TimeGenerated) > kql_now() - INTERVAL 1 HOUR
),
alerts AS (
    SELECT * EXCLUDE (CountriesInOrder),
           -- make_set(Location, 5) in first-seen order (strcat_array below reads that order)
           list_filter(CountriesInOrder, (x, i) -> list_position(CountriesInOrder, x) = i)[1:5] AS Countries,
           -- datetime_diff("minute", FirstHighRiskSignIn, CreatedTime): minute boundaries crossed
           date_diff('minute', CreatedTime, FirstHighRiskSignIn) AS MinutesToFirstUse
    FROM used
)
SELECT CreatedTime, FirstHighRiskSignIn, LastHighRiskSignIn, MinutesToFirstUse, ServicePrincipalName, ServicePrincipalId, AppId,
       Countries, FirstIP AS IPAddress, IPAddresses, SignIns, Resources, Creator, CreatorId, CreatorType, CreatorIP,
       CASE WHEN MinutesToFirstUse <= 180 OR CreatorType = 'ServicePrincipal' THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN CreatorType = 'ServicePrincipal' THEN 'Created by another service principal and used from a high-risk country'
            WHEN MinutesToFirstUse <= 180
            THEN 'Used from ' || array_to_string(Countries, ', ') || ' ' || MinutesToFirstUse || ' minutes after creation'
            ELSE 'Used from ' || array_to_string(Countries, ', ') || ' on the day of its creation' END AS SeverityReason
FROM alerts;
