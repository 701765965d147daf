/**
 * What the directory churn acts on, and who acts. From the tenant model: users, admins, the HR
 * sync and governance automation, enterprise (SaaS) apps and in-house app registrations. What the
 * model lacks is made up here, deterministically from the churn's own PRNG stream, and never
 * added to the model (tenant.json and every other generator stay as they were): groups, the
 * users' devices as directory objects, the role each enterprise app assigns users to, and the
 * Microsoft first-party services (Intune, Device Registration Service, Substrate) that change
 * devices and groups on their own.
 */
import { hrSyncApp } from "./benign-automation.js";
import { MICROSOFT_TENANT_ID } from "./directory-catalog.js";
import type { Rng } from "./prng.js";
import type { ServicePrincipal, Tenant, User } from "./tenant-model.js";
import { DEPARTMENTS } from "./tenant-names.js";
import type { DeviceRef, GroupRef, UserAppRole } from "./user-group-device-operations.js";

/** Microsoft services that write directory changes in every tenant (real application ids). */
const MICROSOFT_SERVICES = {
  intune: { appId: "0000000a-0000-0000-c000-000000000000", displayName: "Microsoft Intune" },
  deviceRegistration: { appId: "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9", displayName: "Device Registration Service" },
  substrate: { appId: "98db8bd6-0cc0-4e67-9de5-f187f1cd1b41", displayName: "Microsoft Substrate Management" },
} as const;

/** Tenant-wide groups every company of this size has, next to one team group and one security group per department. */
const COMMON_GROUPS: readonly (readonly [string, string])[] = [
  ["All Company", "Everyone in the organisation"],
  ["SG-VPN-Users", "Always-on VPN profile assignment"],
  ["SG-Intune-Windows-Pilot", "Early ring for Windows quality and feature updates"],
  ["SG-M365-E5-Licensed", "Group-based licensing: Microsoft 365 E5"],
  ["SG-M365-E3-Licensed", "Group-based licensing: Microsoft 365 E3"],
  ["SG-MFA-Registration-Campaign", "Users prompted to register the Authenticator app"],
  ["SG-Print-Seattle", "Printers at Seattle HQ"],
  ["SG-Print-Berlin", "Printers at the Berlin office"],
  ["SG-Laptop-Refresh-2026", "Hardware refresh wave"],
  ["Project Phoenix", "Cross-team project workspace"],
  ["Travel Approvers", "Approvers of travel requests"],
  ["Social Committee", "Office events and celebrations"],
];

export interface EnterpriseApp {
  readonly sp: ServicePrincipal;
  readonly role: UserAppRole;
}

export interface ChurnCatalog {
  readonly groups: readonly GroupRef[];
  /** The device of `tenant.users[i]`, as a directory object. */
  readonly devices: readonly DeviceRef[];
  readonly enterpriseApps: readonly EnterpriseApp[];
  /** Service principals admins tidy up (tags, notes): enterprise apps and in-house apps. */
  readonly servicePrincipals: readonly ServicePrincipal[];
  /** In-house service principals with an app registration in the tenant. */
  readonly applications: readonly ServicePrincipal[];
  readonly hrSync: ServicePrincipal;
  readonly governance: ServicePrincipal;
  readonly intune: ServicePrincipal;
  readonly deviceRegistration: ServicePrincipal;
  readonly substrate: ServicePrincipal;
}

function microsoftService(rng: Rng, s: { appId: string; displayName: string }): ServicePrincipal {
  return {
    id: rng.guid(),
    appId: s.appId,
    displayName: s.displayName,
    kind: "firstParty",
    servicePrincipalType: "Application",
    appOwnerTenantId: MICROSOFT_TENANT_ID,
    app: null,
    appRoles: [],
    delegatedGrants: [],
    signIn: null,
  };
}

const slug = (text: string): string => text.replace(/\s+/g, "-");

function groups(rng: Rng): GroupRef[] {
  const named: (readonly [string, string])[] = [...COMMON_GROUPS];
  for (const dept of [...DEPARTMENTS, "IT", "Engineering"]) {
    named.push([`${dept} Team`, `Microsoft 365 group of the ${dept} department`]);
    named.push([`SG-${slug(dept)}-Users`, `Security group: all ${dept} staff`]);
  }
  return named.map(([displayName, description]) => ({ id: rng.guid(), displayName, description }));
}

/** Windows build and macOS release a device reports (patch level varies by device). */
export function osVersion(rng: Rng, osType: string): string {
  if (osType === "MacMDM") return rng.pick(["14.6.1", "14.7", "15.0.1", "15.1"]);
  if (osType === "IPhone") return rng.pick(["17.6.1", "18.0.1", "18.1"]);
  if (osType === "AndroidForWork") return rng.pick(["13", "14", "15"]);
  return `10.0.${rng.pick(["22631", "26100"])}.${rng.int(4000, 4500)}`;
}

function userDevice(rng: Rng, user: User): DeviceRef {
  const d = user.device;
  const osType = d.operatingSystem === "MacOs" ? "MacMDM" : "Windows";
  return {
    objectId: rng.guid(),
    deviceId: d.deviceId,
    displayName: d.displayName,
    osType,
    osVersion: osVersion(rng, osType),
    trustType: d.trustType === "Hybrid Azure AD joined" ? "ServerAd" : d.trustType === "Azure AD joined" ? "AzureAd" : "Workplace",
  };
}

export function buildChurnCatalog(rng: Rng, tenant: Tenant): ChurnCatalog {
  const saas = tenant.servicePrincipals.filter((sp) => sp.kind === "saas");
  const inHouse = tenant.servicePrincipals.filter((sp) => sp.kind === "inHouse" && sp.app !== null);
  return {
    groups: groups(rng),
    devices: tenant.users.map((u) => userDevice(rng, u)),
    // SAML gallery apps assign msiam_access; OIDC apps a "User" role of their own.
    enterpriseApps: saas.map((sp) => {
      const value = rng.chance(0.5) ? "msiam_access" : "User";
      return { sp, role: { id: rng.guid(), value, displayName: value } };
    }),
    servicePrincipals: [...saas, ...inHouse],
    applications: inHouse,
    hrSync: hrSyncApp(tenant),
    governance: tenant.named.governanceAutomation,
    intune: microsoftService(rng, MICROSOFT_SERVICES.intune),
    deviceRegistration: microsoftService(rng, MICROSOFT_SERVICES.deviceRegistration),
    substrate: microsoftService(rng, MICROSOFT_SERVICES.substrate),
  };
}
