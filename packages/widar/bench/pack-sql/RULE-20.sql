-- RULE-20: several Identity Protection risk detections stacked on one service principal within a day.
-- make_set keeps the first distinct values in row order (the table's time order): the first occurrence of
-- each value is flagged with row_number() and the list is ordered by time, then capped like make_set(x, N).
WITH detections AS (
    SELECT TimeGenerated, ServicePrincipalId, ServicePrincipalDisplayName, AppId, RiskEventType, RiskLevel,
           DetectedDateTime, IpAddress AS IPAddress
    FROM AADServicePrincipalRiskEvents
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      -- not(RiskState in (…)): an empty RiskState is not in the list, so the row stays
      AND coalesce(RiskState, '') NOT IN ('dismissed', 'remediated', 'confirmedSafe')
      AND NOT allowlisted(IpAddress)  -- _ExcludeAllowlistedIPs
),
flagged AS (
    SELECT *,
           row_number() OVER (PARTITION BY ServicePrincipalId, ServicePrincipalDisplayName, AppId, RiskEventType ORDER BY TimeGenerated) = 1 AS FirstOfType,
           row_number() OVER (PARTITION BY ServicePrincipalId, ServicePrincipalDisplayName, AppId, IPAddress ORDER BY TimeGenerated) = 1 AS FirstOfIP
    FROM detections
),
stacked AS (
    SELECT ServicePrincipalId, ServicePrincipalDisplayName, AppId,
           count(*) AS Detections,
           count(DISTINCT RiskEventType) AS DetectionTypes,
           coalesce(list(RiskEventType ORDER BY TimeGenerated) FILTER (WHERE FirstOfType AND RiskEventType IS NOT NULL), [])[1:10] AS RiskEventTypes,
           count(*) FILTER (WHERE lower(RiskLevel) = 'high') AS HighLevel,
           coalesce(list(RiskEventType ORDER BY TimeGenerated) FILTER (WHERE FirstOfType AND RiskEventType IN (
               'investigationsThreatIntelligence', 'leakedCredentials', 'adminConfirmedServicePrincipalCompromised',
               'maliciousApplication')), [])[1:5] AS HighSeverityTypes,
           min(DetectedDateTime) AS FirstDetection,
           max(DetectedDateTime) AS LastDetection,
           max(TimeGenerated) AS LastRecorded,
           coalesce(list(IPAddress ORDER BY TimeGenerated) FILTER (WHERE FirstOfIP AND coalesce(IPAddress, '') <> ''), [])[1:10] AS IPAddresses
    FROM flagged
    GROUP BY ServicePrincipalId, ServicePrincipalDisplayName, AppId
)
SELECT FirstDetection, LastDetection, ServicePrincipalDisplayName, ServicePrincipalId, AppId, Detections, DetectionTypes,
       RiskEventTypes, HighSeverityTypes,
       coalesce(IPAddresses[1], '') AS IPAddress,  -- tostring(IPAddresses[0])
       IPAddresses,
       CASE WHEN len(HighSeverityTypes) > 0 THEN 'High'
            WHEN HighLevel > 0 OR DetectionTypes >= 3 THEN 'High'
            ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(HighSeverityTypes) > 0 THEN 'High-severity detections among them: ' || array_to_string(HighSeverityTypes, ', ')
            WHEN HighLevel > 0 THEN 'A high-risk detection among them'
            WHEN DetectionTypes >= 3 THEN DetectionTypes || ' independent detection types agree'
            ELSE Detections || ' detections of ' || DetectionTypes || ' types within a day' END AS SeverityReason
FROM stacked
WHERE LastRecorded > kql_now() - INTERVAL 1 HOUR
  AND (DetectionTypes >= 2 OR Detections >= 3);
