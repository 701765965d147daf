/**
 * A build agent's managed identity turned against the application it deploys: the identity is
 * Owner of the application's resource group so that pipelines can deploy it; an attacker on the
 * agent VM takes Key Vault and Storage tokens, then uses its ARM token for control-plane
 * operations the identity never performed before — listing the storage account keys, granting
 * itself a data role on the account, and adding itself to the vault's access policies.
 */
import { iso } from "./audit-records.js";
import { ARM_OPERATIONS, AZURE_ROLES, type ArmCallInput, type AzureRole, type RoleEvidence, armCall } from "./azure-activity-records.js";
import { firstPartyRef, isWeekday, miToken, startOfUtcDay, tenantManagedIdentity, utiOf, withinOneHour } from "./managed-identity-kit.js";
import { hostInPrefix, prefixesOf } from "../enrich/network-data.js";
import { type Emit, HOUR, MINUTE, type ScenarioDefinition, emit, enumParam, lastTime, spLabel } from "./scenario-kit.js";

const DAY = 24 * HOUR;
const SECOND = 1000;

/** What ARM records of a role assignment the caller makes to itself: the request and the created assignment. */
function selfAssignment(sub: string, scope: string, name: string, principalId: string, role: AzureRole, t: number) {
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  const roleDefinitionId = `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role.id}`;
  const principal = { principalId, principalType: "ServicePrincipal" };
  return {
    id,
    requestBody: { Id: name, Properties: { PrincipalId: principalId, PrincipalType: "ServicePrincipal", RoleDefinitionId: roleDefinitionId, Scope: scope, Condition: null, ConditionVersion: null } },
    responseBody: {
      properties: { roleDefinitionId, ...principal, scope, condition: null, conditionVersion: null, createdOn: iso(t + 600), updatedOn: iso(t + 600), createdBy: null, updatedBy: principalId, delegatedManagedIdentityResourceId: null, description: null },
      id,
      type: "Microsoft.Authorization/roleAssignments",
      name,
    },
  };
}

