/**
 * tenant.json and NetworkAllowlist.csv: the tenant model as plain data, shaped like what Graph
 * would answer (owners, credentials with start/end, app roles), for triage to look objects up
 * offline; and the watchlist the seed rules read through `_GetWatchlist('NetworkAllowlist')`.
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
  };
}

/** The watchlist, with a CIDR row, a bare IP row and an `a.b.c.d-e.f.g.h` range row. */
export function allowlistCsv(tenant: Tenant): string {
  const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = tenant.allowlist.map((a) => [a.searchKey, a.ipOrRange, a.description].map(q).join(","));
  return `SearchKey,IPOrRange,Description\r\n${rows.join("\r\n")}\r\n`;
}
