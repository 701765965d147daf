/**
 * The tenant's workload identities: the named objects scenarios target (a privileged sync app,
 * the seed investigation's SharepointAPI-Test, automation holding directory-write permissions,
 * the secret rotator, the CI/CD pipeline, an app whose secret expires mid-period), then a mix of
 * in-house apps, vendors' multi-tenant SaaS apps, managed identities and Terraform workspaces.
 * Each gets credentials (with rotation history), Graph app roles and a sign-in profile.
 */
import { FIC_ISSUERS, LOW_RISK_DELEGATED_SCOPES, type FirstPartyKey, graphRole } from "./directory-catalog.js";
import { type NetworkPrefix, hostInPrefix, prefixesOf } from "../enrich/network-data.js";
import type { Rng } from "./prng.js";
import type {
  Application,
  Credential,
  Egress,
  NamedObjects,
  Office,
  ResourceRef,
  ServicePrincipal,
  SignInPattern,
  SignInProfile,
  User,
  WorkloadKind,
} from "./tenant-model.js";
import { IN_HOUSE_APPS, MANAGED_RESOURCES, SAAS_APPS } from "./tenant-names.js";
import { USER_AGENTS } from "./user-agents.js";

export const DAY_MS = 86_400_000;

export const byAsn = (asn: number, i = 0): NetworkPrefix => prefixesOf(asn)[i]!;
export const egressAt = (prefix: NetworkPrefix, index: number): Egress => ({ ip: hostInPrefix(prefix, index), prefix });

/** Azure egress IPs of a workload running in Microsoft's cloud. */
export const azureEgress = (rng: Rng, n: number): Egress[] =>
  Array.from({ length: n }, () => egressAt(rng.pick(prefixesOf(8075)), rng.int(0, 1_000_000)));

