/**
 * The simulated tenant: who and what exists, independent of any log record. Generators and
 * scenarios read it to write records that agree with each other (the key id a sign-in presents
 * is a credential the audit log added; the owner who adds a secret is an owner of the app).
 * It is written to `tenant.json` so triage can look objects up the way it would query Graph.
 */
import type { DirectoryRole, GraphAppRole } from "./directory-catalog.js";
import type { NetworkPrefix } from "../enrich/network-data.js";

export type CredentialType = "Password" | "AsymmetricX509Cert" | "Federated";

export interface Credential {
  readonly keyId: string;
  readonly type: CredentialType;
  readonly displayName: string;
  /** Epoch ms. */
  readonly start: number;
  /** Epoch ms; null for federated credentials (they do not expire). */
  readonly end: number | null;
  readonly thumbprint?: string;
  readonly issuer?: string;
  readonly subject?: string;
}

export interface Egress {
  readonly ip: string;
  readonly prefix: NetworkPrefix;
}

export interface Office {
  readonly name: string;
  /** Named location the office's egress belongs to (Conditional Access "trusted"). */
  readonly namedLocation: string;
  readonly country: string;
  readonly tzOffsetHours: number;
  readonly egress: readonly Egress[];
  /** The office's IPv6 egress (dual-stack sites: browsers and tools prefer IPv6 when they can). */
  readonly egress6: readonly Egress[];
}

export interface Device {
  readonly deviceId: string;
  readonly displayName: string;
  readonly operatingSystem: string;
  readonly browser: string;
  readonly userAgent: string;
  readonly trustType: string;
  readonly isCompliant: boolean;
  readonly isManaged: boolean;
}

export type UserRole = "admin" | "engineer" | "staff";

export interface User {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly department: string;
  readonly jobTitle: string;
  readonly role: UserRole;
  /** PIM-eligible directory roles (activated just in time before privileged changes). */
  readonly eligibleRoles: readonly DirectoryRole[];
  readonly office: Office | null;
  readonly tzOffsetHours: number;
  readonly home: Egress;
  readonly device: Device;
}

export type WorkloadKind = "firstParty" | "saas" | "inHouse" | "cicd" | "automation" | "managedIdentity";

export interface AppRoleGrant {
  readonly assignmentId: string;
  readonly role: GraphAppRole;
}

export interface DelegatedGrant {
  readonly id: string;
  readonly scope: string;
  readonly consentType: "AllPrincipals" | "Principal";
}

export type Owner = { readonly kind: "user"; readonly user: User } | { readonly kind: "servicePrincipal"; readonly sp: ServicePrincipal };

export interface Application {
  readonly objectId: string;
  readonly appId: string;
  readonly displayName: string;
  readonly signInAudience: "AzureADMyOrg" | "AzureADMultipleOrgs";
  readonly createdAt: number;
  readonly owners: Owner[];
  /** Every credential the app has had, oldest first (rotations append). */
  readonly credentials: Credential[];
  /** Rotated by the secret-rotation automation every `everyDays` (else by hand, or never). */
  readonly rotation: { readonly everyDays: number } | null;
}

export type SignInPattern = "business" | "flat" | "cron" | "nightly";

export interface ResourceRef {
  readonly appId: string;
  readonly displayName: string;
  readonly servicePrincipalId: string;
}

export interface SignInProfile {
  /** Mean client-credential sign-ins per hour at the pattern's peak. */
  readonly ratePerHour: number;
  readonly pattern: SignInPattern;
  readonly cronMinute: number;
  readonly egress: readonly Egress[];
  readonly resources: readonly ResourceRef[];
  readonly userAgent: string;
  readonly credentialType: "clientSecret" | "clientAssertion" | "federatedIdentityCredential" | "managedIdentity";
}

