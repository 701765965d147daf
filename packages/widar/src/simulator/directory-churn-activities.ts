/**
 * The activities of directory churn: one planner per kind, choosing who does what to which
 * object (from the plan stream) and returning the activity's records as steps, each built only
 * when it is written (records stream), so an hour's plan holds no rows.
 *
 * Every kind is routine work the workload-identity rule pack does not alert on: nothing adds a
 * credential, an owner, a reply URL, an audience, a permission or a role to an application or a
 * service principal, and nothing touches Conditional Access. Service principals and applications
 * only get their tags and notes edited.
 */
import { type Initiator, type RecordEnv, prop } from "./audit-records.js";
import { type ChurnCatalog, osVersion } from "./directory-churn-catalog.js";
import { type Common, addMemberToGroup, updateApplication, updateServicePrincipal, updateUser } from "./entra-operations.js";
import type { Rng } from "./prng.js";
import type { Row } from "./tables.js";
import type { Egress, ServicePrincipal, Tenant, User } from "./tenant-model.js";
import { ADMIN_TITLES, DEPARTMENTS, ENGINEER_TITLES, STAFF_TITLES } from "./tenant-names.js";
import {
  type DeviceRef,
  addDevice,
  addDeviceUser,
  passwordOperation,
  registerDevice,
  removeMemberFromGroup,
  revokeRefreshTokens,
  updateDevice,
  updateGroup,
  userAppRoleAssignment,
} from "./user-group-device-operations.js";
import { USER_AGENTS } from "./user-agents.js";

const DAY = 86_400_000;

export interface ChurnContext {
  /** Plan stream: every choice of actor, object and value. */
  readonly rng: Rng;
  /** Records stream: record ids and correlation ids drawn while building rows. */
  readonly env: RecordEnv;
  readonly tenant: Tenant;
  readonly cat: ChurnCatalog;
}

/** One record of an activity: its offset from the activity's start, and how to build it at time t. */
export interface Step {
  readonly dt: number;
  readonly build: (t: number) => Row;
}

export type ChurnKind =
  | "hrUpdateUser"
  | "adminUpdateUser"
  | "addMember"
  | "removeMember"
  | "updateGroup"
  | "deviceCompliance"
  | "deviceOsUpdate"
  | "registerDevice"
  | "revokeSessions"
  | "resetPassword"
  | "changePassword"
  | "grantAppRole"
  | "removeAppRole"
  | "updateServicePrincipal"
  | "updateApplication";

/** Graph's own error texts for the failures these operations commonly hit. */
const FAILURES = {
  memberExists: "One or more added object references already exist for the following modified properties: 'members'.",
  passwordPolicy: "The specified password does not comply with password complexity requirements. Please provide a different password.",
  assignmentExists: "Permission being assigned already exists on the object",
} as const;

const failure = (rng: Rng, p: number, reason: string): Pick<Common, "result" | "resultReason"> =>
  rng.chance(p) ? { result: "failure", resultReason: reason } : {};

const egressOf = (rng: Rng, user: User): Egress => (user.office !== null && rng.chance(0.7) ? rng.pick(user.office.egress) : user.home);

function admin(c: ChurnContext): Initiator {
  const user = c.rng.pick(c.tenant.admins);
  const ua = c.rng.chance(0.75) ? USER_AGENTS.edgeWindows : USER_AGENTS.graphPowerShell;
  return { kind: "user", user, ip: egressOf(c.rng, user).ip, userAgent: ua };
}

const self = (c: ChurnContext, user: User): Initiator => ({ kind: "user", user, ip: egressOf(c.rng, user).ip, userAgent: user.device.userAgent });

/** Microsoft's own services call the directory without a client User-Agent. */
const service = (sp: ServicePrincipal, userAgent = ""): Initiator => ({ kind: "app", sp, userAgent });

const one = (build: (t: number) => Row): Step[] => [{ dt: 0, build }];

const phone = (rng: Rng): string => `+1 206 555 ${String(rng.int(0, 9999)).padStart(4, "0")}`;

