/**
 * What an audit record changed, decoded from its TargetResources' modifiedProperties as Entra
 * writes them (the audit-activity reference's shapes): credentials added and removed (key id,
 * type, display name, validity), federated credentials, reply URLs, requested permissions,
 * app roles granted, consents, owners, audience and enablement; anything else as old → new.
 * Values are attacker-controlled text: kept as text here, neutralised where they are rendered.
 */
import type { Json } from "@widar/kql";
import type { Change } from "./model.js";

type Prop = { displayName?: Json; oldValue?: Json; newValue?: Json };

/** A JSON value that Entra writes as JSON text inside a string (often twice). */
function parsed(v: Json | undefined): Json {
  let x: Json = v ?? null;
  for (let i = 0; i < 2 && typeof x === "string"; i++) {
    const t = x.trim();
    if (!(t.startsWith("[") || t.startsWith("{") || t.startsWith('"'))) break;
    try {
      x = JSON.parse(t) as Json;
    } catch {
      break;
    }
  }
  return x;
}

const asList = (v: Json): Json[] => (Array.isArray(v) ? v : v === null || v === "" ? [] : [v]);
const str = (v: Json | undefined): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : JSON.stringify(v));
const empty = (v: Json | undefined): boolean => {
  const x = parsed(v);
  return x === null || x === "" || (Array.isArray(x) && x.length === 0);
};
const clip = (s: string, n = 300): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `[KeyIdentifier=…, KeyType=Password, KeyUsage=Verify, DisplayName=…]` → its fields. */
export function keyDescription(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of s.replace(/^\[|\]$/g, "").matchAll(/(\w+)=([^,\]]*)/g)) out[m[1]!] = m[2]!.trim();
  return out;
}

function credentialChanges(p: Prop): Change[] {
  const before = asList(parsed(p.oldValue)).map(str);
  const after = asList(parsed(p.newValue)).map(str);
  const out: Change[] = [];
  const id = (s: string) => keyDescription(s).KeyIdentifier ?? s;
  const had = new Set(before.map(id));
  const has = new Set(after.map(id));
  for (const k of after)
    if (!had.has(id(k))) {
      const f = keyDescription(k);
      out.push({
        what: "credential added",
        details: {
          keyId: f.KeyIdentifier ?? "",
          type: f.KeyType ?? "",
          usage: f.KeyUsage ?? "",
          displayName: f.DisplayName ?? "",
          ...(f.StartDate === undefined ? {} : { validFrom: f.StartDate }),
          ...(f.EndDate === undefined ? {} : { validUntil: f.EndDate }),
          existingCredentials: String(before.length),
        },
      });
    }
  for (const k of before) if (!has.has(id(k))) out.push({ what: "credential removed", details: { keyId: keyDescription(k).KeyIdentifier ?? "", type: keyDescription(k).KeyType ?? "" } });
  return out;
}

function objectsAdded(p: Prop, key: (o: Record<string, Json>) => string): Record<string, Json>[] {
  const before = new Set(asList(parsed(p.oldValue)).map((o) => key((o ?? {}) as Record<string, Json>)));
  return asList(parsed(p.newValue))
    .filter((o): o is Record<string, Json> => o !== null && typeof o === "object" && !Array.isArray(o))
    .filter((o) => !before.has(key(o)));
}

