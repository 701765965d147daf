-- RULE-21: a low-and-slow spray: over a day, ten or more failed credential guesses against one service
-- principal from three or more addresses of one network (IPv6 /64, IPv4 /24) or one ASN, in three or more
-- hours; reported by the run in which it crosses the bar. Allowlisted networks ignored; a network from which
-- the workload itself succeeds (addresses that do not fail) is no spray.
WITH attempts AS (
    SELECT TimeGenerated, coalesce(ServicePrincipalId, '') AS ServicePrincipalId, coalesce(ServicePrincipalName, '') AS ServicePrincipalName,
           coalesce(AppId, '') AS AppId, IPAddress, ResultType, coalesce(AutonomousSystemNumber, '') AS AutonomousSystemNumber,
           ResultType <> '0' AS Failed,
           -- parse_ipv6_mask(IPAddress, 64) is null for an unreadable address: strcat makes it "/64"
           CASE WHEN contains(IPAddress, ':') THEN coalesce(parse_ipv6_mask(IPAddress, 64), '') || '/64'
                ELSE format_ipv4_mask(IPAddress, 24) END AS Network
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      -- failures of a guessed or stolen credential (not 7000222: an expired secret the app really had)
      AND (ResultType = '0' OR ResultType IN ('7000215', '700027', '700024', '50012', '7000216', '700023'))
      AND coalesce(IPAddress, '') <> ''
      AND NOT allowlisted(IPAddress)
),
-- An address that failed at least as often as it succeeded (a guess that finally worked counts).
failing_addresses AS (
    SELECT ServicePrincipalId, IPAddress
    FROM attempts
    GROUP BY ServicePrincipalId, IPAddress
    HAVING count(*) FILTER (WHERE Failed) > 0 AND count(*) FILTER (WHERE Failed) >= count(*) FILTER (WHERE NOT Failed)
),
keyed AS (
    -- mv-expand Source = [network, ASN]: SourceKind keeps that order (the network's group comes first)
    SELECT a.*, f.IPAddress IS NOT NULL AS Failing, s.Source, s.SourceKind
    FROM attempts a
    LEFT JOIN failing_addresses f ON f.ServicePrincipalId = a.ServicePrincipalId AND f.IPAddress = a.IPAddress,
         LATERAL (SELECT unnest(['network ' || a.Network, CASE WHEN a.AutonomousSystemNumber <> '' THEN 'AS' || a.AutonomousSystemNumber ELSE '' END]) AS Source,
                         unnest([1, 2]) AS SourceKind) s
    WHERE s.Source <> ''
),
sources AS (
    SELECT ServicePrincipalId, ServicePrincipalName, AppId, Source,
           count(*) FILTER (WHERE Failed AND Failing) AS Failures,
           count(DISTINCT IPAddress) FILTER (WHERE Failed AND Failing) AS Addresses,
           count(DISTINCT time_bucket(INTERVAL 1 HOUR, TimeGenerated)) FILTER (WHERE Failed AND Failing) AS Hours,
           count(*) FILTER (WHERE Failed AND Failing AND TimeGenerated <= kql_now() - INTERVAL 1 HOUR) AS FailuresBefore,
           count(DISTINCT IPAddress) FILTER (WHERE Failed AND Failing AND TimeGenerated <= kql_now() - INTERVAL 1 HOUR) AS AddressesBefore,
           count(DISTINCT time_bucket(INTERVAL 1 HOUR, TimeGenerated)) FILTER (WHERE Failed AND Failing AND TimeGenerated <= kql_now() - INTERVAL 1 HOUR) AS HoursBefore,
           count(*) FILTER (WHERE NOT Failed AND NOT Failing) AS OwnSuccesses,
           count(*) FILTER (WHERE NOT Failed AND Failing) AS GuessedSuccesses,
           -- make_set_if keeps first-seen order (IPAddress = FailedIPs[0])
           list(IPAddress ORDER BY TimeGenerated) FILTER (WHERE Failed AND Failing) AS FailedIPList,
           list(ResultType ORDER BY TimeGenerated) FILTER (WHERE Failed) AS FailureCodeList,
           min(TimeGenerated) FILTER (WHERE Failed AND Failing) AS FirstFailure,
           max(TimeGenerated) FILTER (WHERE Failed AND Failing) AS LastFailure,
           -- the group's place in the summarize's output (first row, network before ASN), for arg_max's ties
           min(TimeGenerated) AS GroupFirst, min(SourceKind) AS GroupKind
    FROM keyed
    GROUP BY ServicePrincipalId, ServicePrincipalName, AppId, Source
),
sprays AS (
    SELECT *,
           list_filter(FailedIPList, lambda x, i: list_position(FailedIPList, x) = i)[1:50] AS FailedIPs,
           list_filter(FailureCodeList, lambda x, i: list_position(FailureCodeList, x) = i)[1:10] AS FailureCodes
    FROM sources
    WHERE OwnSuccesses = 0
      AND Failures >= 10 AND Addresses >= 3 AND Hours >= 3
      AND NOT (FailuresBefore >= 10 AND AddressesBefore >= 3 AND HoursBefore >= 3)
    -- arg_max(Failures, *) by ServicePrincipalId: ties go to the group summarize produced first
    QUALIFY row_number() OVER (PARTITION BY ServicePrincipalId ORDER BY Failures DESC, GroupFirst, GroupKind, Source) = 1
)
SELECT FirstFailure, LastFailure, ServicePrincipalName, ServicePrincipalId, AppId, Source, Failures, Addresses, Hours, FailureCodes,
       FailedIPs, coalesce(FailedIPs[1], '') AS IPAddress, GuessedSuccesses,
       CASE WHEN GuessedSuccesses > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       Failures || ' failures over ' || Hours || ' hours from ' || Addresses || ' addresses of ' || Source
           || CASE WHEN GuessedSuccesses > 0 THEN ', and a sign-in from one of them succeeded' ELSE '' END AS SeverityReason
FROM sprays;