export interface WorkloadSpec {
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

export interface WorkloadContext {
  readonly rng: Rng;
  readonly tenantName: string;
  readonly domain: string;
  readonly start: number;
  readonly end: number;
  readonly firstParty: Record<string, ServicePrincipal>;
  readonly subscriptionId: string;
  rotator?: ServicePrincipal;
}

function credentialsFor(ctx: WorkloadContext, spec: WorkloadSpec, createdAt: number): Credential[] {
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

export function workload(ctx: WorkloadContext, spec: WorkloadSpec): ServicePrincipal {
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
        rotation: spec.rotateEveryDays === undefined ? null : { everyDays: spec.rotateEveryDays },
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
    appOwnerTenantId: spec.kind === "saas" ? rng.guid() : "",
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
    ...(spec.kind === "saas" ? { foreignKeyId: rng.guid() } : {}),
  };
}

/** The n-th name of a pool, numbered once the pool is used up ("HR-Sync", …, "HR-Sync-2"). */
const nth = (pool: readonly string[], n: number, sep: string): string =>
  n < pool.length ? pool[n]! : `${pool[n % pool.length]}${sep}${Math.floor(n / pool.length) + 1}`;

type SpecFn = (s: Partial<WorkloadSpec> & Pick<WorkloadSpec, "name" | "kind">) => WorkloadSpec;

function inHouseApp(ctx: WorkloadContext, spec: SpecFn, name: string, engineers: readonly User[], hq: Office): ServicePrincipal {
  const { rng } = ctx;
  const everyday = ["User.Read.All", "Group.Read.All", "Sites.Read.All", "Calendars.Read", "Directory.Read.All"];
  const rotate = rng.chance(0.3) ? rng.pick([14, 30]) : undefined;
  return workload(ctx, spec({
    name,
    kind: "inHouse",
    roles: rng.sample(everyday, rng.int(1, 2)),
    cred: rng.chance(0.35) ? "cert" : "secret",
    pattern: rng.pick(["business", "flat", "cron", "nightly"] as const),
    rate: rng.int(1, 8),
    // Some in-house jobs still run on servers in the HQ datacentre.
    egress: rng.chance(0.25) ? [rng.pick(hq.egress)] : azureEgress(rng, rng.int(1, 3)),
    userAgent: rng.pick([USER_AGENTS.msalDotnet, USER_AGENTS.msalPython, USER_AGENTS.azureIdentityJs, USER_AGENTS.pythonRequests]),
    owners: rng.sample(engineers, Math.min(engineers.length, rng.int(1, 2))),
    ...(rotate === undefined ? {} : { rotateEveryDays: rotate }),
  }));
}

/** A vendor's multi-tenant app, calling Graph from the vendor's cloud (AWS or Google Cloud). */
function saasApp(ctx: WorkloadContext, spec: SpecFn, vendor: string): ServicePrincipal {
  const { rng } = ctx;
  const cloud = rng.pick([...prefixesOf(16509), ...prefixesOf(396982)]);
  const backup = /Backup|Box|Dropbox/.test(vendor);
  return workload(ctx, spec({
    name: vendor,
    kind: "saas",
    roles: backup ? ["Sites.FullControl.All", "Mail.ReadWrite", "User.Read.All"] : ["User.Read.All"],
    cred: "none",
    rate: rng.int(3, 25),
    egress: Array.from({ length: rng.int(1, 3) }, () => egressAt(cloud, rng.int(0, 1_000_000))),
    userAgent: rng.pick([USER_AGENTS.pythonRequests, USER_AGENTS.msalPython, ""]),
  }));
}

function managedIdentity(ctx: WorkloadContext, spec: SpecFn, n: number, subscriptionId: string): ServicePrincipal {
  const { rng } = ctx;
  const [resource, provider] = MANAGED_RESOURCES[n % MANAGED_RESOURCES.length]!;
  const name = nth([resource], Math.floor(n / MANAGED_RESOURCES.length), "-");
  const sp = workload(ctx, spec({
    name,
    kind: "managedIdentity",
    cred: "none",
    rate: rng.int(2, 12),
    egress: [],
    resources: rng.sample(["keyVault", "storage", "arm", "graph"] as const, rng.int(1, 2)),
    userAgent: "",
  }));
  const group = `rg-${name.split("-")[1] ?? "core"}`;
  return { ...sp, managedResourceId: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/${provider}/${name}` };
}

function terraformWorkspace(ctx: WorkloadContext, spec: SpecFn, n: number): ServicePrincipal {
  const { rng } = ctx;
  const area = ["platform", "network", "data", "identity"][n % 4]!;
  return workload(ctx, spec({
    name: `tfc-${area}-${Math.floor(n / 4) + 1}`,
    kind: "cicd",
    cred: "federated",
    ficIssuer: FIC_ISSUERS.terraformCloud,
    ficSubject: `organization:${ctx.tenantName}:project:Default:workspace:${area}-prod:run_phase:apply`,
    pattern: "business",
    rate: rng.int(1, 4),
    egress: [egressAt(byAsn(16509), rng.int(0, 1_000_000))],
    resources: ["arm", "graph"],
    userAgent: USER_AGENTS.terraform,
  }));
}

export interface Workloads {
  readonly named: NamedObjects;
  readonly others: ServicePrincipal[];
}

export function buildWorkloads(ctx: WorkloadContext, count: number, admins: readonly User[], engineers: readonly User[], hq: Office): Workloads {
  const { rng } = ctx;
  const spec: SpecFn = (s) => ({
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
  const rotator = workload(ctx, spec({
    name: "KeyVault-Secret-Rotator", kind: "automation", roles: ["Application.ReadWrite.OwnedBy"], cred: "cert",
    pattern: "nightly", rate: 3, userAgent: USER_AGENTS.azureIdentityJs, owners: [admins[1]!],
  }));
  ctx.rotator = rotator;
  const named: NamedObjects = {
    privilegedApp: workload(ctx, spec({
      name: "Directory-Sync-Service", kind: "inHouse", roles: ["Directory.ReadWrite.All", "User.Read.All"],
      pattern: "cron", rate: 4, owners: [admins[0]!, engineers[0]!],
    })),
    sharepointApp: workload(ctx, spec({
      name: "SharepointAPI-Test", kind: "inHouse", roles: ["Sites.Read.All"], pattern: "business", rate: 3,
      egress: hq.egress.slice(0, 2), resources: ["graph", "sharepoint"], userAgent: USER_AGENTS.msalPython,
      owners: [engineers[1]!, engineers[2]!],
    })),
    provisioningBot: workload(ctx, spec({
      name: "Provisioning-Bot", kind: "automation", roles: ["Application.ReadWrite.All", "User.Read.All"], cred: "cert",
      rate: 2, userAgent: USER_AGENTS.azureIdentityJs, owners: [admins[2]!],
    })),
    governanceAutomation: workload(ctx, spec({
      name: "Identity-Governance-Automation", kind: "automation", roles: ["AppRoleAssignment.ReadWrite.All", "Directory.Read.All"],
      cred: "cert", pattern: "nightly", rate: 6, userAgent: USER_AGENTS.graphPowerShell, owners: [admins[3]!],
    })),
    reportingApp: workload(ctx, spec({
      name: "Reporting-Automation", kind: "inHouse", roles: ["Reports.Read.All", "AuditLog.Read.All"], pattern: "cron", rate: 1,
      rotateEveryDays: 7,
    })),
    rotator,
    pipeline: workload(ctx, spec({
      name: "gh-actions-infra-deploy", kind: "cicd", roles: ["Application.ReadWrite.OwnedBy"], cred: "federated",
      ficSubject: `repo:${ctx.tenantName}/infra-live:environment:production`, pattern: "business", rate: 6,
      egress: azureEgress(rng, 4), resources: ["graph", "arm"], userAgent: USER_AGENTS.githubAzureLogin,
    })),
    legacyApp: workload(ctx, spec({
      name: "Legacy-Invoice-Connector", kind: "inHouse", roles: ["Mail.Send"], pattern: "cron", rate: 2,
      egress: hq.egress.slice(2, 3), expiresAt: ctx.start + Math.round((ctx.end - ctx.start) * 0.6),
    })),
  };
  const others: ServicePrincipal[] = [
    workload(ctx, spec({
      name: "ado-release-pipeline", kind: "cicd", cred: "federated", ficIssuer: FIC_ISSUERS.azureDevOps,
      ficSubject: `sc://${ctx.tenantName}/platform/arm-production`, pattern: "business", rate: 4, resources: ["arm", "keyVault"],
      userAgent: USER_AGENTS.adoAgent,
    })),
  ];
  // The rest, in a fixed mix per ten (4 in-house apps, 2 SaaS apps, 3 managed identities, 1 Terraform
  // workspace), ordered so that even the smallest tenant has one of each of the first three.
  const MIX = ["inHouse", "saas", "mi", "inHouse", "mi", "inHouse", "saas", "mi", "inHouse", "tfc"] as const;
  const saas = rng.sample(SAAS_APPS, SAAS_APPS.length);
  const made = { inHouse: 0, saas: 0, mi: 0, tfc: 0 };
  const extra = count - Object.keys(named).length - others.length;
  for (let i = 0; i < extra; i++) {
    const kind = MIX[i % MIX.length]!;
    if (kind === "inHouse") others.push(inHouseApp(ctx, spec, nth(IN_HOUSE_APPS, made.inHouse++, "-"), engineers, hq));
    else if (kind === "saas") others.push(saasApp(ctx, spec, nth(saas, made.saas++, " ")));
    else if (kind === "mi") others.push(managedIdentity(ctx, spec, made.mi++, ctx.subscriptionId));
    else others.push(terraformWorkspace(ctx, spec, made.tfc++));
  }
  return { named, others };
}
