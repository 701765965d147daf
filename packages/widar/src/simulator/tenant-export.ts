/**
 * tenant.json, NetworkAllowlist.csv and AutomationIdentities.csv: the tenant model as plain data,
 * shaped like what Graph would answer (owners, credentials with start/end, app roles), for triage
 * to look objects up offline; and the watchlists the rules read through `_GetWatchlist(...)`.
 */
import type { Credential, Tenant } from "./tenant-model.js";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function credential(c: Credential) {
  return {
    keyId: c.keyId,
    type: c.type,
    displayName: c.displayName,
    startDateTime: iso(c.start),
    endDateTime: iso(c.end),
    ...(c.thumbprint === undefined ? {} : { thumbprint: c.thumbprint }),
    ...(c.issuer === undefined ? {} : { issuer: c.issuer, subject: c.subject }),
  };
}

export function tenantDocument(tenant: Tenant): unknown {
  return {
    id: tenant.id,
    name: tenant.name,
    displayName: tenant.displayName,
    domain: tenant.domain,
    subscriptionId: tenant.subscriptionId,
    offices: tenant.offices.map((o) => ({
      name: o.name,
      namedLocation: o.namedLocation,
      country: o.country,
      egressIps: o.egress.map((e) => e.ip),
      egressIpv6: o.egress6.map((e) => e.ip),
    })),
    vpnGateway: tenant.vpnGateway.ip,
    users: tenant.users.map((u) => ({
      id: u.id,
      userPrincipalName: u.userPrincipalName,
      displayName: u.displayName,
      department: u.department,
      jobTitle: u.jobTitle,
      role: u.role,
      eligibleRoles: u.eligibleRoles.map((r) => r.displayName),
      office: u.office?.name ?? null,
      homeIp: u.home.ip,
      homeAsn: u.home.prefix.asn,
      homeCountry: u.home.prefix.country,
    })),
    servicePrincipals: tenant.servicePrincipals.map((sp) => ({
      id: sp.id,
      appId: sp.appId,
      displayName: sp.displayName,
      kind: sp.kind,
      servicePrincipalType: sp.servicePrincipalType,
      appOwnerTenantId: sp.appOwnerTenantId || tenant.id,
      ...(sp.managedResourceId === undefined ? {} : { managedResourceId: sp.managedResourceId }),
      application:
        sp.app === null
          ? null
          : {
              objectId: sp.app.objectId,
              signInAudience: sp.app.signInAudience,
              createdDateTime: iso(sp.app.createdAt),
              owners: sp.app.owners.map((o) =>
                o.kind === "user"
                  ? { type: "user", id: o.user.id, userPrincipalName: o.user.userPrincipalName }
                  : { type: "servicePrincipal", id: o.sp.id, displayName: o.sp.displayName },
              ),
              credentials: sp.app.credentials.map(credential),
              rotationEveryDays: sp.app.rotation?.everyDays ?? null,
            },
      appRoles: sp.appRoles.map((g) => ({ resource: "Microsoft Graph", value: g.role.value, id: g.role.id, privileged: g.role.privileged })),
      delegatedGrants: sp.delegatedGrants,
      signIn:
        sp.signIn === null
          ? null
          : {
              pattern: sp.signIn.pattern,
              ratePerHour: sp.signIn.ratePerHour,
              credentialType: sp.signIn.credentialType,
              egressIps: sp.signIn.egress.map((e) => e.ip),
              resources: sp.signIn.resources.map((r) => r.displayName),
            },
    })),
    named: Object.fromEntries(Object.entries(tenant.named).map(([k, sp]) => [k, { id: sp.id, displayName: sp.displayName }])),
    platform: Object.fromEntries(Object.entries(tenant.platform).map(([k, sp]) => [k, { id: sp.id, displayName: sp.displayName }])),
  };
}

const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The watchlist: IPv4 and IPv6 rows, as a CIDR, a bare address or a `first-last` range. */
export function allowlistCsv(tenant: Tenant): string {
  const rows = tenant.allowlist.map((a) => [a.searchKey, a.ipOrRange, a.description].map(q).join(","));
  return `SearchKey,IPOrRange,Description\r\n${rows.join("\r\n")}\r\n`;
}

/** The AutomationIdentities watchlist (rules/watchlists/AutomationIdentities.csv's columns). */
export function automationCsv(tenant: Tenant): string {
  const rows = tenant.automation.map((a) => [a.identityId, a.identityId, a.displayName, a.operations, a.description].map(q).join(","));
  return `SearchKey,IdentityId,DisplayName,Operations,Description\r\n${rows.join("\r\n")}\r\n`;
}