/** An attribute the HR system owns, with its value before and after (Entra's internal attribute names). */
function hrAttribute(c: ChurnContext, user: User): [string, string, string] {
  const { rng, tenant } = c;
  const titles = user.role === "admin" ? ADMIN_TITLES : user.role === "engineer" ? ENGINEER_TITLES : STAFF_TITLES;
  switch (rng.weighted(["JobTitle", "Department", "TelephoneNumber", "Mobile", "PhysicalDeliveryOfficeName", "EmployeeId"], [5, 2, 3, 3, 2, 1])) {
    case "JobTitle":
      return ["JobTitle", user.jobTitle, rng.pick(titles)];
    case "Department":
      return ["Department", user.department, rng.pick(DEPARTMENTS)];
    case "TelephoneNumber":
      return ["TelephoneNumber", phone(rng), phone(rng)];
    case "Mobile":
      return ["Mobile", phone(rng), phone(rng)];
    case "PhysicalDeliveryOfficeName":
      return ["PhysicalDeliveryOfficeName", user.office?.name ?? "Remote", rng.pick([...tenant.offices.map((o) => o.name), "Remote"])];
    default:
      return ["EmployeeId", "", String(rng.int(100000, 999999))];
  }
}

function newDevice(rng: Rng): DeviceRef {
  const mobile = rng.chance(0.35);
  const osType = mobile ? rng.pick(["IPhone", "AndroidForWork"]) : "Windows";
  return {
    objectId: rng.guid(),
    deviceId: rng.guid(),
    displayName: mobile ? (osType === "IPhone" ? "iPhone" : rng.pick(["Pixel 8", "Galaxy S24"])) : `DESKTOP-${rng.alnum(7)}`,
    osType,
    osVersion: osVersion(rng, osType),
    // Phones are registered (BYOD); new Windows laptops join through Autopilot.
    trustType: mobile ? "Workplace" : "AzureAd",
  };
}

const TAGS = ["team:finance", "team:sales", "team:platform", "env:prod", "env:test", "costcenter:4410", "costcenter:5120", "tier:2"];
const NOTES = [
  "Owner: platform team. Questions to #identity-ops.",
  "Reviewed in the quarterly access review.",
  "Vendor contact in the contract register.",
  "Used by the finance close process; do not disable.",
  "Retire after the CRM migration.",
];
const GROUP_DESCRIPTIONS = ["Membership reviewed quarterly", "Owned by IT service desk", "Managed by HR provisioning", "Contact the group owners to join"];