/** The changes one target resource's modifiedProperties describe. */
export function decodeChanges(operation: string, target: Record<string, Json>): Change[] {
  const props = (Array.isArray(target.modifiedProperties) ? target.modifiedProperties : []) as Prop[];
  const byName = new Map(props.map((p) => [str(p.displayName), p]));
  const value = (name: string) => str(parsed(byName.get(name)?.newValue));
  const out: Change[] = [];
  const set: Record<string, string> = {};
  for (const p of props) {
    const name = str(p.displayName);
    switch (name) {
      case "Included Updated Properties":
      case "AppRole.Id":
      case "AppRole.DisplayName":
      case "AppRoleAssignment.CreatedDateTime":
      case "AppRoleAssignment.LastModifiedDateTime":
      case "ServicePrincipal.ObjectID":
      case "ServicePrincipal.DisplayName":
      case "ServicePrincipal.AppId":
      case "ServicePrincipal.Name":
      case "TargetId.ServicePrincipalNames":
      case "Application.ObjectID":
      case "Application.AppId":
      case "ConsentContext.IsAppOnly":
      case "ConsentContext.OnBehalfOfAll":
      case "ConsentContext.Tags":
        break;
      case "KeyDescription":
      case "Credential":
      case "PasswordCredentials":
      case "KeyCredentials":
        out.push(...credentialChanges(p));
        break;
      case "FederatedIdentityCredentials":
        for (const o of objectsAdded(p, (x) => str(x.Name ?? x.name)))
          out.push({ what: "federated credential added", details: { name: str(o.Name ?? o.name), issuer: str(o.Issuer ?? o.issuer), subject: str(o.Subject ?? o.subject) } });
        break;
      case "AppAddress":
      case "ReplyUrls":
      case "RedirectUris":
        for (const o of objectsAdded(p, (x) => str(x.Address ?? x)))
          out.push({ what: "reply URL added", details: { url: clip(str(o.Address)) } });
        for (const u of asList(parsed(p.newValue)).filter((x) => typeof x === "string" && !asList(parsed(p.oldValue)).includes(x)))
          out.push({ what: "reply URL added", details: { url: clip(str(u)) } });
        break;
      case "RequiredResourceAccess":
        for (const o of objectsAdded(p, (x) => JSON.stringify(x))) {
          const access = asList((o.ResourceAccess ?? o.resourceAccess ?? []) as Json).map((a) => {
            const r = (a ?? {}) as Record<string, Json>;
            return `${str(r.Type ?? r.type) === "Role" ? "application" : "delegated"} ${str(r.Id ?? r.id)}`;
          });
          out.push({ what: "permissions requested", details: { resourceAppId: str(o.ResourceAppId ?? o.resourceAppId), permissions: access.join(", ") } });
        }
        break;
      case "AppRole.Value":
        out.push({ what: "app role granted", details: { role: value("AppRole.Value"), resource: str(target.displayName), to: value("ServicePrincipal.DisplayName") || value("ServicePrincipal.ObjectID") } });
        break;
      case "ConsentAction.Permissions": {
        const text = value("ConsentAction.Permissions");
        const scope = /Scope:\s*([^,\]]*)/.exec(text)?.[1]?.trim() ?? "";
        const consentType = /ConsentType:\s*([^,\]]*)/.exec(text)?.[1]?.trim() ?? "";
        out.push({ what: "consent granted", details: { scopes: scope, consentType, adminConsent: value("ConsentContext.IsAdminConsent") } });
        break;
      }
      case "ConsentContext.IsAdminConsent":
        if (!byName.has("ConsentAction.Permissions")) out.push({ what: "consent granted", details: { adminConsent: value(name) } });
        break;
      case "Application.DisplayName":
        if (/owner/i.test(operation)) out.push({ what: "owner added", details: { owner: str(target.userPrincipalName ?? target.displayName), application: value(name) } });
        break;
      case "Role.DisplayName":
      case "Role.TemplateId":
        if (name === "Role.DisplayName") out.push({ what: "directory role granted", details: { role: value(name) } });
        break;
      case "AvailableToOtherTenants":
      case "SignInAudience":
        out.push({ what: "audience changed", details: { from: clip(str(parsed(p.oldValue))), to: clip(str(parsed(p.newValue))) } });
        break;
      case "AccountEnabled":
        if (empty(p.oldValue)) set[name] = clip(str(parsed(p.newValue)));
        else out.push({ what: str(parsed(p.newValue)).includes("false") ? "disabled" : "enabled", details: {} });
        break;
      default:
        // A property given its first value (a new object's) is part of "properties set"; a changed one is its own.
        if (empty(p.oldValue)) set[clip(name, 80)] = clip(str(parsed(p.newValue)));
        else out.push({ what: `${clip(name, 80)} changed`, details: { from: clip(str(parsed(p.oldValue))), to: clip(str(parsed(p.newValue))) } });
    }
  }
  if (Object.keys(set).length > 0) out.unshift({ what: "properties set", details: set });
  return out;
}

/** Every change of a record's targets. */
export function recordChanges(operation: string, targets: Json): Change[] {
  return asList(targets).flatMap((t) => (t !== null && typeof t === "object" && !Array.isArray(t) ? decodeChanges(operation, t as Record<string, Json>) : []));
}
