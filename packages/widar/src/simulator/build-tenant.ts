/**
 * Builds the tenant model from the seed: users (a few PIM-eligible admins, engineers who own
 * apps, ordinary staff), the tenant's apps and their service principals of every kind, the
 * credentials they have had (with rotation history over the period), their Graph permissions,
 * offices and the network allowlist. Its own PRNG stream, so the same seed always yields the same
 * tenant whatever the other options.
 */
import {
  DIRECTORY_ROLES,
  FIC_ISSUERS,
  FIRST_PARTY_APPS,
  type FirstPartyKey,
  LOW_RISK_DELEGATED_SCOPES,
  MICROSOFT_TENANT_ID,
  graphRole,
} from "./directory-catalog.js";
import { type NetworkPrefix, hostInPrefix, prefixesIn, prefixesOf } from "./network-data.js";
import { Rng } from "./prng.js";
import type {
  Application,
  Credential,
  Device,
  Egress,
  Office,
  ResourceRef,
  ServicePrincipal,
  SignInPattern,
  SignInProfile,
  Tenant,
  User,
  UserRole,
  WorkloadKind,
} from "./tenant-model.js";
import {
  ADMIN_TITLES,
  DEPARTMENTS,
  ENGINEER_TITLES,
  FIRST_NAMES,
  IN_HOUSE_APPS,
  LAST_NAMES,
  MANAGED_RESOURCES,
  SAAS_APPS,
  STAFF_TITLES,
  TENANT_NAMES,
} from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

export const DAY_MS = 86_400_000;
/** Identities the named objects need: below this a tenant cannot host every scenario. */
export const MIN_IDENTITIES = 24;

const byAsn = (asn: number, i = 0): NetworkPrefix => prefixesOf(asn)[i]!;
const egressAt = (prefix: NetworkPrefix, index: number): Egress => ({ ip: hostInPrefix(prefix, index), prefix });

