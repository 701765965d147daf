-- Shared by the pack's SQL translations; run once after the tenant is loaded (bench/pack/pack-runs.ts).
-- The translations use DuckDB SQL; each file's last statement returns the rule's alerts with the
-- KQL rule's output columns (same names), and `kql_now()` is the run's "now".

-- An IPv4 address as a number; NULL for anything else (KQL's ipv4 functions give null there).
CREATE OR REPLACE MACRO ipv4_num(ip) AS
    CASE WHEN regexp_full_match(ip, '(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})')
          AND split_part(ip, '.', 1)::INTEGER <= 255 AND split_part(ip, '.', 2)::INTEGER <= 255
          AND split_part(ip, '.', 3)::INTEGER <= 255 AND split_part(ip, '.', 4)::INTEGER <= 255
         THEN split_part(ip, '.', 1)::BIGINT * 16777216 + split_part(ip, '.', 2)::BIGINT * 65536
            + split_part(ip, '.', 3)::BIGINT * 256 + split_part(ip, '.', 4)::BIGINT
    END;

-- The NetworkAllowlist watchlist as numeric ranges: CIDR blocks, bare IPs (/32) and lo-hi ranges,
-- as the pack's _ExcludeAllowlistedIPs reads them.
CREATE OR REPLACE TABLE allowlist_ranges AS
WITH e AS (SELECT trim(IPOrRange) AS r FROM watchlist_NetworkAllowlist WHERE trim(coalesce(IPOrRange, '')) <> '')
SELECT ipv4_num(split_part(r, '-', 1)) AS lo, ipv4_num(split_part(r, '-', 2)) AS hi
FROM e WHERE regexp_full_match(r, '\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+')
UNION ALL
SELECT base AS lo, base + (1::BIGINT << (32 - bits)) - 1 AS hi
FROM (
    SELECT ipv4_num(split_part(r, '/', 1)) // (1::BIGINT << (32 - bits)) * (1::BIGINT << (32 - bits)) AS base, bits
    FROM (SELECT r, CASE WHEN contains(r, '/') THEN split_part(r, '/', 2)::INTEGER ELSE 32 END AS bits
          FROM e WHERE NOT regexp_full_match(r, '\d+\.\d+\.\d+\.\d+-\d+\.\d+\.\d+\.\d+'))
);

-- Whether an address is on the allowlist (the rules drop such rows; a non-IPv4 value never is).
CREATE OR REPLACE MACRO allowlisted(ip) AS
    EXISTS (SELECT 1 FROM allowlist_ranges a WHERE ipv4_num(ip) BETWEEN a.lo AND a.hi);
