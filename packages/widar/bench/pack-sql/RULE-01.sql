-- RULE-01: service principal sign-in from a high-risk country, or from a country new to its 14-day baseline.
-- KQL strings are never null: a missing string is "", which make_set keeps, hence coalesce(…, '') in the sets.
WITH baseline AS (
    SELECT ServicePrincipalId,
           list_distinct(list(Location))[1:100] AS BaselineCountries,
           count(*) AS BaselineSignIns
    FROM AADServicePrincipalSignInLogs
    -- between (ago(14d) .. ago(1h)) is inclusive at both ends
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND Location <> ''
    GROUP BY ServicePrincipalId
),
recent AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, Location AS Country,
           min(TimeGenerated) AS FirstSeen,
           max(TimeGenerated) AS LastSeen,
           count(*) AS SignIns,
           list_distinct(list(coalesce(IPAddress, '')))[1:20] AS IPAddresses,
           -- IPAddresses[0]: make_set keeps first-seen order, i.e. the earliest sign-in's address
           arg_min(coalesce(IPAddress, ''), TimeGenerated) AS FirstIP,
           list_distinct(list(coalesce(ResourceDisplayName, '')))[1:10] AS Resources,
           list_distinct(list(coalesce(ServicePrincipalCredentialKeyId, '')))[1:5] AS KeyIds
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND Location <> ''
      AND NOT allowlisted(IPAddress)
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId, Location
),
scored AS (
    SELECT r.*,
           coalesce(b.BaselineCountries, []) AS BaselineCountries,
           coalesce(b.BaselineSignIns, 0) AS BaselineSignIns,
           r.Country IN ('RU', 'CN', 'IR', 'KP', 'BY', 'SY', 'CU') AS HighRiskCountry,
           NOT list_contains(coalesce(b.BaselineCountries, []), r.Country) AS NewCountry
    FROM recent r
    LEFT JOIN baseline b ON r.ServicePrincipalId = b.ServicePrincipalId
)
SELECT FirstSeen, LastSeen, ServicePrincipalName, ServicePrincipalId, AppId, Country, HighRiskCountry, NewCountry,
       SignIns, FirstIP AS IPAddress, IPAddresses, Resources, KeyIds, BaselineCountries, BaselineSignIns,
       CASE WHEN HighRiskCountry AND NewCountry THEN 'High'
            WHEN HighRiskCountry THEN 'Medium'
            ELSE 'Low' END AS AlertSeverity,
       CASE WHEN HighRiskCountry AND NewCountry THEN 'First sign-in from high-risk country ' || Country
            WHEN HighRiskCountry THEN 'Sign-in from high-risk country ' || Country || ', seen before for this service principal'
            ELSE 'Sign-in from ' || Country || ', new for this service principal (' || BaselineSignIns || ' baseline sign-ins)' END AS SeverityReason
FROM scored
WHERE HighRiskCountry OR (NewCountry AND BaselineSignIns >= 20);