/** Fixed egress of the tenant's sites: the allowlist names exactly these. */
function offices(): { offices: Office[]; vpn: Egress } {
  const att = byAsn(7018);
  const dtag = byAsn(3320);
  const hq: Office = {
    name: "Seattle HQ",
    namedLocation: "HQ - Seattle",
    country: "US",
    tzOffsetHours: -8,
    egress: [1, 2, 3, 4].map((h) => ({ ip: `12.36.112.${h}`, prefix: att })),
  };
  const berlin: Office = {
    name: "Berlin Office",
    namedLocation: "Office - Berlin",
    country: "DE",
    tzOffsetHours: 1,
    egress: [10, 11].map((h) => ({ ip: `79.200.14.${h}`, prefix: dtag })),
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

interface WorkloadSpec {
  readonly name: string;
  readonly kind: WorkloadKind;
  readonly roles: readonly string[];
  readonly cred: "secret" | "cert" | "federated" | "none";
  readonly pattern: SignInPattern;
  readonly rate: number;
  readonly egress: readonly Egress[];
  readonly resources: readonly FirstPartyKey[];
  readonly userAgent: string;
  readonly owners: readonly User[];
  readonly rotateEveryDays?: number;
  /** Epoch ms the only secret expires (the legacy app's expiring secret). */
  readonly expiresAt?: number;
  readonly ficSubject?: string;
  readonly ficIssuer?: string;
}

interface Ctx {
  readonly rng: Rng;
  readonly tenantName: string;
  readonly domain: string;
  readonly start: number;
  readonly end: number;
  readonly firstParty: Record<string, ServicePrincipal>;
  rotator?: ServicePrincipal;
}

function credentialsFor(ctx: Ctx, spec: WorkloadSpec, createdAt: number): Credential[] {
  const { rng } = ctx;
  const year = new Date(ctx.end).getUTCFullYear();
  if (spec.cred === "none") return [];
  if (spec.cred === "federated")
    return [
      {
        keyId: rng.guid(),
        type: "Federated",
        displayName: `${spec.name}-fic`,
        start: createdAt,
        end: null,
        issuer: spec.ficIssuer ?? FIC_ISSUERS.github,
        subject: spec.ficSubject ?? `repo:${ctx.tenantName}/${spec.name}:environment:production`,
      },
    ];
  if (spec.cred === "cert") {
    const start = Math.max(createdAt, ctx.start - rng.int(30, 300) * DAY_MS);
    return [
      {
        keyId: rng.guid(),
        type: "AsymmetricX509Cert",
        displayName: `CN=${spec.name.toLowerCase()}.${ctx.domain}`,
        start,
        end: start + 730 * DAY_MS,
        thumbprint: rng.hex(20).toUpperCase(),
      },
    ];
  }
  if (spec.rotateEveryDays !== undefined) {
    // Rotation history: one secret per rotation, each valid for two rotation intervals.
    const every = spec.rotateEveryDays * DAY_MS;
    const offset = rng.int(0, spec.rotateEveryDays - 1) * DAY_MS + 2 * 3_600_000;
    const creds: Credential[] = [];
    for (let t = Math.floor((ctx.start - every) / every) * every + offset; t < ctx.end; t += every)
      creds.push({ keyId: rng.guid(), type: "Password", displayName: `rotated-${year}`, start: t, end: t + 2 * every });
    return creds;
  }
  const start = Math.max(createdAt, ctx.start - rng.int(20, 200) * DAY_MS);
  return [
    {
      keyId: rng.guid(),
      type: "Password",
      displayName: rng.pick(["prod", "client-secret", `${spec.name.toLowerCase()}-secret`, ""]),
      start,
      end: spec.expiresAt ?? start + rng.pick([365, 730]) * DAY_MS,
    },
  ];
}

function workload(ctx: Ctx, spec: WorkloadSpec): ServicePrincipal {
  const { rng } = ctx;
  const appId = rng.guid();
  const createdAt = ctx.start - rng.int(40, 900) * DAY_MS;
  const ownsApp = spec.kind === "inHouse" || spec.kind === "cicd" || spec.kind === "automation";
  const app: Application | null = ownsApp
    ? {
        objectId: rng.guid(),
        appId,
        displayName: spec.name,
        signInAudience: "AzureADMyOrg",
        createdAt,
        owners: spec.owners.map((user) => ({ kind: "user" as const, user })),
        credentials: credentialsFor(ctx, spec, createdAt),
        rotation: spec.rotateEveryDays === undefined ? null : { everyDays: spec.rotateEveryDays, offsetDays: 0 },
      }
    : null;
  if (app !== null && spec.rotateEveryDays !== undefined && ctx.rotator !== undefined)
    app.owners.push({ kind: "servicePrincipal", sp: ctx.rotator });
  const resources: ResourceRef[] = spec.resources.map((k) => {
    const sp = ctx.firstParty[k]!;
    return { appId: sp.appId, displayName: sp.displayName, servicePrincipalId: sp.id };
  });
  const credentialType: SignInProfile["credentialType"] =
    spec.kind === "managedIdentity"
      ? "managedIdentity"
      : spec.cred === "federated"
        ? "federatedIdentityCredential"
        : spec.cred === "cert"
          ? "clientAssertion"
          : "clientSecret";
  const isMi = spec.kind === "managedIdentity";
  return {
    id: rng.guid(),
    appId,
    displayName: spec.name,
    kind: spec.kind,
    servicePrincipalType: isMi ? "ManagedIdentity" : "Application",
    appOwnerTenantId: spec.kind === "saas" ? rng.guid() : isMi ? MICROSOFT_TENANT_ID : "",
    app,
    appRoles: spec.roles.map((r) => ({ assignmentId: rng.base64url(43), role: graphRole(r) })),
    delegatedGrants:
      spec.kind === "saas" ? [{ id: rng.base64url(43), scope: LOW_RISK_DELEGATED_SCOPES.join(" "), consentType: "AllPrincipals" }] : [],
    signIn: {
      ratePerHour: spec.rate,
      pattern: spec.pattern,
      cronMinute: rng.int(0, 59),
      egress: spec.egress,
      resources,
      userAgent: spec.userAgent,
      credentialType,
    },
    ...(isMi ? { managedResourceId: "" } : {}),
    ...(spec.kind === "saas" ? { foreignKeyId: rng.guid() } : {}),
  };
}

/** Azure egress IPs of a workload running in Microsoft's cloud. */
const azureEgress = (rng: Rng, n: number): Egress[] =>
  Array.from({ length: n }, () => egressAt(rng.pick(prefixesOf(8075)), rng.int(0, 1_000_000)));

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
  const ctx: Ctx = { rng, tenantName: name, domain, start, end, firstParty };
  const hq = sites.offices[0]!;
  const spec = (s: Partial<WorkloadSpec> & Pick<WorkloadSpec, "name" | "kind">): WorkloadSpec => ({
    roles: [],
    cred: "secret",
    pattern: "flat",
    rate: 2,
    egress: azureEgress(rng, 2),
    resources: ["graph"],
    userAgent: USER_AGENTS.msalDotnet,
    owners: [rng.pick(engineers)],
    ...s,
  });
  const rotator = workload(ctx, spec({ name: "KeyVault-Secret-Rotator", kind: "automation", roles: ["Application.ReadWrite.OwnedBy"], cred: "cert", pattern: "nightly", rate: 3, userAgent: USER_AGENTS.azureIdentityJs, owners: [admins[1]!] }));
  ctx.rotator = rotator;
  const named = {
    privilegedApp: workload(ctx, spec({ name: "Directory-Sync-Service", kind: "inHouse", roles: ["Directory.ReadWrite.All", "User.Read.All"], pattern: "cron", rate: 4, owners: [admins[0]!, engineers[0]!] })),
    sharepointApp: workload(ctx, spec({ name: "SharepointAPI-Test", kind: "inHouse", roles: ["Sites.Read.All"], pattern: "business", rate: 3, egress: hq.egress.slice(0, 2), resources: ["graph", "sharepoint"], userAgent: USER_AGENTS.msalPython, owners: [engineers[1]!, engineers[2]!] })),
    provisioningBot: workload(ctx, spec({ name: "Provisioning-Bot", kind: "automation", roles: ["Application.ReadWrite.All", "User.Read.All"], cred: "cert", rate: 2, userAgent: USER_AGENTS.azureIdentityJs, owners: [admins[2]!] })),
    governanceAutomation: workload(ctx, spec({ name: "Identity-Governance-Automation", kind: "automation", roles: ["AppRoleAssignment.ReadWrite.All", "Directory.Read.All"], cred: "cert", pattern: "nightly", rate: 6, userAgent: USER_AGENTS.graphPowerShell, owners: [admins[3]!] })),
    reportingApp: workload(ctx, spec({ name: "Reporting-Automation", kind: "inHouse", roles: ["Reports.Read.All", "AuditLog.Read.All"], pattern: "cron", rate: 1, rotateEveryDays: 7 })),
    rotator,
    pipeline: workload(ctx, spec({ name: "gh-actions-infra-deploy", kind: "cicd", roles: ["Application.ReadWrite.OwnedBy"], cred: "federated", pattern: "business", rate: 6, egress: azureEgress(rng, 4), resources: ["graph", "arm"], userAgent: USER_AGENTS.githubAzureLogin, ficSubject: `repo:${name}/infra-live:environment:production` })),
    legacyApp: workload(ctx, spec({ name: "Legacy-Invoice-Connector", kind: "inHouse", roles: ["Mail.Send"], pattern: "cron", rate: 2, egress: hq.egress.slice(2, 3), expiresAt: start + Math.round((end - start) * 0.6) })),
  };
  const sps: ServicePrincipal[] = [...Object.values(firstParty), ...Object.values(named)];
  sps.push(workload(ctx, spec({ name: "ado-release-pipeline", kind: "cicd", cred: "federated", ficIssuer: FIC_ISSUERS.azureDevOps, ficSubject: `sc://${name}/platform/arm-production`, pattern: "business", rate: 4, resources: ["arm", "keyVault"], userAgent: USER_AGENTS.adoAgent })));
  const extra = workloadCount - (sps.length - Object.keys(firstParty).length);
  const inHouse = IN_HOUSE_APPS.slice();
  const saas = rng.sample(SAAS_APPS, SAAS_APPS.length);
  const mis = MANAGED_RESOURCES.slice();
  const everyday = ["User.Read.All", "Group.Read.All", "Sites.Read.All", "Calendars.Read", "Directory.Read.All"];
  for (let i = 0; i < extra; i++) {
    const slot = i % 10;
    const round = Math.floor(i / 10);
    if (slot < 4) {
      const base = inHouse[(i * 7) % inHouse.length]!;
      const appName = round === 0 && i < inHouse.length ? inHouse[i]! : `${base}-${round + 1}`;
      const rotate = rng.chance(0.3) ? rng.pick([14, 30]) : undefined;
      sps.push(workload(ctx, spec({ name: appName, kind: "inHouse", roles: rng.sample(everyday, rng.int(1, 2)), cred: rng.chance(0.35) ? "cert" : "secret", pattern: rng.pick(["business", "flat", "cron", "nightly"] as const), rate: rng.int(1, 8), egress: rng.chance(0.25) ? [rng.pick(hq.egress)] : azureEgress(rng, rng.int(1, 3)), userAgent: rng.pick([USER_AGENTS.msalDotnet, USER_AGENTS.msalPython, USER_AGENTS.azureIdentityJs, USER_AGENTS.pythonRequests]), owners: rng.sample(engineers, Math.min(engineers.length, rng.int(1, 2))), ...(rotate === undefined ? {} : { rotateEveryDays: rotate }) })));
    } else if (slot < 6) {
      const vendor = saas[(i + round) % saas.length]!;
      const cloud = rng.pick([...prefixesOf(16509), ...prefixesOf(396982)]);
      const backup = /Backup|Box|Dropbox/.test(vendor);
      sps.push(workload(ctx, spec({ name: round === 0 ? vendor : `${vendor} (${round + 1})`, kind: "saas", roles: backup ? ["Sites.FullControl.All", "Mail.ReadWrite", "User.Read.All"] : ["User.Read.All"], cred: "none", rate: rng.int(3, 25), egress: Array.from({ length: rng.int(1, 3) }, () => egressAt(cloud, rng.int(0, 1_000_000))), userAgent: rng.pick([USER_AGENTS.pythonRequests, USER_AGENTS.msalPython, ""]) })));
    } else if (slot < 9) {
      const [res, provider] = mis[(i + round * 3) % mis.length]!;
      const miName = round === 0 ? res : `${res}-${round + 1}`;
      const sp = workload(ctx, spec({ name: miName, kind: "managedIdentity", cred: "none", rate: rng.int(2, 12), egress: [], resources: rng.sample(["keyVault", "storage", "arm", "graph"] as const, rng.int(1, 2)), userAgent: "" }));
      sps.push({ ...sp, managedResourceId: `/subscriptions/${subscriptionId}/resourceGroups/rg-${miName.split("-")[1] ?? "core"}/providers/${provider}/${miName}` });
    } else {
      sps.push(workload(ctx, spec({ name: `tfc-${rng.pick(["platform", "network", "data", "identity"])}-${round + 1}`, kind: "cicd", cred: "federated", ficIssuer: FIC_ISSUERS.terraformCloud, ficSubject: `organization:${name}:project:Default:workspace:prod-${round + 1}:run_phase:apply`, pattern: "business", rate: rng.int(1, 4), egress: [egressAt(byAsn(16509), rng.int(0, 1_000_000))], resources: ["arm", "graph"], userAgent: USER_AGENTS.terraform })));
    }
  }
  return {
    id: rng.guid(),
    name,
    displayName,
    domain,
    users,
    admins,
    servicePrincipals: sps,
    firstParty,
    offices: sites.offices,
    vpnGateway: sites.vpn,
    allowlist: [
      { searchKey: "12.36.112.0/28", ipOrRange: "12.36.112.0/28", description: "Seattle HQ egress (AT&T business fibre)" },
      { searchKey: "52.226.131.7", ipOrRange: "52.226.131.7", description: "Always-on VPN gateway (Azure East US)" },
      { searchKey: "79.200.14.0-79.200.14.63", ipOrRange: "79.200.14.0-79.200.14.63", description: "Berlin office (Deutsche Telekom business range)" },
    ],
    named,
    subscriptionId,
  };
}