export const miKeyVaultStorageWrites: ScenarioDefinition = {
  name: "mi-keyvault-storage-writes",
  summary:
    "An attacker on the vm-build-agent-01 build agent uses its managed identity, Owner of the orders application's resource group, to take Key Vault and Storage tokens, list the storage account keys, grant itself a blob data role and add itself to the key vault's access policies",
  technique: "T1555.006",
  tactic: "CredentialAccess",
  params: {
    variant: enumParam("access: key listing, role assignment and access policy (RULE-11 High); ordinary: opens the storage account and adds a container (Medium)", [
      "access",
      "ordinary",
    ]),
  },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const { tenant } = env;
    const mi = tenantManagedIdentity(tenant, ["vm-build-agent-01"], ["func-orders-prod"]);
    const sub = tenant.subscriptionId;
    const rg = `/subscriptions/${sub}/resourceGroups/rg-orders-prod`;
    const suffix = rng.alnum(4).toLowerCase();
    const storageAccount = `${rg}/providers/Microsoft.Storage/storageAccounts/stordersprod${suffix}`;
    const vault = `${rg}/providers/Microsoft.KeyVault/vaults/kv-orders-prod-${suffix}`;
    const webApp = `${rg}/providers/Microsoft.Web/sites/app-orders-prod`;
    const evidence: RoleEvidence = { role: AZURE_ROLES.owner, scope: rg, assignmentId: rng.guid() };
    // The agent VM's public IP in Azure: where both its pipelines' and the attacker's calls come from.
    const vmIp = hostInPrefix(prefixesOf(8075)[0]!, rng.int(0, 1_000_000));
    const arm = firstPartyRef(tenant, "arm");
    const call = (t: number, token: Emit, p: Pick<ArmCallInput, "op" | "resourceId" | "durationMs" | "requestBody" | "responseBody">): Emit[] =>
      armCall(env, { t, caller: mi, callerIp: vmIp, token: { uti: utiOf(token), issuedAt: token.t }, evidence, ...p }).map((r) => emit("AzureActivity", r));

    const start = withinOneHour(at + rng.int(1, 5) * MINUTE, 12 * MINUTE);
    // Releases of the orders app over the previous two weeks, in the Seattle team's working day
    // (08:30-16:30 local, 16:30-00:30 UTC): an ARM token, the template deployment, the web app
    // update it makes, and a restart once the package is in.
    const context: Emit[] = [];
    for (let d = 13; d >= 1; d--) {
      const day = startOfUtcDay(start) - d * DAY;
      if (!isWeekday(day)) continue;
      for (let k = rng.int(1, 2); k > 0; k--) {
        const t0 = day + 16 * HOUR + 30 * MINUTE + rng.int(0, 479) * MINUTE + rng.int(0, 59) * SECOND;
        if (t0 > start - HOUR) continue;
        const token = miToken(env, mi, arm, t0);
        const deployAt = t0 + rng.int(20, 60) * SECOND;
        const deployMs = rng.int(60, 180) * SECOND;
        const deployment = `${rg}/providers/Microsoft.Resources/deployments/orders-${iso(deployAt).slice(0, 10).replaceAll("-", "")}-${rng.int(1000, 9999)}`;
        context.push(token, ...call(deployAt, token, { op: ARM_OPERATIONS.deployment, resourceId: deployment, durationMs: deployMs }));
        const updateAt = deployAt + rng.int(20, 40) * SECOND;
        context.push(...call(updateAt, token, { op: ARM_OPERATIONS.writeWebApp, resourceId: webApp, durationMs: rng.int(2_000, 8_000) }));
        const restartAt = deployAt + deployMs + rng.int(30, 90) * SECOND;
        context.push(...call(restartAt, token, { op: ARM_OPERATIONS.restartWebApp, resourceId: webApp, durationMs: rng.int(1_000, 4_000) }));
      }
    }
    context.sort((a, b) => a.t - b.t);

    const emits: Emit[] = [];
    let t = start;
    const step = (lo: number, hi: number) => (t += rng.int(lo, hi) * SECOND);
    if (params.variant === "ordinary") {
      emits.push(miToken(env, mi, firstPartyRef(tenant, "storage"), t));
      const token = miToken(env, mi, arm, step(60, 150));
      emits.push(token);
      emits.push(...call(step(30, 60), token, { op: ARM_OPERATIONS.writeStorageAccount, resourceId: storageAccount, durationMs: rng.int(1_500, 6_000) }));
      const container = `${storageAccount}/blobServices/default/containers/export-tmp`;
      emits.push(...call(step(60, 120), token, { op: ARM_OPERATIONS.writeBlobContainer, resourceId: container, durationMs: rng.int(300, 1_200) }));
    } else {
      // Data-plane reconnaissance first (refused: the identity has no data access), then the control plane.
      emits.push(miToken(env, mi, firstPartyRef(tenant, "keyVault"), t), miToken(env, mi, firstPartyRef(tenant, "storage"), step(5, 20)));
      const token = miToken(env, mi, arm, step(60, 150));
      emits.push(token);
      emits.push(...call(step(30, 60), token, { op: ARM_OPERATIONS.listStorageKeys, resourceId: storageAccount, durationMs: rng.int(300, 900) }));
      const assignment = rng.guid();
      const assignedAt = step(90, 150);
      const { id, ...bodies } = selfAssignment(sub, storageAccount, assignment, mi.id, AZURE_ROLES.storageBlobDataReader, assignedAt);
      emits.push(...call(assignedAt, token, { op: ARM_OPERATIONS.roleAssignment, resourceId: id, durationMs: rng.int(800, 2_500), ...bodies }));
      emits.push(
        ...call(step(60, 120), token, {
          op: ARM_OPERATIONS.keyVaultAccessPolicy,
          resourceId: `${vault}/accessPolicies/add`,
          durationMs: rng.int(1_000, 3_000),
          requestBody: { properties: { accessPolicies: [{ tenantId: tenant.id, objectId: mi.id, permissions: { secrets: ["get", "list"] } }] } },
        }),
      );
    }
    emits.sort((a, b) => a.t - b.t);
    return {
      emits,
      context,
      identities: [spLabel("compromised", mi)],
      expectedRules: ["RULE-11"],
      evaluateAt: lastTime(emits) + 10 * MINUTE,
      notes:
        "The context is the identity's usual control-plane work (deployments, web app updates and restarts of the orders app on weekdays over the previous two weeks), so only the attack's operations are new for it. AzureActivity's Caller is the identity's object id; its Claims carry the uti of the ARM token's sign-in.",
    };
  },
};