export interface ServicePrincipal {
  readonly id: string;
  readonly appId: string;
  readonly displayName: string;
  readonly kind: WorkloadKind;
  readonly servicePrincipalType: "Application" | "ManagedIdentity";
  readonly appOwnerTenantId: string;
  /** The tenant's own application object (in-house, CI/CD, automation); null for others. */
  readonly app: Application | null;
  readonly appRoles: AppRoleGrant[];
  readonly delegatedGrants: DelegatedGrant[];
  readonly signIn: SignInProfile | null;
  /** Managed identities: the Azure resource the identity belongs to. */
  readonly managedResourceId?: string;
  /** Multi-tenant apps: the key id their home-tenant credential presents. */
  readonly foreignKeyId?: string;
}

/**
 * Identities whose routine changes the benign month is made of and a naive rule fires on: a
 * Terraform deployment identity and a certificate-renewal service (each with weeks of history
 * before the period, as a real workspace has), the Managed Service Identity service that rolls
 * managed identities' certificates, a cloud job whose secret expires and keeps being retried,
 * and an app used only through users' (delegated) sign-ins.
 */
export interface PlatformObjects {
  /** Creates a few apps with secrets on every deployment, as it always has. */
  readonly terraform: ServicePrincipal;
  /** Adds a renewed certificate to the apps it manages every week. */
  readonly certRenewal: ServicePrincipal;
  /** Microsoft's "Managed Service Identity" service principal (appId ef5d5c69-…): rolls MI certificates. */
  readonly msiService: ServicePrincipal;
  /** A cloud job whose only secret expires mid-period and which keeps presenting it. */
  readonly expiringJob: ServicePrincipal;
  /** An in-house web app without credentials, used only through users' sign-ins. */
  readonly delegatedApp: ServicePrincipal;
}

/** A row of the AutomationIdentities watchlist (known automation whose routine changes are expected). */
export interface AutomationEntry {
  readonly identityId: string;
  readonly displayName: string;
  /** OperationNames the identity is known for, ";"-separated; empty: any. */
  readonly operations: string;
  readonly description: string;
}

export interface AllowlistEntry {
  readonly searchKey: string;
  readonly ipOrRange: string;
  readonly description: string;
}

/** The tenant objects scenarios and benign generators refer to by purpose. */
export interface NamedObjects {
  /** In-house app with Directory.ReadWrite.All and a client secret: the juiciest backdoor target. */
  readonly privilegedApp: ServicePrincipal;
  /** The app of the seed investigation (Sites.Read.All, a secret, human owners). */
  readonly sharepointApp: ServicePrincipal;
  /** Provisioning automation holding Application.ReadWrite.All (can create apps). */
  readonly provisioningBot: ServicePrincipal;
  /** Governance automation holding AppRoleAssignment.ReadWrite.All (can grant app roles). */
  readonly governanceAutomation: ServicePrincipal;
  /** An ordinary reporting app (Reports.Read.All). */
  readonly reportingApp: ServicePrincipal;
  /** The secret-rotation automation (Application.ReadWrite.OwnedBy, owns rotated apps). */
  readonly rotator: ServicePrincipal;
  /** The known CI/CD automation identity whose pipelines create SPs in bursts. */
  readonly pipeline: ServicePrincipal;
  /** An app whose only secret expires inside the default period. */
  readonly legacyApp: ServicePrincipal;
}

export interface Tenant {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly domain: string;
  readonly users: readonly User[];
  readonly admins: readonly User[];
  readonly servicePrincipals: ServicePrincipal[];
  readonly firstParty: Readonly<Record<string, ServicePrincipal>>;
  readonly offices: readonly Office[];
  readonly vpnGateway: Egress;
  readonly allowlist: readonly AllowlistEntry[];
  /** The AutomationIdentities watchlist the tenant's admins keep. */
  readonly automation: readonly AutomationEntry[];
  readonly named: NamedObjects;
  readonly platform: PlatformObjects;
  /** Azure subscription of the tenant's resources (managed identities' resource ids). */
  readonly subscriptionId: string;
}
