-- RULE-12: SP sign-in volume spike — the last hour's sign-ins far above the SP's hourly baseline.
-- Kusto's round() rounds the decimal value (round(2.15, 1) is 2.2), not the binary double: round the
-- shortest decimal text of the double as a DECIMAL. A real in strcat() prints without a trailing ".0".
CREATE OR REPLACE TEMP MACRO rule12_round(x, digits) AS CAST(round(CAST(CAST(x AS VARCHAR) AS DECIMAL(38, 12)), digits) AS DOUBLE);
CREATE OR REPLACE TEMP MACRO rule12_real_text(x) AS
    CASE WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END;
WITH hourly AS (
    -- the baseline counts all of the SP's sign-ins (allowlisted networks included)
    SELECT ServicePrincipalId, date_trunc('hour', TimeGenerated) AS Hour, count(*) AS Hourly
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated BETWEEN kql_now() - INTERVAL 14 DAY AND kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
    GROUP BY ALL
),
baseline AS (
    SELECT *, sqrt(greatest(SumSquares / ObservedHours - Mean * Mean, 0.0)) AS StdDev
    FROM (
        SELECT *, Total / ObservedHours AS Mean
        FROM (
            SELECT ServicePrincipalId,
                   sum(Hourly) AS Total, sum(Hourly * Hourly) AS SumSquares, count(*) AS ActiveHours,
                   -- hours from the SP's first baseline hour to bin(ago(1h), 1h)
                   date_diff('hour', min(Hour), date_trunc('hour', kql_now() - INTERVAL 1 HOUR))::DOUBLE AS ObservedHours
            FROM hourly
            GROUP BY ServicePrincipalId
        )
        WHERE ObservedHours >= 72
    )
),
recent AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, TimeGenerated, ResourceDisplayName,
           coalesce(IPAddress, '') AS IPAddress          -- _ExcludeAllowlistedIPs applies tostring()
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND ResultType = '0'
      AND NOT allowlisted(IPAddress)
),
by_address AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, IPAddress,
           count(*) AS SignIns, min(TimeGenerated) AS FirstSeen, max(TimeGenerated) AS LastSeen,
           list_distinct(list(ResourceDisplayName)) AS Resources
    FROM recent
    GROUP BY ALL
),
activity AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId,
           sum(SignIns) AS SignIns, min(FirstSeen) AS FirstSeen, max(LastSeen) AS LastSeen,
           -- make_set(IPAddress, 10) in first-seen order (its first element is the alert's IPAddress)
           list(IPAddress ORDER BY FirstSeen)[1:10] AS IPAddresses,
           list_distinct(flatten(list(Resources)))[1:10] AS Resources
    FROM by_address
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId
),
spikes AS (
    SELECT a.*, b.ObservedHours, b.ActiveHours, b.Mean, b.StdDev,
           b.Mean + 3.0 * b.StdDev AS Threshold,
           CASE WHEN b.StdDev > 0 THEN (a.SignIns - b.Mean) / b.StdDev END AS Sigma
    FROM activity a
    JOIN baseline b ON b.ServicePrincipalId = a.ServicePrincipalId
    WHERE a.SignIns >= 30 AND a.SignIns > b.Mean + 3.0 * b.StdDev
)
SELECT FirstSeen, LastSeen, ServicePrincipalName, ServicePrincipalId, AppId, SignIns,
       rule12_round(Mean, 2) AS Mean, rule12_round(StdDev, 2) AS StdDev, rule12_round(Threshold, 2) AS Threshold,
       rule12_round(Sigma, 1) AS Sigma, ObservedHours, ActiveHours,
       IPAddresses[1] AS IPAddress, IPAddresses, Resources,
       CASE WHEN Sigma IS NULL OR Sigma >= 6 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN Sigma IS NULL
            THEN SignIns || ' sign-ins against a perfectly flat baseline of ' || rule12_real_text(rule12_round(Mean, 2)) || ' an hour'
            ELSE SignIns || ' sign-ins: ' || rule12_real_text(rule12_round(Sigma, 1)) || ' standard deviations above the hourly mean of '
                 || rule12_real_text(rule12_round(Mean, 2)) END AS SeverityReason
FROM spikes;
