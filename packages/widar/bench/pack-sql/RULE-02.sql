-- RULE-02: service principal credential brute force (credential failures from addresses where they outnumber successes, within an hour).
-- make_set_if over no rows is [] (DuckDB's list() is NULL), hence coalesce(…, []).
-- _ExcludeAllowlistedIPs re-types IPAddress with tostring(): a missing address is "" (kept by make_set_if).
WITH attempts AS (
    SELECT TimeGenerated, ServicePrincipalId, ServicePrincipalName, AppId, ResultType,
           coalesce(IPAddress, '') AS IPAddress,
           ResultType <> '0' AS Failed
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      -- credential failures (not 7000222: an expired secret the app really had), and successes
      AND ResultType IN ('0', '7000215', '700027', '700024', '50012', '7000216', '700023')
      AND NOT allowlisted(IPAddress)
),
-- Addresses where the service principal's failures outnumber its successes (FailingSources).
failing_sources AS (
    SELECT ServicePrincipalId, IPAddress
    FROM attempts
    GROUP BY ServicePrincipalId, IPAddress
    HAVING count(*) FILTER (WHERE Failed) > count(*) FILTER (WHERE NOT Failed)
),
per_sp AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId,
           count(*) FILTER (WHERE Failed) AS Failures,
           count(*) FILTER (WHERE NOT Failed) AS Successes,
           coalesce(list_distinct(list(IPAddress) FILTER (WHERE Failed))[1:50], []) AS FailedIPs,
           coalesce(list_distinct(list(IPAddress) FILTER (WHERE NOT Failed))[1:50], []) AS SuccessIPs,
           coalesce(list_distinct(list(ResultType) FILTER (WHERE Failed))[1:10], []) AS FailureCodes,
           -- FailedIPs[0]: make_set_if keeps first-seen order, i.e. the earliest failure's address
           arg_min(IPAddress, TimeGenerated) FILTER (WHERE Failed) AS FirstFailedIP,
           min(TimeGenerated) FILTER (WHERE Failed) AS FirstFailure,
           max(TimeGenerated) FILTER (WHERE Failed) AS LastFailure
    FROM attempts JOIN failing_sources USING (ServicePrincipalId, IPAddress)
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId
),
scored AS (
    SELECT *,
           list_has_any(FailedIPs, SuccessIPs) AS SuccessFromFailingIP,
           len(FailedIPs) AS FailingIPCount
    FROM per_sp
    WHERE Failures >= 10
)
SELECT FirstFailure, LastFailure, ServicePrincipalName, ServicePrincipalId, AppId, Failures, Successes, FailureCodes,
       FailingIPCount, FailedIPs, FirstFailedIP AS IPAddress, SuccessFromFailingIP,
       CASE WHEN SuccessFromFailingIP THEN 'High'
            WHEN Failures >= 50 OR FailingIPCount >= 3 THEN 'Medium'
            ELSE 'Low' END AS AlertSeverity,
       CASE WHEN SuccessFromFailingIP THEN 'A sign-in succeeded from an IP that was failing: a guessed or replayed credential worked'
            WHEN Failures >= 50 THEN Failures || ' credential failures in an hour'
            WHEN FailingIPCount >= 3 THEN 'Credential failures from ' || FailingIPCount || ' IPs'
            ELSE Failures || ' credential failures, none successful' END AS SeverityReason
FROM scored;