export const ACTIVITIES: Readonly<Record<ChurnKind, (c: ChurnContext) => Step[]>> = {
  hrUpdateUser: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const [property, oldValue, newValue] = hrAttribute(c, user);
    const who = service(c.cat.hrSync, USER_AGENTS.msalDotnet);
    return one((t) => updateUser(c.env, { t, who, user, property, oldValue, newValue }));
  },
  adminUpdateUser: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const who = admin(c);
    const [property, oldValue, newValue] = c.rng.chance(0.4) ? ["UsageLocation", "US", c.rng.pick(["DE", "GB", "IN"])] : hrAttribute(c, user);
    return one((t) => updateUser(c.env, { t, who, user, property, oldValue, newValue }));
  },
  addMember: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const group = c.rng.pick(c.cat.groups);
    const who = c.rng.chance(0.5) ? admin(c) : service(c.cat.hrSync, USER_AGENTS.msalDotnet);
    const outcome = failure(c.rng, 0.03, FAILURES.memberExists);
    return one((t) => addMemberToGroup(c.env, { t, who, user, groupId: group.id, groupName: group.displayName, ...outcome }));
  },
  removeMember: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const group = c.rng.pick(c.cat.groups);
    const who = c.rng.chance(0.5) ? admin(c) : service(c.cat.hrSync, USER_AGENTS.msalDotnet);
    return one((t) => removeMemberFromGroup(c.env, { t, who, user, group }));
  },
  updateGroup: (c) => {
    const group = c.rng.pick(c.cat.groups);
    // Microsoft 365 groups are also edited from Exchange and Teams, which write back through Substrate.
    const who = c.rng.chance(0.6) ? admin(c) : service(c.cat.substrate);
    const newValue = c.rng.pick(GROUP_DESCRIPTIONS);
    return one((t) => updateGroup(c.env, { t, who, group, property: "Description", oldValue: group.description, newValue }));
  },
  deviceCompliance: (c) => {
    const device = c.rng.pick(c.cat.devices);
    const nowCompliant = c.rng.chance(0.6);
    const who = service(c.cat.intune);
    return one((t) => updateDevice(c.env, { t, who, device, property: "IsCompliant", oldValue: !nowCompliant, newValue: nowCompliant }));
  },
  deviceOsUpdate: (c) => {
    const device = c.rng.pick(c.cat.devices);
    // An update moves forward: a later Windows build, the next macOS patch.
    const parts = device.osVersion.split(".");
    parts[parts.length - 1] = String(Number(parts[parts.length - 1]) + (device.osType === "Windows" ? c.rng.int(30, 300) : 1));
    const newValue = parts.join(".");
    const who = service(c.cat.deviceRegistration);
    return one((t) => updateDevice(c.env, { t, who, device, property: "DeviceOSVersion", oldValue: device.osVersion, newValue }));
  },
  registerDevice: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const device = newDevice(c.rng);
    const who = service(c.cat.deviceRegistration);
    const correlationId = c.rng.guid();
    const at = [0, c.rng.int(500, 3_000), c.rng.int(3_500, 6_000), c.rng.int(6_500, 12_000)];
    return [
      { dt: at[0]!, build: (t) => addDevice(c.env, { t, who, device, correlationId }) },
      { dt: at[1]!, build: (t) => addDeviceUser(c.env, { t, who, user, device, as: "owner", correlationId }) },
      { dt: at[2]!, build: (t) => addDeviceUser(c.env, { t, who, user, device, as: "user", correlationId }) },
      { dt: at[3]!, build: (t) => registerDevice(c.env, { t, who, device, correlationId }) },
    ];
  },
  revokeSessions: (c) => {
    const user = c.rng.pick(c.tenant.users);
    const who = admin(c);
    const age = c.rng.int(DAY, 120 * DAY);
    return one((t) => revokeRefreshTokens(c.env, { t, who, user, previous: t - age }));
  },
  resetPassword: (c) => passwordSteps(c, "admin"),
  changePassword: (c) => passwordSteps(c, "self"),
  grantAppRole: (c) => appRoleSteps(c, "add"),
  removeAppRole: (c) => appRoleSteps(c, "remove"),
  updateServicePrincipal: (c) => {
    const sp = c.rng.pick(c.cat.servicePrincipals);
    const who = admin(c);
    // "Visible to users?" in the portal is the HideApp tag.
    const integrated = "WindowsAzureActiveDirectoryIntegratedApp";
    const hide = c.rng.chance(0.5);
    const change = c.rng.chance(0.5)
      ? prop("Tags", [hide ? [integrated] : [integrated, "HideApp"]], [hide ? [integrated, "HideApp"] : [integrated]])
      : prop("Notes", [], [c.rng.pick(NOTES)]);
    return one((t) => updateServicePrincipal(c.env, { t, who, sp, props: [change] }));
  },
  updateApplication: (c) => {
    const sp = c.rng.pick(c.cat.applications);
    const app = sp.app!;
    // An engineer who owns the app edits its registration; otherwise an admin does.
    const owners = app.owners.flatMap((o) => (o.kind === "user" ? [o.user] : []));
    const who = owners.length > 0 && c.rng.chance(0.6) ? self(c, c.rng.pick(owners)) : admin(c);
    const change = c.rng.chance(0.5) ? prop("Tags", [[]], [[c.rng.pick(TAGS)]]) : prop("Notes", [], [c.rng.pick(NOTES)]);
    return one((t) => updateApplication(c.env, { t, who, app, props: [change] }));
  },
};

/** A password reset by an admin or a change by the user; when it succeeds, the user's refresh tokens are revoked. */
function passwordSteps(c: ChurnContext, by: "admin" | "self"): Step[] {
  const user = c.rng.pick(c.tenant.users);
  const who = by === "admin" ? admin(c) : self(c, user);
  const outcome = failure(c.rng, by === "admin" ? 0.04 : 0.06, FAILURES.passwordPolicy);
  const correlationId = c.rng.guid();
  const steps: Step[] = [{ dt: 0, build: (t) => passwordOperation(c.env, { t, who, user, by, correlationId, ...outcome }) }];
  if (outcome.result === undefined) {
    const age = c.rng.int(14 * DAY, 180 * DAY);
    steps.push({ dt: c.rng.int(200, 2_000), build: (t) => revokeRefreshTokens(c.env, { t, who, user, previous: t - age, correlationId }) });
  }
  return steps;
}

/** A user assigned to or removed from an enterprise app, by an admin or an access package's governance automation. */
function appRoleSteps(c: ChurnContext, change: "add" | "remove"): Step[] {
  const user = c.rng.pick(c.tenant.users);
  const { sp: resource, role } = c.rng.pick(c.cat.enterpriseApps);
  const who = c.rng.chance(0.7) ? admin(c) : service(c.cat.governance, USER_AGENTS.msalDotnet);
  const outcome = change === "add" ? failure(c.rng, 0.03, FAILURES.assignmentExists) : {};
  return one((t) => userAppRoleAssignment(c.env, { t, who, user, resource, role, change, ...outcome }));
}
