/**
 * An entity's canonical key: its type and every identifier, lower case, in name order
 * (`account|aaduserid=…|name=alice|upnsuffix=contoso.com`). Two alerts name the same entity
 * exactly when their keys are equal: incident grouping matches on it, `--entity` filters on it.
 */
import type { Entity } from "./model.js";

export function entityKey(e: Entity): string {
  const parts = Object.keys(e)
    .filter((k) => k !== "Type" && k !== "$id")
    .sort()
    .map((k) => `${k.toLowerCase()}=${String(e[k]).toLowerCase()}`);
  return [e.Type.toLowerCase(), ...parts].join("|");
}

/** A short human form of an entity: its strongest identifier (`ip 203.0.113.7`, `account alice@contoso.com`). */
export function entityLabel(e: Entity): string {
  const v = (k: string): string | undefined => (typeof e[k] === "string" && e[k] !== "" ? e[k] : undefined);
  const name = v("Name");
  const upn = name !== undefined && v("UPNSuffix") !== undefined ? `${name}@${v("UPNSuffix")}` : undefined;
  const label =
    upn ??
    v("Address") ??
    v("Url") ??
    v("ResourceId") ??
    v("HostName") ??
    v("MailboxPrimaryAddress") ??
    name ??
    v("AppId") ??
    v("AadUserId") ??
    v("DomainName") ??
    v("Value") ??
    Object.entries(e).find(([k]) => k !== "Type" && k !== "$id")?.[1] ??
    "";
  return `${e.Type} ${label}`;
}
