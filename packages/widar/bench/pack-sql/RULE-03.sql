-- RULE-03: one service principal token (uti) issued or used from several networks (IPv4 /16, IPv6 /48) or countries.
-- Set order matters where a set is read by position or joined into text (ReplayIP, SeverityReason):
-- make_set keeps first-seen order, so those sets are built from ordered lists, deduplicated in place: the union's
-- order (issuances, then uses), each in time order.
WITH events AS (
    SELECT TimeGenerated, UniqueTokenIdentifier AS TokenId, ServicePrincipalId, ServicePrincipalName, AppId, IPAddress,
           'issued' AS Source
    FROM AADServicePrincipalSignInLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 2 HOUR
      AND ResultType = '0'
      AND UniqueTokenIdentifier <> ''
    UNION ALL
    SELECT TimeGenerated, SignInActivityId, ServicePrincipalId, '', AppId, IPAddress, 'used'
    FROM MicrosoftGraphActivityLogs
    WHERE TimeGenerated > kql_now() - INTERVAL 2 HOUR
      AND SignInActivityId <> '' AND ServicePrincipalId <> '' AND coalesce(UserId, '') = ''
),
kept AS (
    SELECT *, ipv4_num(IPAddress) AS IPNum
    FROM events
    WHERE IPAddress <> ''
      AND NOT allowlisted(IPAddress)
),
-- geo_info_from_ip_address(ip).country: the most specific ip_geo block holding the address
geo AS (
    SELECT a.IPNum, arg_min(g.country, g.hi - g.lo) AS Country
    FROM (SELECT DISTINCT IPNum FROM kept WHERE IPNum IS NOT NULL) a
    JOIN ip_geo g ON a.IPNum BETWEEN g.lo AND g.hi
    GROUP BY a.IPNum
),
located AS (
    SELECT k.*, coalesce(g.Country, '') AS Country,
           -- an IPv6 address's network is its /48 as parse_ipv6_mask prints it ("/48" alone when unreadable),
           -- an IPv4 address's its /16 (format_ipv4_mask: "" for anything else)
           CASE WHEN contains(k.IPAddress, ':') THEN coalesce(parse_ipv6_mask(k.IPAddress, 48), '') || '/48'
                ELSE format_ipv4_mask(k.IPAddress, 16) END AS Network
    FROM kept k
    LEFT JOIN geo g ON k.IPNum = g.IPNum
),
tokens AS (
    SELECT TokenId, ServicePrincipalId,
           min(TimeGenerated) AS FirstSeen,
           max(TimeGenerated) AS LastSeen,
           count(*) AS Events,
           list(IPAddress ORDER BY Source = 'used', TimeGenerated) AS IPsInOrder,
           list_distinct(list(Network))[1:20] AS Networks,
           list(Country ORDER BY Source = 'used', TimeGenerated) FILTER (WHERE Country <> '') AS CountriesInOrder,
           list_distinct(list(Source))[1:2] AS Sources,
           any_value(IPAddress) FILTER (WHERE Source = 'issued') AS IssuedFrom,
           any_value(ServicePrincipalName) FILTER (WHERE ServicePrincipalName <> '') AS ServicePrincipalName,
           any_value(AppId) AS AppId
    FROM located
    GROUP BY TokenId, ServicePrincipalId
    HAVING max(TimeGenerated) > kql_now() - INTERVAL 1 HOUR
),
sets AS (
    SELECT * EXCLUDE (IPsInOrder, CountriesInOrder),
           -- first-seen order, deduplicated (each token has a handful of events)
           list_filter(IPsInOrder, (x, i) -> list_position(IPsInOrder, x) = i)[1:20] AS IPAddresses,
           coalesce(list_filter(CountriesInOrder, (x, i) -> list_position(CountriesInOrder, x) = i)[1:10], []) AS Countries,
           len(Networks) AS NetworkCount
    FROM tokens
),
alerts AS (
    SELECT *, len(Countries) AS CountryCount,
           list_contains(Sources, 'issued') AND list_contains(Sources, 'used') AS IssuedAndUsed,
           -- set_difference(IPAddresses, pack_array(IssuedFrom))[0]
           coalesce(list_filter(IPAddresses, x -> x <> coalesce(IssuedFrom, ''))[1], '') AS ReplayIP
    FROM sets
    WHERE NetworkCount > 1 OR len(Countries) > 1
)
SELECT FirstSeen, LastSeen, ServicePrincipalName, ServicePrincipalId, AppId, TokenId, IssuedFrom, ReplayIP, IPAddresses,
       Networks, Countries, Events,
       CASE WHEN CountryCount > 1 OR IssuedAndUsed THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN CountryCount > 1 THEN 'Token seen from ' || CountryCount || ' countries: ' || array_to_string(Countries, ', ')
            WHEN IssuedAndUsed THEN 'Token issued to ' || coalesce(IssuedFrom, '') || ' and used from another network'
            ELSE 'Token used from ' || NetworkCount || ' networks' END AS SeverityReason
FROM alerts;
