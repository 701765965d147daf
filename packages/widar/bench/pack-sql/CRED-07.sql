-- CRED-07: reply (redirect) URI added to an application registration, rated by the new URI.
-- mv-apply Detail = AdditionalDetails on (summarize take_anyif(tostring(Detail.value), tostring(Detail.key) =~ key)):
-- the first non-empty value whose key matches case-insensitively, '' when there is none.
CREATE OR REPLACE TEMP MACRO additional_detail(details, key) AS
    coalesce(list_filter(json_extract(details, '$[*]'),
                         lambda d: lower(coalesce(d->>'key', '')) = lower(key) AND coalesce(d->>'value', '') <> '')[1]->>'value', '');
-- WHATWG IPv4 host parsing (parse_url's Host): one label as a number (0x… hex, 0… octal, decimal), NULL when invalid
-- (a hex label too long for BIGINT is out of range anyway).
CREATE OR REPLACE TEMP MACRO url_ipv4_number(p) AS
    CASE WHEN regexp_full_match(p, '0x[0-9a-f]*') THEN CASE WHEN p = '0x' THEN 0 ELSE coalesce(TRY_CAST(p AS BIGINT)::DOUBLE, 1e300) END
         WHEN regexp_full_match(p, '0[0-7]+') THEN list_reduce(list_transform(string_split(p[2:], ''), lambda d: d::DOUBLE), lambda acc, d: acc * 8 + d, 0::DOUBLE)
         WHEN regexp_full_match(p, '0|[1-9]\d*') THEN p::DOUBLE END;
CREATE OR REPLACE TEMP MACRO url_ipv4_dotted(v) AS
    (v // 16777216) || '.' || (v // 65536 % 256) || '.' || (v // 256 % 256) || '.' || (v % 256);
-- The labels' IPv4 value (at most 4 numbers, all but the last ≤ 255, the last < 256^(5-n)), dotted; NULL when invalid.
CREATE OR REPLACE TEMP MACRO url_ipv4_host(labels) AS
    CASE WHEN len(labels) <= 4
          AND NOT list_contains(list_transform(labels, lambda p: url_ipv4_number(p) IS NULL), true)
          AND coalesce(list_bool_and(list_transform(labels[1:-2], lambda p: url_ipv4_number(p) <= 255)), true)
          AND url_ipv4_number(labels[-1]) < pow(256, 5 - len(labels))
         THEN url_ipv4_dotted(list_sum(list_transform(labels, lambda p, i: url_ipv4_number(p) * CASE WHEN i = len(labels) THEN 1 ELSE pow(256, 4 - i) END))::BIGINT) END;
WITH address_changes AS (
    -- mv-apply … where displayName == "AppAddress": one row per such property (none → row dropped),
    -- extract_all(UriPattern, …) with its single group (coalesce(…, []) = regexp_extract_all's [] on no match)
    SELECT a.Id, u.PropOrd, a.TimeGenerated, a.OperationName, a.InitiatedBy, a.TargetResources, a.AdditionalDetails, a.CorrelationId,
           regexp_extract_all(coalesce(u.p->>'oldValue', ''), '([a-zA-Z][a-zA-Z0-9+.-]*://[^"\s,\]\\]+)', 1) AS OldUris,
           regexp_extract_all(coalesce(u.p->>'newValue', ''), '([a-zA-Z][a-zA-Z0-9+.-]*://[^"\s,\]\\]+)', 1) AS NewUris
    FROM AuditLogs a, unnest(json_extract(a.TargetResources, '$[0].modifiedProperties[*]')) WITH ORDINALITY AS u(p, PropOrd)
    WHERE a.TimeGenerated > kql_now() - INTERVAL 1 HOUR
      AND lower(a.OperationName) = 'update application'
      AND lower(a.Result) = 'success'
      AND (u.p->>'displayName') = 'AppAddress'
),
added AS (
    SELECT *,
           CASE WHEN coalesce(InitiatedBy->>'$.app.servicePrincipalId', '') <> '' THEN 'ServicePrincipal' ELSE 'User' END AS InitiatorType,
           coalesce(InitiatedBy->>'$.user.ipAddress', '') AS IPAddress
    FROM (
        -- set_difference(NewUris, OldUris): distinct new URIs (first occurrences, in order) not among the old ones
        SELECT *, list_filter(NewUris, lambda x, i: list_position(NewUris, x) = i AND NOT list_contains(OldUris, x)) AS AddedUris
        FROM address_changes
    )
    WHERE len(AddedUris) > 0
),
added_uris AS (
    SELECT a.Id, a.PropOrd, e.UriOrd, a.TimeGenerated, a.CorrelationId, a.OldUris, e.AddedUri, a.InitiatorType, a.IPAddress,
           CASE WHEN a.InitiatorType = 'User' THEN a.InitiatedBy->>'$.user.userPrincipalName' ELSE a.InitiatedBy->>'$.app.displayName' END AS Initiator,
           CASE WHEN a.InitiatorType = 'User' THEN a.InitiatedBy->>'$.user.id' ELSE a.InitiatedBy->>'$.app.servicePrincipalId' END AS InitiatorId,
           coalesce(a.TargetResources->>'$[0].displayName', '') AS TargetName,
           coalesce(a.TargetResources->>'$[0].id', '') AS TargetId,
           additional_detail(a.AdditionalDetails, 'AppId') AS AppId,
           regexp_extract(e.AddedUri, '^([a-zA-Z][a-zA-Z0-9+.-]*)://(/*)(?:[^/?#]*@)?([^/?#]*)', ['scheme', 'slashes', 'hostport']) AS u
    FROM added a, unnest(a.AddedUris) WITH ORDINALITY AS e(AddedUri, UriOrd)
    WHERE NOT allowlisted(a.IPAddress)
      AND NOT known_automation(audit_initiator_id(a.InitiatedBy), a.OperationName)  -- _ExcludeKnownAutomation
),
parsed AS (
    -- parse_url (a WHATWG URL parse in widar) by regex: scheme, then the host (a bracketed IPv6 literal or up to the
    -- port). Special schemes skip extra slashes before the host and percent-decode it; for other schemes a third
    -- slash starts the path (empty host).
    SELECT *,
           hp.port = '' OR (regexp_full_match(hp.port, '\d+') AND TRY_CAST(hp.port AS DOUBLE) <= 65535) AS PortOk,
           CASE WHEN Special AND NOT starts_with(hp.host, '[') THEN lower(url_decode(hp.host)) ELSE lower(hp.host) END AS Host0
    FROM (
        SELECT *, regexp_extract(CASE WHEN u.slashes = '' OR (Special AND lower(u.scheme) <> 'file') THEN u.hostport ELSE '' END,
                                 '^(\[[^\]]*\]|[^:]*)(?::(.*))?$', ['host', 'port']) AS hp
        FROM (SELECT *, lower(u.scheme) IN ('http', 'https', 'ws', 'wss', 'ftp', 'file') AS Special FROM added_uris)
    )
),
hosts AS (
    -- A special-scheme host ending in a number is an IPv4 address (normalised, or the URL does not parse). A URL
    -- that does not parse gives Scheme = Host = "": a bad port (an unclosed '[' ends up there), an empty host with a
    -- special scheme, a forbidden host character, a bad IPv4 address. Not modelled: IDNA (non-ASCII hosts).
    SELECT *,
           CASE WHEN Valid THEN lower(u.scheme) ELSE '' END AS Scheme,
           CASE WHEN NOT Valid THEN '' WHEN EndsInNumber THEN url_ipv4_host(Labels) ELSE Host0 END AS UriHost
    FROM (
        SELECT *,
               PortOk
               AND (starts_with(Host0, '[') OR NOT regexp_matches(Host0, CASE WHEN Special THEN '[\x00-\x20#%/:<>?@\[\\\]^|\x7f]'
                                                                               ELSE '[\x00\t\n\r #/:<>?@\[\\\]^|]' END))
               AND NOT (Special AND lower(u.scheme) <> 'file' AND Host0 = '')
               AND NOT (EndsInNumber AND url_ipv4_host(Labels) IS NULL) AS Valid
        FROM (
            SELECT *, Special AND regexp_full_match(Labels[-1], '\d+|0x[0-9a-f]*') AS EndsInNumber
            FROM (
                -- host labels without a trailing empty one, for the IPv4 rule
                SELECT *, CASE WHEN len(string_split(Host0, '.')) > 1 AND string_split(Host0, '.')[-1] = ''
                               THEN string_split(Host0, '.')[1:-2] ELSE string_split(Host0, '.') END AS Labels
                FROM parsed
            )
        )
    )
),
rated AS (
    SELECT *,
           UriHost IN ('localhost', '127.0.0.1', '[::1]') AS IsLocal,
           -- `tostring(OldUris) has strcat("://", UriHost)`: substring of the JSON text, the needle's end on a term
           -- boundary when the host ends with a letter/digit
           regexp_matches(lower(to_json(OldUris)::VARCHAR),
                          regexp_escape('://' || UriHost)
                          || CASE WHEN regexp_matches(UriHost, '[0-9a-z\x{80}-\x{10FFFF}]$') THEN '($|[^0-9a-z\x{80}-\x{10FFFF}])' ELSE '' END) AS KnownHost,
           -- the tenant's own domain: the initiator's UPN suffix, tolower(tostring(split(Initiator, "@")[1]))
           lower(coalesce(string_split(coalesce(Initiator, ''), '@')[2], '')) AS OwnDomain,
           OwnDomain <> '' AND (UriHost = OwnDomain OR ends_with(UriHost, '.' || OwnDomain)) AS OwnHost
    FROM hosts
),
risks AS (
    SELECT *,
           CASE WHEN contains(AddedUri, '*') THEN 'wildcard'   -- `has "*"`: no letter/digit to anchor → substring
                WHEN Scheme = 'http' AND NOT IsLocal THEN 'cleartext http to a remote host'
                WHEN regexp_matches(UriHost, '^\d+\.\d+\.\d+\.\d+$') THEN 'IP-literal host'
                -- has_any (TunnelDomains): any of them as whole terms
                WHEN regexp_matches(UriHost, '(^|[^0-9a-z\x{80}-\x{10FFFF}])(ngrok\.io|ngrok-free\.app|ngrok\.app|trycloudflare\.com|loca\.lt|serveo\.net|localtunnel\.me|webhook\.site|requestbin\.net|pipedream\.net|herokuapp\.com|glitch\.me|repl\.co)($|[^0-9a-z\x{80}-\x{10FFFF}])')
                    THEN 'tunnelling or request-capture service'
                ELSE '' END AS Risk
    FROM rated
),
per_change AS (
    -- make_set / make_set_if keep first occurrences in order: aggregate in expansion order, then dedupe
    SELECT TimeGenerated, coalesce(Initiator, '') AS Initiator, coalesce(InitiatorId, '') AS InitiatorId, InitiatorType, IPAddress,
           TargetName, TargetId, AppId, coalesce(CorrelationId, '') AS CorrelationId,
           list(AddedUri ORDER BY Id, PropOrd, UriOrd) AS UriList,
           list(Risk ORDER BY Id, PropOrd, UriOrd) FILTER (WHERE Risk <> '') AS RiskList,
           min((IsLocal OR KnownHost OR OwnHost)::INTEGER) AS AllExpected
    FROM risks
    GROUP BY ALL
)
SELECT TimeGenerated, Initiator, InitiatorId, InitiatorType, IPAddress, TargetName, TargetId, AppId, AddedUris, Risks,
       CASE WHEN len(Risks) > 0 THEN 'High' ELSE 'Medium' END AS AlertSeverity,
       CASE WHEN len(Risks) > 0 THEN 'Risky reply URL: ' || array_to_string(Risks, ', ')
            ELSE 'Reply URL on a host new for this application, outside the tenant''s domain' END AS SeverityReason,
       CorrelationId
FROM (
    SELECT *,
           list_filter(UriList, lambda x, i: list_position(UriList, x) = i)[1:20] AS AddedUris,
           list_filter(coalesce(RiskList, []), lambda x, i: list_position(RiskList, x) = i)[1:5] AS Risks
    FROM per_change
)
-- localhost, a host the app already had, the tenant's own domain: routine unless one is risky
WHERE len(Risks) > 0 OR AllExpected = 0;
