/**
 * The everyday directory operations on users, groups and devices, shaped as Entra writes them
 * (the companion of entra-operations.ts, which holds the application and role operations):
 *
 * - links ("Add member to group", "Add registered owner to device") target the member first,
 *   with the container's `Group.*` / `Device.*` properties, then the container itself;
 * - app role assignments to users target the resource service principal first (with the
 *   `AppRole.*` and `User.*` properties), then the user; removals carry the old values;
 * - password resets and changes list no modified properties (Entra never logs the password);
 * - device operations are in the `Device` category, targeting the device's directory object id.
 */
import { type RecordEnv, auditRecord, included, iso, prop, targetDevice, targetGroup, targetSp, targetUser } from "./audit-records.js";
import { type Common, OP, base } from "./entra-operations.js";
import type { Row } from "./tables.js";
import type { ServicePrincipal, User } from "./tenant-model.js";

export interface GroupRef {
  readonly id: string;
  readonly displayName: string;
  readonly description: string;
}

/** A device object: `deviceId` is what the device registered with, `objectId` its directory id. */
export interface DeviceRef {
  readonly objectId: string;
  readonly deviceId: string;
  readonly displayName: string;
  /** Entra's DeviceOSType: Windows, MacMDM, IPhone, AndroidForWork. */
  readonly osType: string;
  readonly osVersion: string;
  /** Entra's DeviceTrustType: AzureAd (joined), ServerAd (hybrid joined), Workplace (registered). */
  readonly trustType: string;
}

/** An application's role as assigned to users ("User", "msiam_access", or the default access role). */
export interface UserAppRole {
  readonly id: string;
  readonly value: string;
  readonly displayName: string;
}

export function removeMemberFromGroup(env: RecordEnv, c: Common & { user: User; group: GroupRef }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.removeMemberFromGroup,
    category: "GroupManagement",
    operationType: "Unassign",
    targets: [
      targetUser(c.user, [prop("Group.ObjectID", c.group.id, undefined), prop("Group.DisplayName", c.group.displayName, undefined)]),
      targetGroup(c.group),
    ],
  });
}

export function updateGroup(env: RecordEnv, c: Common & { group: GroupRef; property: string; oldValue: string; newValue: string }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.updateGroup,
    category: "GroupManagement",
    operationType: "Update",
    targets: [targetGroup(c.group, included([prop(c.property, [c.oldValue], [c.newValue])]))],
  });
}

export function addDevice(env: RecordEnv, c: Common & { device: DeviceRef }): Row {
  const d = c.device;
  const props = included([
    prop("AccountEnabled", [], [true]),
    prop("DeviceId", [], [d.deviceId]),
    prop("DeviceOSType", [], [d.osType]),
    prop("DeviceOSVersion", [], [d.osVersion]),
    prop("DeviceTrustType", [], [d.trustType]),
    prop("DisplayName", [], [d.displayName]),
  ]);
  return auditRecord(env, { ...base(c), operation: OP.addDevice, category: "Device", operationType: "Add", targets: [targetDevice(d, props)] });
}

/** The registration service's own record of a join or registration, after the device object exists. */
export function registerDevice(env: RecordEnv, c: Common & { device: DeviceRef }): Row {
  const d = c.device;
  return auditRecord(env, {
    ...base(c),
    operation: OP.registerDevice,
    category: "Device",
    operationType: "Add",
    targets: [targetDevice(d)],
    details: [
      { key: "Device Id", value: d.deviceId },
      { key: "Device OS", value: d.osType },
      { key: "Device Trust Type", value: d.trustType },
    ],
  });
}

export function updateDevice(env: RecordEnv, c: Common & { device: DeviceRef; property: string; oldValue: unknown; newValue: unknown }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.updateDevice,
    category: "Device",
    operationType: "Update",
    targets: [targetDevice(c.device, included([prop(c.property, [c.oldValue], [c.newValue])]))],
  });
}

/** "Add registered owner to device" or "Add registered users to device": the user first, then the device. */
export function addDeviceUser(env: RecordEnv, c: Common & { user: User; device: DeviceRef; as: "owner" | "user" }): Row {
  const props = [prop("Device.ObjectID", undefined, c.device.objectId), prop("Device.DisplayName", undefined, c.device.displayName)];
  return auditRecord(env, {
    ...base(c),
    operation: c.as === "owner" ? OP.addRegisteredOwner : OP.addRegisteredUser,
    category: "Device",
    operationType: "Assign",
    targets: [targetUser(c.user, props), targetDevice(c.device)],
  });
}

/** Entra's timestamp form in StsRefreshTokensValidFrom: whole seconds, Z. */
const stsTime = (ms: number): string => `${iso(Math.floor(ms / 1000) * 1000).slice(0, 19)}Z`;

/** Refresh tokens revoked ("Revoke sessions", or after a password reset): valid only from now on. */
export function revokeRefreshTokens(env: RecordEnv, c: Common & { user: User; previous: number }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: OP.revokeRefreshTokens,
    category: "UserManagement",
    operationType: "Update",
    targets: [targetUser(c.user, included([prop("StsRefreshTokensValidFrom", [stsTime(c.previous)], [stsTime(c.t)])]))],
  });
}

/** An admin's reset ("Reset user password") or the user's own change ("Change user password"). */
export function passwordOperation(env: RecordEnv, c: Common & { user: User; by: "admin" | "self" }): Row {
  return auditRecord(env, {
    ...base(c),
    operation: c.by === "admin" ? OP.resetPassword : OP.changePassword,
    category: "UserManagement",
    operationType: "Update",
    targets: [targetUser(c.user)],
  });
}

/** A user assigned to (or removed from) an enterprise application's role. */
export function userAppRoleAssignment(
  env: RecordEnv,
  c: Common & { user: User; resource: ServicePrincipal; role: UserAppRole; change: "add" | "remove" },
): Row {
  const when = iso(c.t);
  const values: [string, string][] = [
    ["AppRole.Id", c.role.id],
    ["AppRole.Value", c.role.value],
    ["AppRole.DisplayName", c.role.displayName],
    ["AppRoleAssignment.CreatedDateTime", when],
    ["AppRoleAssignment.LastModifiedDateTime", when],
    ["User.ObjectID", c.user.id],
    ["User.UPN", c.user.userPrincipalName],
    ["TargetId.ServicePrincipalNames", c.resource.appId],
  ];
  // An addition has only new values, a removal only old ones.
  const props = values.map(([name, v]) => (c.change === "add" ? prop(name, undefined, v) : prop(name, v, undefined)));
  return auditRecord(env, {
    ...base(c),
    operation: c.change === "add" ? OP.addUserAppRole : OP.removeUserAppRole,
    category: "UserManagement",
    operationType: c.change === "add" ? "Assign" : "Unassign",
    targets: [targetSp(c.resource, props), targetUser(c.user)],
  });
}
