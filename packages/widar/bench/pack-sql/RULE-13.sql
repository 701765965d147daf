-- RULE-13 (hunting): stale SP credential suddenly active — a key used in the last day after 30+ days unused (or unseen in 90 days).
-- A hunting query: the tables hold everything up to now.
WITH sign_ins AS (
    SELECT TimeGenerated, ServicePrincipalId, ServicePrincipalName, AppId, IPAddress,
           -- tolower(coalesce(ServicePrincipalCredentialKeyId, FederatedCredentialId)): coalesce() skips ""
           lower(coalesce(nullif(ServicePrincipalCredentialKeyId, ''), nullif(FederatedCredentialId, ''), '')) AS KeyId
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 90 DAY
      AND ResultType = '0'
      AND coalesce(nullif(ServicePrincipalCredentialKeyId, ''), nullif(FederatedCredentialId, '')) IS NOT NULL
),
recent_by_address AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, KeyId,
           coalesce(IPAddress, '') AS IPAddress,         -- _ExcludeAllowlistedIPs applies tostring()
           min(TimeGenerated) AS FirstSeen, count(*) AS SignIns
    FROM sign_ins
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND NOT allowlisted(IPAddress)
    GROUP BY ALL
),
recent AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, KeyId,
           min(FirstSeen) AS FirstRecent, sum(SignIns) AS RecentSignIns,
           -- make_set(IPAddress, 10) in first-seen order (its first element is the alert's IPAddress)
           list(IPAddress ORDER BY FirstSeen)[1:10] AS RecentIPs
    FROM recent_by_address
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId, KeyId
),
previous AS (
    -- (the rule's PreviousIPs is never read)
    SELECT KeyId, max(TimeGenerated) AS PreviousUse
    FROM sign_ins
    WHERE TimeGenerated <= kql_now() - INTERVAL 1 DAY
    GROUP BY KeyId
),
known_ips AS (
    -- make_set(IPAddress, 500): the first 500 addresses the SP used before today
    SELECT ServicePrincipalId, list(IPAddress ORDER BY FirstSeen)[1:500] AS SpIPs
    FROM (
        SELECT ServicePrincipalId, IPAddress, min(TimeGenerated) AS FirstSeen
        FROM sign_ins
        WHERE TimeGenerated <= kql_now() - INTERVAL 1 DAY AND IPAddress IS NOT NULL
        GROUP BY ALL
    )
    GROUP BY ServicePrincipalId
),
added_in_history AS (
    SELECT DISTINCT lower(unnest(regexp_extract_all(coalesce(TargetResources::VARCHAR, ''), 'KeyIdentifier=([0-9a-fA-F-]{36})', 1))) AS KeyId
    FROM AuditLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 90 DAY
      AND OperationName IN ('Update application – Certificates and secrets management ', 'Add service principal credentials')
),
-- "Not used in 90 days" needs 90 days of data: sign-ins from a day short of that are enough.
history AS (
    SELECT EXISTS (SELECT 1 FROM AADServicePrincipalSignInLogs WHERE TimeGenerated <= kql_now() - INTERVAL 89 DAY) AS HistoryComplete
),
stale AS (
    SELECT r.*, p.PreviousUse,
           CAST(date_diff('day', p.PreviousUse, r.FirstRecent) AS INTEGER) AS GapDays
    FROM recent r
    LEFT JOIN previous p ON p.KeyId = r.KeyId
    CROSS JOIN history h
    WHERE NOT EXISTS (SELECT 1 FROM added_in_history a WHERE a.KeyId = r.KeyId)
      AND ((p.PreviousUse IS NULL AND h.HistoryComplete) OR date_diff('day', p.PreviousUse, r.FirstRecent) >= 30)
),
alerts AS (
    SELECT s.*,
           -- set_difference(RecentIPs, coalesce(SpIPs, [])), in RecentIPs' order
           [ip FOR ip IN s.RecentIPs IF NOT list_contains(coalesce(k.SpIPs, []::VARCHAR[]), ip)] AS NewIPs
    FROM stale s
    LEFT JOIN known_ips k ON k.ServicePrincipalId = s.ServicePrincipalId
)
SELECT FirstRecent, ServicePrincipalName, ServicePrincipalId, AppId, KeyId, PreviousUse, GapDays,
       CASE WHEN PreviousUse IS NULL THEN 'not used in 90 days'        -- History / 1d
            ELSE GapDays || ' days since last use' END AS Staleness,
       RecentSignIns,
       RecentIPs[1] AS IPAddress, RecentIPs, NewIPs,
       CASE WHEN PreviousUse IS NULL THEN 'High'
            WHEN len(NewIPs) > 0 THEN 'High'
            ELSE 'Medium' END AS Severity
FROM alerts;
