-- RULE-19C: Identity Protection raised a service principal to atRisk/confirmedCompromised at medium or high risk.
-- make_set keeps the first distinct values in row order (the table's time order): the first occurrence of
-- each value is flagged with row_number() and the list is ordered by time, then capped like make_set(x, N).
WITH escalated AS (
    SELECT Id AS ServicePrincipalId, DisplayName AS ServicePrincipalDisplayName, AppId, ServicePrincipalType,
           RiskLevel, RiskState, RiskDetail, RiskLastUpdatedDateTime
    FROM AADRiskyServicePrincipals
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND Id IS NOT NULL  -- the join back on Id drops null keys
    -- summarize max(TimeGenerated) by Id joined back on (Id, time): every record at the latest time
    QUALIFY TimeGenerated = max(TimeGenerated) OVER (PARTITION BY Id)
        AND RiskState IN ('atRisk', 'confirmedCompromised')
        AND RiskLevel IN ('high', 'medium')
),
detections AS (
    SELECT TimeGenerated, ServicePrincipalId, RiskEventType, DetectedDateTime, IpAddress AS IPAddress,
           row_number() OVER (PARTITION BY ServicePrincipalId, RiskEventType ORDER BY TimeGenerated) = 1 AS FirstOfType,
           row_number() OVER (PARTITION BY ServicePrincipalId, IpAddress ORDER BY TimeGenerated) = 1 AS FirstOfIP
    FROM AADServicePrincipalRiskEvents
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      -- not(RiskState in (…)): an empty RiskState is not in the list, so the row stays
      AND coalesce(RiskState, '') NOT IN ('dismissed', 'remediated', 'confirmedSafe')
      AND NOT allowlisted(IpAddress)  -- _ExcludeAllowlistedIPs
),
risk_events AS (
    SELECT ServicePrincipalId,
           coalesce(list(RiskEventType ORDER BY TimeGenerated) FILTER (WHERE FirstOfType AND RiskEventType IS NOT NULL), [])[1:10] AS RiskEventTypes,
           count(*) AS RiskEventCount,
           count(*) FILTER (WHERE RiskEventType IN ('investigationsThreatIntelligence', 'leakedCredentials',
               'adminConfirmedServicePrincipalCompromised', 'maliciousApplication', 'suspiciousAPITraffic')) AS HighSevCount,
           coalesce(list(IPAddress ORDER BY TimeGenerated) FILTER (WHERE FirstOfIP AND coalesce(IPAddress, '') <> ''), [])[1:10] AS RiskIPs,
           min(DetectedDateTime) AS FirstDetection,
           max(DetectedDateTime) AS LastDetection
    FROM detections
    GROUP BY ServicePrincipalId
),
alerts AS (
    SELECT e.*,
           coalesce(r.RiskEventCount, 0) AS RiskEventCount, coalesce(r.HighSevCount, 0) AS HighSevCount,
           coalesce(r.RiskEventTypes, []) AS RiskEventTypes, coalesce(r.RiskIPs, []) AS RiskIPs,
           r.FirstDetection, r.LastDetection,
           -- RiskEventTypes has_any (HighSeverityEventTypes): some element holds one of them as a whole term
           -- (terms are runs of ASCII letters/digits and non-ASCII characters; case-insensitive)
           len(list_filter(coalesce(r.RiskEventTypes, []), lambda t: regexp_matches(lower(t),
               '(^|[^0-9a-z\x{80}-\x{10FFFF}])(investigationsthreatintelligence|leakedcredentials|adminconfirmedserviceprincipalcompromised|maliciousapplication|suspiciousapitraffic)($|[^0-9a-z\x{80}-\x{10FFFF}])'))) > 0
               AS IsThreatIntelMatch
    FROM escalated e
    LEFT JOIN risk_events r ON r.ServicePrincipalId = e.ServicePrincipalId
)
SELECT ServicePrincipalDisplayName, ServicePrincipalId, AppId, ServicePrincipalType,
       RiskLevel, RiskState, RiskDetail, RiskLastUpdatedDateTime,
       RiskEventTypes, RiskEventCount, HighSevCount, IsThreatIntelMatch,
       coalesce(RiskIPs[1], '') AS IPAddress,  -- tostring(RiskIPs[0])
       RiskIPs,
       CASE WHEN lower(RiskState) = 'confirmedcompromised' THEN 'High'
            WHEN lower(RiskLevel) = 'high' THEN 'High'
            WHEN IsThreatIntelMatch THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN lower(RiskState) = 'confirmedcompromised' THEN 'Critical — Identity Protection confirmed SP compromised'
            WHEN lower(RiskLevel) = 'high' AND IsThreatIntelMatch THEN 'Critical — High-risk SP with threat intelligence detection'
            WHEN lower(RiskLevel) = 'high' THEN 'High — SP elevated to high risk by Identity Protection'
            WHEN IsThreatIntelMatch THEN 'High — Medium-risk SP with a high-severity detection'
            ELSE 'Medium — SP elevated to medium risk by Identity Protection' END AS SeverityLevel,
       FirstDetection, LastDetection
FROM alerts;
