/**
 * The identities behind the benign month's routine automation (tenant-model.ts PlatformObjects)
 * and the AutomationIdentities watchlist the tenant's admins keep. They come from their own PRNG
 * stream, after every other tenant object, so adding them left the rest of each seed's tenant as
 * it was.
 *
 * Shapes follow real tenants: Microsoft's "Managed Service Identity" first-party application
 * (appId ef5d5c69-a5df-46bb-acaf-426f161a21a2, the actor of managed-identity lifecycle records,
 * which name it in `ActorId.ServicePrincipalNames` as "ef5d5c69-…;https://serviceidentity.azure.net/");
 * a Terraform identity federated with Terraform Cloud; a certificate-renewal service that owns
 * the apps it renews; a job whose secret expires and whose retries then fail with AADSTS7000222
 * ("the provided client secret keys are expired"), not 7000215 (a wrong secret).
 */
import { type WorkloadContext, type WorkloadSpec, azureEgress, byAsn, egressAt, workload } from "./build-workloads.js";
import { FIC_ISSUERS, MICROSOFT_TENANT_ID } from "./directory-catalog.js";
import type { Rng } from "./prng.js";
import type { AutomationEntry, Credential, NamedObjects, PlatformObjects, ServicePrincipal, Tenant, User } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";

const DAY = 86_400_000;
/** How far before the period the automation's history reaches (a rule's 14-day baseline). */
export const HISTORY_DAYS = 14;
export const MSI_APP_ID = "ef5d5c69-a5df-46bb-acaf-426f161a21a2";

function spec(rng: Rng, owner: User, s: Partial<WorkloadSpec> & Pick<WorkloadSpec, "name" | "kind">): WorkloadSpec {
  return {
    roles: [],
    cred: "secret",
    pattern: "flat",
    rate: 2,
    egress: azureEgress(rng, 1),
    resources: ["graph"],
    userAgent: USER_AGENTS.msalDotnet,
    owners: [owner],
    ...s,
  };
}

/** The weekly certificates the renewal service adds to each app it manages, from the history window on. */
function renewals(rng: Rng, apps: readonly ServicePrincipal[], start: number, end: number): void {
  for (const sp of apps) {
    const creds = sp.app!.credentials;
    const first = start - HISTORY_DAYS * DAY + rng.int(0, 6) * DAY + rng.int(1, 5) * 3_600_000;
    for (let t = first; t < end; t += 7 * DAY)
      creds.push({
        keyId: rng.guid(),
        type: "AsymmetricX509Cert",
        displayName: `CN=${sp.displayName.toLowerCase()}.renewed`,
        start: t,
        end: t + 30 * DAY,
        thumbprint: rng.hex(20).toUpperCase(),
      } satisfies Credential);
  }
}

export function buildPlatform(
  ctx: WorkloadContext,
  admins: readonly User[],
  engineers: readonly User[],
  named: NamedObjects,
  others: readonly ServicePrincipal[],
): { platform: PlatformObjects; servicePrincipals: ServicePrincipal[]; automation: AutomationEntry[] } {
  const { rng } = ctx;
  const owner = engineers[0] ?? admins[0]!;
  const terraform = workload(ctx, spec(rng, admins[0]!, {
    name: "terraform-platform-deploy", kind: "cicd", roles: ["Application.ReadWrite.OwnedBy"], cred: "federated",
    ficIssuer: FIC_ISSUERS.terraformCloud, ficSubject: `organization:${ctx.tenantName}:project:platform:workspace:apps-prod:run_phase:apply`,
    pattern: "business", rate: 2, egress: [egressAt(byAsn(16509), rng.int(0, 1_000_000))], resources: ["graph", "arm"],
    userAgent: USER_AGENTS.terraform,
  }));
  const certRenewal = workload(ctx, spec(rng, admins[1] ?? owner, {
    name: "Cert-Renewal-Service", kind: "automation", roles: ["Application.ReadWrite.OwnedBy"], cred: "cert", pattern: "nightly",
    rate: 1, userAgent: USER_AGENTS.azureIdentityJs,
  }));
  const expiringJob = workload(ctx, spec(rng, owner, {
    name: "Invoice-Export-Job", kind: "inHouse", roles: ["Sites.Read.All"], pattern: "cron", rate: 12,
    expiresAt: ctx.start + Math.round((ctx.end - ctx.start) * 0.45),
  }));
  const delegatedApp: ServicePrincipal = {
    ...workload(ctx, spec(rng, owner, { name: "Expense-Portal", kind: "inHouse", cred: "none" })),
    signIn: null,
  };
  const msiService: ServicePrincipal = {
    id: rng.guid(),
    appId: MSI_APP_ID,
    displayName: "Managed Service Identity",
    kind: "firstParty",
    servicePrincipalType: "Application",
    appOwnerTenantId: MICROSOFT_TENANT_ID,
    app: null,
    appRoles: [],
    delegatedGrants: [],
    signIn: null,
  };
  // The renewal service owns the certificate-authenticated in-house apps it renews (at most three).
  const managed = [named.privilegedApp, ...others].filter((sp) => sp.kind === "inHouse" && sp.app !== null && sp.signIn?.credentialType === "clientAssertion");
  const renewed = managed.slice(0, 3);
  for (const sp of renewed) sp.app!.owners.push({ kind: "servicePrincipal", sp: certRenewal });
  renewals(rng, renewed, ctx.start, ctx.end);
  const pipeline = named.pipeline;
  return {
    platform: { terraform, certRenewal, msiService, expiringJob, delegatedApp },
    servicePrincipals: [terraform, certRenewal, expiringJob, delegatedApp, msiService],
    automation: [
      {
        identityId: pipeline.id,
        displayName: pipeline.displayName,
        operations: "",
        description: "GitHub Actions deployment identity (infra-live): creates preview apps, gives them secrets and deletes them",
      },
    ],
  };
}

/** One of the platform identities: the attack scenarios leave them alone (they pick from the rest as before they existed). */
export function isPlatformIdentity(tenant: Tenant, sp: ServicePrincipal): boolean {
  return Object.values(tenant.platform).includes(sp);
}

/** The apps the certificate-renewal service renews: those it owns. */
export function appsRenewedBy(tenant: Tenant): ServicePrincipal[] {
  const service = tenant.platform.certRenewal;
  return tenant.servicePrincipals.filter((sp) => sp.app?.owners.some((o) => o.kind === "servicePrincipal" && o.sp === service) === true);
}
