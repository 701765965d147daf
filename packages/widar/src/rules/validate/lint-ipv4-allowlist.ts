/**
 * WR112: the rule reads the `NetworkAllowlist` watchlist but tests addresses against it with the
 * IPv4 functions only (`ipv4_is_in_any_range`, `ipv4_compare`, `ipv4_is_in_range`,
 * `ipv4_is_match`). Those return null for an IPv6 address or entry, so an office or VPN IPv6
 * range on the allowlist never suppresses anything, while Entra logs carry IPv6 addresses
 * routinely. The seed rules keep their block verbatim and are reported; the pack's other rules
 * test with the `ipv6_*` functions, which read IPv4 text as `::ffff:a.b.c.d` and so cover both.
 */
import type { Diagnostic, SyntaxNode } from "@widar/kql";
import { type LintContext, finding } from "./lint-context.js";
import { callArguments, isCallOf, textOf } from "./syntax-walk.js";

const IPV4_TESTS = ["ipv4_is_in_any_range", "ipv4_compare", "ipv4_is_in_range", "ipv4_is_match"];
const IPV6_TESTS = ["ipv6_is_in_any_range", "ipv6_compare", "ipv6_is_in_range", "ipv6_is_match"];

function readsNetworkAllowlist(ctx: LintContext): boolean {
  return ctx.visits.some(({ node }) => {
    if (!isCallOf(node, "_getwatchlist")) return false;
    const alias = callArguments(node)[0];
    return alias !== undefined && textOf(alias, ctx.rule.query).trim().replace(/^@?['"]|['"]$/g, "") === "NetworkAllowlist";
  });
}

export function lintIpv4OnlyAllowlist(ctx: LintContext): Diagnostic[] {
  if (!readsNetworkAllowlist(ctx)) return [];
  const calls = (names: readonly string[]): SyntaxNode[] => ctx.visits.map((v) => v.node).filter((n) => names.some((f) => isCallOf(n, f)));
  if (calls(IPV6_TESTS).length > 0) return [];
  const first = calls(IPV4_TESTS)[0];
  if (first === undefined) return [];
  return [
    finding(
      "WR112",
      "warning",
      "the NetworkAllowlist is tested with IPv4 functions only: IPv6 addresses, CIDRs and ranges on the watchlist never match, so they suppress nothing (the ipv6_* functions cover both families)",
      first,
    ),
  ];
}
