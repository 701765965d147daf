/**
 * Builds the tenant model from the seed: users (a few PIM-eligible admins, engineers who own
 * apps, ordinary staff), Microsoft's first-party service principals, the tenant's own workload
 * identities (build-workloads.ts), offices and the network allowlist. Its own PRNG stream, so the
 * same seed always yields the same tenant whatever the other options.
 */
import { buildWorkloads, byAsn, egressAt } from "./build-workloads.js";
import { buildPlatform } from "./platform-identities.js";
import { DIRECTORY_ROLES, FIRST_PARTY_APPS, MICROSOFT_TENANT_ID } from "./directory-catalog.js";
import { prefixesIn } from "../enrich/network-data.js";
import { Rng } from "./prng.js";
import type { Device, Egress, Office, ServicePrincipal, Tenant, User, UserRole } from "./tenant-model.js";
import { ADMIN_TITLES, DEPARTMENTS, ENGINEER_TITLES, FIRST_NAMES, LAST_NAMES, STAFF_TITLES, TENANT_NAMES } from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

/** Identities the named objects need: below this a tenant cannot host every scenario. */
export const MIN_IDENTITIES = 24;

/**
 * Fixed egress of the tenant's sites: the allowlist names exactly these. The offices are
 * dual-stack: each has an IPv6 prefix from its ISP (AT&T 2600:1700::/28, Deutsche Telekom
 * 2003::/19), which the allowlist lists as a CIDR (Seattle) and as a first-last range (Berlin).
 */
function offices(): { offices: Office[]; vpn: Egress } {
  const att = byAsn(7018);
  const dtag = byAsn(3320);
  const att6 = { ...att, cidr: "2600:1700::/28" };
  const dtag6 = { ...dtag, cidr: "2003::/19" };
  const hq: Office = {
    name: "Seattle HQ",
    namedLocation: "HQ - Seattle",
    country: "US",
    tzOffsetHours: -8,
    egress: [1, 2, 3, 4].map((h) => ({ ip: `12.36.112.${h}`, prefix: att })),
    egress6: ["2600:1700:5a20:4e00::1f", "2600:1700:5a20:4e07:8d2:41ff:fe1c:92a0"].map((ip) => ({ ip, prefix: att6 })),
  };
  const berlin: Office = {
    name: "Berlin Office",
    namedLocation: "Office - Berlin",
    country: "DE",
    tzOffsetHours: 1,
    egress: [10, 11].map((h) => ({ ip: `79.200.14.${h}`, prefix: dtag })),
    egress6: ["2003:e4:1f0d:8a00:5d1c:9a4e:71b2:3c01", "2003:e4:1f0d:8a12::44"].map((ip) => ({ ip, prefix: dtag6 })),
  };
  return { offices: [hq, berlin], vpn: { ip: "52.226.131.7", prefix: byAsn(8075, 1) } };
}

function device(rng: Rng, user: string, role: UserRole): Device {
  const mac = role === "engineer" && rng.chance(0.4);
  return {
    deviceId: rng.guid(),
    displayName: mac ? `${user.toUpperCase()}-MBP` : `${user.toUpperCase()}-LT${rng.int(100, 999)}`,
    operatingSystem: mac ? "MacOs" : "Windows10",
    browser: mac ? "Chrome 126.0.0" : "Edge 126.0.0",
    userAgent: mac ? USER_AGENTS.chromeMac : USER_AGENTS.edgeWindows,
    trustType: mac ? "Azure AD registered" : "Hybrid Azure AD joined",
    isCompliant: true,
    isManaged: true,
  };
}

