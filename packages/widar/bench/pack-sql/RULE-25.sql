-- RULE-25: sign-in surge or new IPs for a workload identity after Identity Protection raised its owner's risk.
-- make_set keeps the first distinct values in row order (the table's time order): values are ranked by their
-- first time, then capped like make_set(x, N).
-- Props[name] of `mv-apply … summarize make_bag(bag_pack(tostring(Prop.displayName), trim('"', tostring(Prop.newValue))))`:
-- the first property of that name wins; a missing key is "" after tostring.
CREATE OR REPLACE TEMP MACRO rule25_prop(props, name) AS
    trim(coalesce(list_filter(props, lambda p: p->>'displayName' = name)[1]->>'newValue', ''), '"');
-- A real as strcat prints it (Kusto's shortest round-trip text: 0.77, and 2 rather than 2.0).
CREATE OR REPLACE TEMP MACRO rule25_real_text(x) AS
    CASE WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS HUGEINT) AS VARCHAR) ELSE CAST(x AS VARCHAR) END;
WITH risky_owners AS (
    SELECT lower(Id) AS OwnerId, UserPrincipalName AS OwnerUpn, RiskLevel AS OwnerRiskLevel, RiskLastUpdatedDateTime AS RiskRaised
    FROM AADRiskyUsers
    WHERE TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND Id IS NOT NULL  -- the join back on Id drops null keys
    -- summarize max(TimeGenerated) by Id joined back on (Id, time): every record at the latest time
    QUALIFY TimeGenerated = max(TimeGenerated) OVER (PARTITION BY Id)
        AND lower(RiskState) = 'atrisk' AND RiskLevel IN ('medium', 'high')
),
owned_apps AS (
    SELECT DISTINCT OwnerId, AppId
    FROM (
        -- the inventory's OwnerIds, split on ";" (mv-expand)
        SELECT lower(trim(o.OwnerId, ' ')) AS OwnerId, coalesce(w.AppId, '') AS AppId
        FROM watchlist_WorkloadIdentityInventory w, unnest(string_split(coalesce(w.OwnerIds, ''), ';')) AS o(OwnerId)
        UNION ALL
        -- owners added within the baseline window
        SELECT lower(coalesce(TargetResources->>'$[0].id', '')),
               coalesce(nullif(rule25_prop(Props, 'Application.AppId'), ''), rule25_prop(Props, 'ServicePrincipal.AppId'))
        FROM (SELECT TargetResources, json_extract(TargetResources, '$[0].modifiedProperties[*]') AS Props
              FROM AuditLogs
              WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
                AND OperationName IN ('Add owner to application', 'Add owner to service principal')
                AND lower(Result) = 'success')
    )
    WHERE OwnerId <> '' AND AppId <> ''
),
owner_sign_ins AS (
    SELECT r.OwnerId, r.OwnerUpn, r.OwnerRiskLevel, r.RiskRaised, s.ServicePrincipalId, s.ServicePrincipalName, a.AppId,
           s.TimeGenerated, s.IPAddress, s.TimeGenerated > kql_now() - INTERVAL 1 HOUR AS InRun
    FROM risky_owners r
    JOIN owned_apps a ON a.OwnerId = r.OwnerId
    JOIN AADServicePrincipalSignInLogs s ON s.AppId = a.AppId
    WHERE s.TimeGenerated > kql_now() - INTERVAL 1 DAY
      AND s.ResultType = '0'
      AND s.TimeGenerated >= r.RiskRaised
      AND NOT allowlisted(s.IPAddress)  -- _ExcludeAllowlistedIPs
),
per_ip AS (
    SELECT OwnerId, OwnerUpn, OwnerRiskLevel, RiskRaised, ServicePrincipalId, ServicePrincipalName, AppId, IPAddress,
           count(*) AS SignIns, count(*) FILTER (WHERE InRun) AS SignInsInRun, max(TimeGenerated) AS LastSignIn,
           min(TimeGenerated) FILTER (WHERE InRun) AS FirstInRun
    FROM owner_sign_ins
    GROUP BY ALL
),
per_app AS (
    SELECT OwnerId, OwnerUpn, OwnerRiskLevel, RiskRaised, ServicePrincipalId, ServicePrincipalName, AppId,
           sum(SignIns) AS SignInsSinceRisk, sum(SignInsInRun) AS SignInsInRun, max(LastSignIn) AS LastSignIn,
           -- make_set_if(IPAddress, InRun, 20)
           coalesce(list(IPAddress ORDER BY FirstInRun) FILTER (WHERE FirstInRun IS NOT NULL AND IPAddress IS NOT NULL), [])[1:20] AS IPs
    FROM per_ip
    GROUP BY OwnerId, OwnerUpn, OwnerRiskLevel, RiskRaised, ServicePrincipalId, ServicePrincipalName, AppId
    HAVING sum(SignInsInRun) > 0
),
baseline AS (
    -- sign-ins before the last day, for the applications that reach the result (a left join only reads those)
    SELECT AppId, sum(SignIns) AS BaselineSignIns,
           -- make_set(IPAddress, 500)
           coalesce(list(IPAddress ORDER BY FirstSeen) FILTER (WHERE IPAddress IS NOT NULL), [])[1:500] AS BaselineIPs
    FROM (
        SELECT AppId, IPAddress, count(*) AS SignIns, min(TimeGenerated) AS FirstSeen
        FROM AADServicePrincipalSignInLogs
        WHERE TimeGenerated > kql_now() - INTERVAL 14 DAY
          AND TimeGenerated < kql_now() - INTERVAL 1 DAY
          AND ResultType = '0'
          AND AppId IN (SELECT AppId FROM per_app)
        GROUP BY AppId, IPAddress
    )
    GROUP BY AppId
),
scored AS (
    SELECT p.*,
           coalesce(b.BaselineSignIns / 312.0::DOUBLE, 0.0) AS BaselineHourly,  -- per hour of (14d - 1d)
           coalesce(b.BaselineIPs, []) AS BaselineIPs,
           -- max_of(datetime_diff("minute", now(), RiskRaised) / 60.0, 1.0)
           greatest(date_diff('minute', p.RiskRaised, kql_now()) / 60.0::DOUBLE, 1.0::DOUBLE) AS HoursSinceRisk
    FROM per_app p
    LEFT JOIN baseline b ON b.AppId = p.AppId
),
surges AS (
    SELECT *,
           SignInsSinceRisk / HoursSinceRisk AS RateSinceRisk,
           list_filter(IPs, lambda ip: NOT list_contains(BaselineIPs, ip)) AS NewIPs,  -- set_difference(IPs, BaselineIPs)
           SignInsInRun >= 10 AND SignInsInRun >= 3.0 * BaselineHourly AS Surge
    FROM scored
)
SELECT RiskRaised, LastSignIn, OwnerUpn, OwnerId, OwnerRiskLevel, ServicePrincipalName, ServicePrincipalId, AppId,
       SignInsSinceRisk, SignInsInRun, round(RateSinceRisk, 2) AS RateSinceRisk, round(BaselineHourly, 2) AS BaselineHourly,
       NewIPs,
       coalesce(NewIPs[1], IPs[1], '') AS IPAddress,  -- tostring(coalesce(NewIPs[0], IPs[0]))
       CASE WHEN lower(OwnerRiskLevel) = 'high' OR (Surge AND len(NewIPs) > 0) THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       'Owner ' || coalesce(OwnerUpn, '') || ' at ' || coalesce(OwnerRiskLevel, '') || ' risk; '
           || CASE WHEN Surge THEN SignInsInRun || ' sign-ins in the hour against a baseline of '
                                   || rule25_real_text(round(BaselineHourly, 2)) || '/hour' ELSE '' END
           || CASE WHEN Surge AND len(NewIPs) > 0 THEN '; ' ELSE '' END
           || CASE WHEN len(NewIPs) > 0 THEN 'new IPs ' || array_to_string(NewIPs, ', ') ELSE '' END AS SeverityReason
FROM surges
WHERE Surge OR len(NewIPs) > 0;
