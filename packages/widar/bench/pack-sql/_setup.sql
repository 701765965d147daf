-- Shared by the pack's SQL translations; run once after the tenant is loaded (bench/pack/pack-runs.ts).
-- The translations use DuckDB SQL; each file's last statement returns the rule's alerts with the
-- KQL rule's output columns (same names), and `kql_now()` is the run's "now".

-- KQL's trim(@'\s+', s): RE2's \s on both ends, as the rules trim watchlist cells and operation names.
CREATE OR REPLACE MACRO trim_ws(s) AS regexp_replace(s, '^\s+|\s+$', '', 'g');

-- The whitespace String.prototype.trim removes (widar's address parsers trim their argument first).
CREATE OR REPLACE MACRO js_trim(s) AS regexp_replace(s,
    '^[\s\x{0B}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+|[\s\x{0B}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$',
    '', 'g');

-- A macro that needs a value several times binds it once, as a lambda's parameter:
-- `list_transform([value], lambda v: ...)[1]` (expanding it at each use multiplies the expression).

-- An IPv4 address as a number; NULL for anything else (KQL's ipv4 functions give null there).
CREATE OR REPLACE MACRO ipv4_num(ip) AS list_transform([ip], lambda _ip:
    CASE WHEN regexp_full_match(_ip, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}') THEN
        list_transform([list_transform(string_split(_ip, '.'), lambda o: o::BIGINT)], lambda q:
            CASE WHEN list_max(q) <= 255 THEN q[1] * 16777216 + q[2] * 65536 + q[3] * 256 + q[4] END)[1]
    END)[1];

-- ---- IPv6 as the ipv6_* functions read it (parse_ipv6, parse_ipv6_mask, ipv6_compare, ipv6_is_in_any_range) --
-- An address is [addr, prefix] (a 128-bit number and 0..128, both UHUGEINT: a struct would not bind
-- in allowlisted()'s correlated subquery): IPv6 text (with `::` and an optional dotted IPv4 tail) or
-- IPv4 text, which maps to ::ffff:a.b.c.d (an IPv4 /n is /96+n); `::a.b.c.d` reads as the IPv4
-- address it carries. NULL when the text is not an address, as the functions give null there.

-- The network mask of a prefix length.
CREATE OR REPLACE MACRO ip6_mask(p) AS
    CASE WHEN p <= 0 THEN 0::UHUGEINT
         WHEN p >= 128 THEN ~(0::UHUGEINT)
         ELSE (~(0::UHUGEINT)) - ((1::UHUGEINT << (128 - p)::UHUGEINT) - 1) END;

-- A `:`-separated run of groups as 16-bit numbers (a dotted IPv4 tail is two); NULL if one is invalid.
CREATE OR REPLACE MACRO ip6_groups(text) AS list_transform([text], lambda _g:
    CASE WHEN _g = '' THEN []::BIGINT[] ELSE
        list_transform([list_transform(string_split(_g, ':'), lambda part, i:
            CASE WHEN i = len(string_split(_g, ':')) AND contains(part, '.')
                 THEN list_transform([ipv4_num(js_trim(part))], lambda v: [v // 65536, v % 65536])[1]
                 WHEN regexp_full_match(part, '[0-9a-fA-F]{1,4}') THEN [('0x' || part)::BIGINT] END)], lambda gs:
            CASE WHEN list_bool_and(list_transform(gs, lambda x: x IS NOT NULL AND list_count(x) = len(x))) THEN flatten(gs) END)[1]
    END)[1];

-- The eight groups of an IPv6 body (no prefix), `::` filled with zeros; NULL if it is not one.
CREATE OR REPLACE MACRO ip6_body_groups(body) AS list_transform([body], lambda _b:
    CASE WHEN strpos(_b, '::') = 0 THEN
             list_transform([ip6_groups(_b)], lambda g: CASE WHEN len(g) = 8 THEN g END)[1]
         WHEN strpos(_b[strpos(_b, '::') + 1:], '::') > 0 THEN NULL
         ELSE list_transform([[ip6_groups(_b[:strpos(_b, '::') - 1]), ip6_groups(_b[strpos(_b, '::') + 2:])]], lambda ht:
             CASE WHEN len(ht[1]) + len(ht[2]) <= 7
                  THEN ht[1] || list_transform(range(8 - len(ht[1]) - len(ht[2])), lambda z: 0::BIGINT) || ht[2] END)[1]
    END)[1];

-- An address from its body and its prefix text (NULL: none given).
CREATE OR REPLACE MACRO ip6_of(body, ptext) AS list_transform([body], lambda _b: list_transform([TRY_CAST(ptext AS INTEGER)], lambda _p:
    CASE WHEN ptext IS NOT NULL AND NOT regexp_full_match(ptext, '\d{1,3}') THEN NULL
         WHEN NOT contains(_b, ':') THEN list_transform([ipv4_num(js_trim(_b))], lambda v:
             CASE WHEN v IS NOT NULL AND coalesce(_p + 96, 128) <= 128
                  THEN [(65535::UHUGEINT << 32::UHUGEINT) | v::UHUGEINT, coalesce(_p + 96, 128)::UHUGEINT] END)[1]
         ELSE list_transform([ip6_body_groups(_b)], lambda g:
             CASE WHEN g IS NULL THEN NULL
                  -- IPv4-compatible ::a.b.c.d
                  WHEN regexp_matches(_b, '\.\d+$') AND list_max(g[1:6]) = 0 THEN
                      CASE WHEN coalesce(_p + 96, 128) <= 128
                           THEN [(65535::UHUGEINT << 32::UHUGEINT) | (g[7]::UHUGEINT << 16::UHUGEINT) | g[8]::UHUGEINT, coalesce(_p + 96, 128)::UHUGEINT] END
                  WHEN coalesce(_p, 128) <= 128 THEN
                      [list_reduce(list_transform(g, lambda x: x::UHUGEINT), lambda a, b: a * 65536 + b), coalesce(_p, 128)::UHUGEINT]
             END)[1]
    END)[1])[1];

-- parse_ipv6's reading of a value: [addr, prefix], or NULL.
CREATE OR REPLACE MACRO ip6_parse(s) AS list_transform([js_trim(coalesce(s, ''))], lambda _t:
    ip6_of(split_part(_t, '/', 1), CASE WHEN contains(_t, '/') THEN _t[strpos(_t, '/') + 1:] END))[1];

-- ipv6_compare(a, b) of two parsed addresses: -1, 0, 1 on their first min(prefixes) bits.
CREATE OR REPLACE MACRO ip6_compare(a, b) AS list_transform([ip6_mask(least(a[2], b[2])::INTEGER)], lambda m:
    CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN (a[1] & m) < (b[1] & m) THEN -1 WHEN (a[1] & m) > (b[1] & m) THEN 1 ELSE 0 END)[1];

-- The text parse_ipv6 / parse_ipv6_mask print: eight 4-digit groups of the masked address.
CREATE OR REPLACE MACRO ip6_format(x) AS list_transform([x], lambda _x:
    array_to_string(list_transform(range(8), lambda i: printf('%04x', ((_x >> (16 * (7 - i))::UHUGEINT) & 65535::UHUGEINT)::INTEGER)), ':'))[1];

-- parse_ipv6_mask(s, k): the address masked to min(k, its own prefix), as text; NULL if invalid.
CREATE OR REPLACE MACRO parse_ipv6_mask(s, k) AS list_transform([ip6_parse(s)], lambda a:
    CASE WHEN a IS NOT NULL THEN ip6_format(a[1] & ip6_mask(least(k, a[2]::INTEGER))) END)[1];

-- ---- NetworkAllowlist, as the rules' _ExcludeAllowlistedIPs reads it -------------------------------
-- Entries are trimmed; one without '-' is an address or CIDR (parse_ipv6 must read it), one with '-'
-- is a first-last range (split on '-': the first two parts, both addresses). Unreadable entries are
-- skipped.
CREATE OR REPLACE TABLE allowlist_entries AS
SELECT trim_ws(coalesce(IPOrRange, '')) AS R FROM watchlist_NetworkAllowlist WHERE trim_ws(coalesce(IPOrRange, '')) <> '';

-- Every entry as a first-last range of parsed addresses: a CIDR is the range of its block, both ends
-- without a prefix, so that the range test below is the CIDR test (ipv6_is_in_range masks the address by
-- its own prefix, as ipv6_compare does with a range's ends).
CREATE OR REPLACE TABLE allowlist_ranges AS
SELECT [p[1] & ip6_mask(p[2]::INTEGER), 128::UHUGEINT] AS lo, [(p[1] & ip6_mask(p[2]::INTEGER)) | (~ip6_mask(p[2]::INTEGER)), 128::UHUGEINT] AS hi
FROM (SELECT ip6_parse(R) AS p FROM allowlist_entries WHERE NOT contains(R, '-'))
WHERE p IS NOT NULL
UNION ALL
SELECT lo, hi FROM (
    SELECT ip6_parse(trim_ws(split_part(R, '-', 1))) AS lo, ip6_parse(trim_ws(split_part(R, '-', 2))) AS hi
    FROM allowlist_entries WHERE contains(R, '-'))
WHERE lo IS NOT NULL AND hi IS NOT NULL;

-- Whether an address is on the allowlist (the rules drop such rows; an unreadable value never is).
-- The address is parsed once; DuckDB evaluates the correlated subquery once per distinct address.
CREATE OR REPLACE MACRO allowlisted(ip) AS
    EXISTS (SELECT 1 FROM (SELECT ip6_parse(ip) AS a) x, allowlist_ranges r
            WHERE x.a IS NOT NULL AND ip6_compare(x.a, r.lo) >= 0 AND ip6_compare(x.a, r.hi) <= 0);

-- ---- AutomationIdentities, as the rules' _ExcludeKnownAutomation reads it ----------------------------
-- Keys "identity|operation" (lower case); an empty Operations cell is "identity|*" (every operation).
CREATE OR REPLACE TABLE automation_keys AS
SELECT DISTINCT I || '|' || lower(trim_ws(O)) AS K
FROM (SELECT lower(trim_ws(coalesce(IdentityId, ''))) AS I, trim_ws(coalesce(Operations, '')) AS O0
      FROM watchlist_AutomationIdentities) w,
     unnest(CASE WHEN O0 = '' THEN ['*'] ELSE string_split(O0, ';') END) AS t(O)
WHERE I <> '';

-- Whether a change is known automation's (the rules drop it): the initiator with every operation, or this one.
CREATE OR REPLACE MACRO known_automation(initiator_id, operation) AS
    lower(coalesce(initiator_id, '')) || '|*' IN (SELECT K FROM automation_keys)
    OR lower(coalesce(initiator_id, '')) || '|' || lower(trim_ws(coalesce(operation, ''))) IN (SELECT K FROM automation_keys);

-- ---- Shared pieces of the credential rules ---------------------------------------------------------
-- KQL's `text has term` for a term of letters, digits and '-': the term between non-alphanumerics, any case.
CREATE OR REPLACE MACRO kql_has(txt, term) AS
    regexp_matches(lower(coalesce(txt, '')), '(^|[^0-9a-z\x{80}-\x{10FFFF}])' || lower(term) || '($|[^0-9a-z\x{80}-\x{10FFFF}])');

-- Azure rolling a managed identity's certificate: the Managed Service Identity service's appId in the
-- modified properties and an identity.azure.net name (TargetResources[0].modifiedProperties as text).
CREATE OR REPLACE MACRO msi_certificate_rollover(props_text) AS
    kql_has(props_text, 'ef5d5c69-a5df-46bb-acaf-426f161a21a2') AND contains(lower(coalesce(props_text, '')), 'https://identity.azure.net/');

-- The WorkloadIdentityInventory's owners: (owner object id, the AppId it owns), as the rules'
-- `mv-expand InitiatorId = split(OwnerIds, ";") | project InitiatorId = trim(" ", InitiatorId), Key = AppId`.
CREATE OR REPLACE TABLE inventory_owners AS
SELECT DISTINCT trim(o, ' ') AS InitiatorId, coalesce(AppId, '') AS Key
FROM watchlist_WorkloadIdentityInventory, unnest(string_split(coalesce(OwnerIds, ''), ';')) AS t(o)
WHERE trim(o, ' ') <> '' AND coalesce(AppId, '') <> '';

-- format_ipv4_mask(ip, k): "a.b.c.d/q", the address masked to q = min(k, its own prefix); "" when the
-- value is not IPv4 (dotted quad, optional /0-32).
CREATE OR REPLACE MACRO format_ipv4_mask(ip, k) AS list_transform([js_trim(coalesce(ip, ''))], lambda _t:
    CASE WHEN regexp_full_match(_t, '\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(/\d{1,2})?') THEN
        list_transform([[ipv4_num(split_part(_t, '/', 1)), CASE WHEN contains(_t, '/') THEN split_part(_t, '/', 2)::BIGINT ELSE 32 END]], lambda vp:
            CASE WHEN vp[1] IS NULL OR vp[2] > 32 THEN ''
                 ELSE list_transform([[vp[1] // (1::BIGINT << (32 - least(k, vp[2]))) * (1::BIGINT << (32 - least(k, vp[2]))), least(k, vp[2])]], lambda mq:
                          (mq[1] // 16777216) || '.' || (mq[1] // 65536 % 256) || '.' || (mq[1] // 256 % 256) || '.' || (mq[1] % 256) || '/' || mq[2])[1]
            END)[1]
        ELSE '' END)[1];

-- An audit record's initiator: the acting service principal's id, else the user's (the rules'
-- iff(InitiatorType == "User", user.id, app.servicePrincipalId), and coalesce(app.servicePrincipalId, user.id)).
CREATE OR REPLACE MACRO audit_initiator_id(initiated_by) AS
    coalesce(nullif(initiated_by->>'$.app.servicePrincipalId', ''), initiated_by->>'$.user.id', '');