function buildUsers(rng: Rng, count: number, domain: string, sites: Office[]): User[] {
  const admins = Math.max(4, Math.round(count * 0.08));
  const engineers = Math.max(3, Math.round(count * 0.25));
  const seen = new Set<string>();
  const users: User[] = [];
  const homeCountries = ["US", "US", "US", "US", "US", "US", "DE", "DE", "DE", "GB", "GB", "IN", "IN", "FR"];
  const adminRoles = [
    [DIRECTORY_ROLES.globalAdmin, DIRECTORY_ROLES.privRoleAdmin],
    [DIRECTORY_ROLES.appAdmin],
    [DIRECTORY_ROLES.cloudAppAdmin, DIRECTORY_ROLES.appAdmin],
    [DIRECTORY_ROLES.privRoleAdmin, DIRECTORY_ROLES.securityAdmin],
  ];
  for (let i = 0; i < count; i++) {
    const role: UserRole = i < admins ? "admin" : i < admins + engineers ? "engineer" : "staff";
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    let alias = `${first}.${last}`.toLowerCase();
    for (let n = 2; seen.has(alias); n++) alias = `${first}.${last}${n}`.toLowerCase();
    seen.add(alias);
    const country = role === "admin" ? (i % 3 === 2 ? "DE" : "US") : rng.pick(homeCountries);
    const office = sites.find((o) => o.country === country) ?? null;
    const home = rng.pick(prefixesIn(country).filter((p) => p.kind === "residential" || p.kind === "mobile"));
    users.push({
      id: rng.guid(),
      userPrincipalName: `${alias}@${domain}`,
      displayName: `${first} ${last}`,
      department: role === "admin" ? "IT" : role === "engineer" ? "Engineering" : rng.pick(DEPARTMENTS),
      jobTitle: rng.pick(role === "admin" ? ADMIN_TITLES : role === "engineer" ? ENGINEER_TITLES : STAFF_TITLES),
      role,
      eligibleRoles:
        role !== "admin"
          ? []
          : (adminRoles[i] ?? [rng.pick([DIRECTORY_ROLES.appAdmin, DIRECTORY_ROLES.cloudAppAdmin, DIRECTORY_ROLES.userAdmin])]),
      office,
      tzOffsetHours: office?.tzOffsetHours ?? { GB: 0, IN: 5, FR: 1, DE: 1, US: -8 }[country] ?? 0,
      home: egressAt(home, rng.int(0, 1_000_000)),
      device: device(rng, alias.split(".")[0]!.slice(0, 6), role),
    });
  }
  return users;
}

export function buildTenant(seed: number, identities: number, start: number, end: number): Tenant {
  const rng = Rng.of(seed, "tenant");
  const { name, displayName } = rng.pick(TENANT_NAMES);
  const domain = `${name}.com`;
  const sites = offices();
  const workloadCount = Math.max(12, Math.round(identities * 0.45));
  const users = buildUsers(rng, Math.max(identities - workloadCount, MIN_IDENTITIES - 12), domain, sites.offices);
  const admins = users.filter((u) => u.role === "admin");
  const engineers = users.filter((u) => u.role === "engineer");
  const firstParty: Record<string, ServicePrincipal> = {};
  for (const [key, fp] of Object.entries(FIRST_PARTY_APPS))
    firstParty[key] = {
      id: rng.guid(),
      appId: fp.appId,
      displayName: fp.displayName,
      kind: "firstParty",
      servicePrincipalType: "Application",
      appOwnerTenantId: MICROSOFT_TENANT_ID,
      app: null,
      appRoles: [],
      delegatedGrants: [],
      signIn: null,
    };
  const subscriptionId = rng.guid();
  const { named, others } = buildWorkloads(
    { rng, tenantName: name, domain, start, end, firstParty, subscriptionId },
    workloadCount,
    admins,
    engineers,
    sites.offices[0]!,
  );
  // Drawn from a stream of their own, so every object above is what it was before these existed.
  const platformCtx = { rng: Rng.of(seed, "tenant-platform"), tenantName: name, domain, start, end, firstParty, subscriptionId };
  const extras = buildPlatform(platformCtx, admins, engineers, named, others);
  return {
    id: rng.guid(),
    name,
    displayName,
    domain,
    users,
    admins,
    servicePrincipals: [...Object.values(firstParty), ...Object.values(named), ...others, ...extras.servicePrincipals],
    firstParty,
    offices: sites.offices,
    vpnGateway: sites.vpn,
    allowlist: [
      { searchKey: "12.36.112.0/28", ipOrRange: "12.36.112.0/28", description: "Seattle HQ egress (AT&T business fibre)" },
      { searchKey: "52.226.131.7", ipOrRange: "52.226.131.7", description: "Always-on VPN gateway (Azure East US)" },
      { searchKey: "79.200.14.0-79.200.14.63", ipOrRange: "79.200.14.0-79.200.14.63", description: "Berlin office (Deutsche Telekom business range)" },
      { searchKey: "2600:1700:5a20:4e00::/56", ipOrRange: "2600:1700:5a20:4e00::/56", description: "Seattle HQ IPv6 prefix (AT&T)" },
      {
        searchKey: "2003:e4:1f0d:8a00::-2003:e4:1f0d:8aff:ffff:ffff:ffff:ffff",
        ipOrRange: "2003:e4:1f0d:8a00::-2003:e4:1f0d:8aff:ffff:ffff:ffff:ffff",
        description: "Berlin office IPv6 (Deutsche Telekom delegated prefix)",
      },
    ],
    automation: extras.automation,
    named,
    platform: extras.platform,
    subscriptionId,
  };
}
