-- RULE-19 (seed, verbatim): SP Identity Protection risk state escalation, with the risk events behind it.
-- `union isfuzzy=true T, (datatable(...)[])` is T itself: the tables exist and the datatable is empty.
WITH escalated AS (
    SELECT ServicePrincipalId, ServicePrincipalDisplayName, AppId,
           RiskLevel, RiskState, RiskDetail, RiskLastUpdatedDateTime
    FROM RiskyServicePrincipals
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND RiskState IN ('atRisk', 'confirmedCompromised')   -- `in` is case-sensitive
      AND RiskLevel IN ('high', 'medium')
),
risk_events AS (
    SELECT ServicePrincipalId,
           -- make_set(RiskEventType, 10): distinct non-null values, at most 10
           list_distinct(list(RiskEventType))[1:10] AS RiskEventTypes,
           count(*) AS RiskEventCount,
           count(*) FILTER (WHERE RiskEventType IN ('investigationsThreatIntelligence', 'anomalousToken',
                                                    'maliciousIPAddress', 'suspiciousAPITraffic')) AS HighSevCount,
           min(DetectedDateTime) AS FirstDetection,
           max(DetectedDateTime) AS LastDetection
    FROM ServicePrincipalRiskEvents
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
    GROUP BY ServicePrincipalId
),
joined AS (
    SELECT e.*,
           coalesce(r.RiskEventTypes, []::VARCHAR[]) AS RiskEventTypes,
           coalesce(r.RiskEventCount, 0) AS RiskEventCount,
           coalesce(r.HighSevCount, 0) AS HighSevCount,
           r.FirstDetection, r.LastDetection
    FROM escalated e
    LEFT JOIN risk_events r ON e.ServicePrincipalId = r.ServicePrincipalId
),
flagged AS (
    -- `dynamic has_any (terms)`: a case-insensitive whole-term match on the array's JSON text
    SELECT *,
           regexp_matches(lower(to_json(RiskEventTypes)::VARCHAR),
               '(^|[^0-9a-z\x{80}-\x{10FFFF}])(investigationsthreatintelligence|anomaloustoken|maliciousipaddress|suspiciousapitraffic)($|[^0-9a-z\x{80}-\x{10FFFF}])') AS IsThreatIntelMatch
    FROM joined
)
SELECT ServicePrincipalDisplayName, ServicePrincipalId, AppId,
       RiskLevel, RiskState, RiskDetail, RiskLastUpdatedDateTime,
       RiskEventTypes, RiskEventCount, HighSevCount,
       IsThreatIntelMatch,
       CASE WHEN lower(RiskState) = 'confirmedcompromised' THEN 'Critical — Identity Protection confirmed SP compromised'
            WHEN lower(RiskLevel) = 'high' AND IsThreatIntelMatch THEN 'Critical — High-risk SP with threat intelligence detection'
            WHEN lower(RiskLevel) = 'high' THEN 'High — SP elevated to high risk by Identity Protection'
            ELSE 'Medium — SP elevated to medium risk by Identity Protection' END AS SeverityLevel,
       FirstDetection, LastDetection
FROM flagged;
