/**
 * The rule family of an alert, and the recommended actions for a family and a verdict, from
 * Microsoft's playbook for compromised and malicious applications: disable the service
 * principal, remove the credential that was added (by its key id), revoke consents and app-role
 * assignments, review owners, revoke the initiator's sessions, rotate the secrets the app holds,
 * hunt for the same address elsewhere. Each action names the exact objects and gives the
 * Microsoft Graph PowerShell and Azure CLI commands a responder would run — printed, never run.
 *
 * Object ids come from the logs (attacker-controlled): only a GUID is written into a command, and
 * only a well-formed address into a query; anything else becomes a placeholder to fill in.
 */
import type { Alert } from "../store/model.js";
import { looksLikeIp } from "./subjects.js";
import type { Activity, RecommendedAction, VerdictLabel } from "./model.js";

export type Family = "credential" | "creation" | "permission" | "sign-in" | "managed identity" | "risk" | "policy" | "other";

export function familyOf(alert: Alert): Family {
  const t = `${alert.ruleName} ${alert.displayName}`.toLowerCase();
  const tech = alert.techniques;
  if (/managed identity/.test(t)) return "managed identity";
  if (/identity protection|risk/.test(t)) return "risk";
  if (/conditional access/.test(t)) return "policy";
  if (tech.includes("T1098.001") || /credential|secret|certificate|redirect|reply url|multi-tenant/.test(t)) return "credential";
  if (tech.includes("T1136.003") || /created|creation/.test(t)) return "creation";
  if (tech.includes("T1098.003") || tech.includes("T1528") || /permission|consent|app role|role/.test(t)) return "permission";
  if (/sign-in|signin|token|brute|spike|access/.test(t)) return "sign-in";
  return "other";
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A GUID from the logs, or a placeholder when the value is not one. */
export const guidOr = (v: string | undefined, placeholder: string): string => (v !== undefined && GUID.test(v) ? v.toLowerCase() : `<${placeholder}>`);

export interface ActionSubjects {
  readonly initiator?: { readonly name: string; readonly id: string; readonly kind: string };
  readonly targets: readonly { readonly name: string; readonly id: string; readonly appId: string; readonly kind: string }[];
  readonly ips: readonly string[];
  readonly activities: readonly Activity[];
}

function addedKeys(s: ActionSubjects): { targetId: string; keyId: string; type: string; onApplication: boolean }[] {
  const out: { targetId: string; keyId: string; type: string; onApplication: boolean }[] = [];
  for (const a of s.activities)
    for (const c of a.changes)
      if (c.what === "credential added" && c.details.keyId)
        out.push({ targetId: a.targetId, keyId: c.details.keyId, type: c.details.type ?? "", onApplication: /application/i.test(a.operationName) });
  return out;
}

const ps = (text: string) => ({ tool: "Microsoft Graph PowerShell" as const, text });
const az = (text: string) => ({ tool: "Azure CLI" as const, text });
const kql = (text: string) => ({ tool: "KQL" as const, text });

export function recommendedActions(family: Family, verdict: VerdictLabel, s: ActionSubjects): RecommendedAction[] {
  if (verdict === "benign")
    return [{ title: "No action: the activity is expected", why: "The evidence points to expected activity (see the reasons). Close the incident as BenignPositive / SuspiciousButExpected if you agree.", commands: [] }];
  const out: RecommendedAction[] = [];
  const target = s.targets[0];
  const appId = guidOr(target?.appId, "application (client) id");
  const spId = guidOr(target?.kind === "service principal" ? target.id : undefined, "service principal object id");
  const appObjectId = guidOr(target?.kind === "application" ? target.id : undefined, "application object id");
  const urgent = verdict === "malicious";
  if (family === "credential" || family === "creation" || family === "sign-in" || family === "risk" || family === "permission") {
    for (const k of addedKeys(s).slice(0, 5)) {
      const key = guidOr(k.keyId, "key id");
      out.push({
        title: `Remove the credential that was added (key ${key})`,
        why: "Whoever holds it can sign in as the application; removing it ends that access without touching the legitimate credentials.",
        commands: k.onApplication
          ? [ps(`Remove-MgApplicationPassword -ApplicationId ${guidOr(k.targetId, "application object id")} -KeyId ${key}`), az(`az ad app credential delete --id ${appId} --key-id ${key}`)]
          : [ps(`Remove-MgServicePrincipalPassword -ServicePrincipalId ${guidOr(k.targetId, "service principal object id")} -KeyId ${key}`), az(`az ad sp credential delete --id ${appId} --key-id ${key}`)],
      });
    }
    if (target !== undefined)
      out.push({
        title: `${urgent ? "Disable" : "Consider disabling"} the service principal ${target.name}`,
        why: "A disabled service principal cannot get tokens: it contains the application while you investigate, and is undone by enabling it again.",
        commands: [
          ps(spId.startsWith("<") ? `Update-MgServicePrincipal -ServicePrincipalId (Get-MgServicePrincipal -Filter "appId eq '${appId}'").Id -AccountEnabled:$false` : `Update-MgServicePrincipal -ServicePrincipalId ${spId} -AccountEnabled:$false`),
          az(`az ad sp update --id ${spId.startsWith("<") ? appId : spId} --set accountEnabled=false`),
        ],
      });
  }
  if (family === "permission" || family === "credential" || family === "creation") {
    out.push({
      title: "Revoke consents and app-role assignments the application was given",
      why: "Permissions granted to a malicious or compromised application are what it uses; revoke those not justified by its owner.",
      commands: [
        ps(`Get-MgServicePrincipalOauth2PermissionGrant -ServicePrincipalId ${spId} | Remove-MgOauth2PermissionGrant`),
        ps(`Get-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ${spId} | ForEach-Object { Remove-MgServicePrincipalAppRoleAssignment -ServicePrincipalId ${spId} -AppRoleAssignmentId $_.Id }`),
        az(`az rest --method GET --uri https://graph.microsoft.com/v1.0/servicePrincipals/${spId}/appRoleAssignments`),
      ],
    });
    out.push({
      title: "Review the application's owners",
      why: "An owner can add credentials at will; an owner added just before the change is how the attacker came in.",
      commands: [ps(`Get-MgApplicationOwner -ApplicationId ${appObjectId}`), az(`az ad app owner list --id ${appId}`)],
    });
  }
  if (family === "creation")
    out.push({
      title: "Review the service principals that were created, and delete those nobody owns",
      why: "Each new service principal can hold its own credentials: persistence that survives removing the first one.",
      commands: s.targets.slice(0, 5).map((t) => ps(`Remove-MgServicePrincipal -ServicePrincipalId ${guidOr(t.id, "service principal object id")}`)),
    });
  if (family === "managed identity")
    out.push({
      title: "Review what the managed identity can reach",
      why: "A managed identity's token is as strong as its Azure role assignments; remove the ones its workload does not need.",
      commands: [az(`az role assignment list --assignee ${guidOr(s.initiator?.id ?? target?.id, "managed identity principal id")} --all`)],
    });
  if (family === "risk")
    out.push({
      title: "Confirm the compromise in Identity Protection, or dismiss it",
      why: "Confirming feeds Microsoft's detections and keeps the risk on record; dismiss only what you have shown to be benign.",
      commands: [ps(`Confirm-MgRiskyServicePrincipalCompromised -ServicePrincipalIds ${spId}`), ps(`Invoke-MgDismissRiskyServicePrincipal -ServicePrincipalIds ${spId}`)],
    });
  if (family === "policy")
    out.push({
      title: "Review the Conditional Access change and restore the policy",
      why: "Excluding workload identities from a policy removes a control without anyone noticing.",
      commands: [ps(`Get-MgIdentityConditionalAccessPolicy -ConditionalAccessPolicyId ${guidOr(target?.id, "policy id")}`)],
    });
  if (s.initiator?.kind === "user" && urgent)
    out.push({
      title: `Revoke ${s.initiator.name}'s sessions and reset their credentials`,
      why: "The account that made the change may be compromised itself.",
      commands: [
        ps(`Revoke-MgUserSignInSession -UserId ${guidOr(s.initiator.id, "user object id")}`),
        az(`az rest --method POST --uri https://graph.microsoft.com/v1.0/users/${guidOr(s.initiator.id, "user object id")}/revokeSignInSessions`),
      ],
    });
  if (family === "credential" || family === "sign-in" || family === "risk")
    out.push({
      title: "Rotate the secrets the application can read",
      why: "Key Vault secrets, storage keys and connection strings the application reached may have been read with its identity.",
      commands: [],
    });
  const ips = s.ips.filter(looksLikeIp).slice(0, 5);
  if (ips.length > 0)
    out.push({
      title: "Hunt for the same addresses elsewhere in the tenant",
      why: "An attacker's infrastructure rarely touches one object only.",
      commands: [
        kql(
          `let Addresses = dynamic([${ips.map((i) => JSON.stringify(i)).join(", ")}]);\nunion isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs, AADServicePrincipalSignInLogs,\n    (AuditLogs | extend IPAddress = tostring(InitiatedBy.user.ipAddress))\n| where TimeGenerated > ago(30d) and IPAddress in (Addresses)\n| summarize Records = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by Type, IPAddress`,
        ),
      ],
    });
  return out;
}
