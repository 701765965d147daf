/**
 * Who and what an alert is about, read from its result rows (the columns rules project, by the
 * names the pack and Sentinel's own rules use) and, failing those, from its entities: the
 * initiator of the change, its targets (applications, service principals), the IP addresses,
 * and the directory records (CorrelationId) the rows came from.
 */
import type { Json } from "@widar/kql";
import type { Alert } from "../store/model.js";

export interface Subjects {
  readonly initiator?: { readonly name: string; readonly id: string; readonly kind: "user" | "servicePrincipal" | "unknown" };
  readonly targets: { readonly name: string; readonly id: string; readonly appId: string; readonly kind: string }[];
  readonly ips: string[];
  readonly correlationIds: string[];
  /** The earliest and latest record time the rows name (the alert's span when they name none). */
  readonly fromMs: number;
  readonly toMs: number;
}

/** Column names, first that has a value wins: [name, id, kind] of an initiator. */
const INITIATOR_COLUMNS: readonly (readonly [string, string, string])[] = [
  ["Initiator", "InitiatorId", "InitiatorType"],
  ["InitiatorName", "InitiatorId", "InitiatorType"],
  ["InitiatingUserOrApp", "InitiatorId", "InitiatorType"],
  ["Creator", "CreatorId", "CreatorType"],
  ["OwnerAddedBy", "OwnerAddedById", "OwnerAddedByType"],
  ["Actor", "ActorId", "ActorType"],
];

/** [name, object id, app id, kind] of a target, singly or as parallel arrays. */
const TARGET_COLUMNS: readonly (readonly [string, string, string, string])[] = [
  ["TargetName", "TargetId", "AppId", "application"],
  ["ClientName", "ClientSpId", "ClientAppId", "service principal"],
  ["AssigneeName", "AssigneeId", "AssigneeAppId", "service principal"],
  ["ServicePrincipalName", "ServicePrincipalId", "AppId", "service principal"],
  ["ServicePrincipalDisplayName", "ServicePrincipalId", "AppId", "service principal"],
  ["NewSPName", "NewSPId", "", "service principal"],
  ["TargetNames", "TargetIds", "TargetAppIds", "application"],
  ["SPsCreated", "SPIds", "", "service principal"],
  ["PolicyName", "PolicyId", "", "policy"],
  // Sentinel's own rules (the seed's "New access credential added …" projects these).
  ["targetDisplayName", "targetId", "AppId", "application"],
];

const IP_COLUMNS = ["IPAddress", "InitiatorIP", "CreatorIP", "ReplayIP", "InitiatingIpAddress", "IpAddress", "CallerIpAddress", "NewIPs", "IPAddresses", "BlockedIPs"];
const TIME_COLUMNS = ["TimeGenerated", "FirstSeen", "LastSeen", "WindowStart", "WindowEnd", "FirstFailure", "LastFailure", "FirstAccess", "CreatedTime", "FirstDetection", "LastDetection", "OwnerAddedTime"];

const text = (v: Json | undefined): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const list = (v: Json | undefined): string[] => (Array.isArray(v) ? v.map((x) => text(x)).filter((x) => x !== "") : text(v) === "" ? [] : [text(v)]);

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
export function looksLikeIp(s: string): boolean {
  return IPV4.test(s) || (s.includes(":") && /^[0-9a-f:.]+$/i.test(s));
}

function kindOf(kind: string, id: string, name: string): "user" | "servicePrincipal" | "unknown" {
  const k = kind.toLowerCase();
  if (k === "user") return "user";
  if (k === "serviceprincipal" || k === "app" || k === "application") return "servicePrincipal";
  if (name.includes("@")) return "user";
  return id === "" ? "unknown" : "servicePrincipal";
}

export function subjectsOf(alert: Alert): Subjects {
  let initiator: Subjects["initiator"];
  const targets = new Map<string, Subjects["targets"][number]>();
  const ips = new Set<string>();
  const correlationIds = new Set<string>();
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const row of alert.rows) {
    if (initiator === undefined) {
      // A column set with a name first (several share InitiatorId: the first with only an id
      // would name a person by their object id); an id alone when no set has a name.
      const sets = INITIATOR_COLUMNS.map(([n, i, k]) => ({ name: text(row[n]), id: text(row[i]), kind: text(row[k]) }));
      const hit = sets.find((x) => x.name !== "") ?? sets.find((x) => x.id !== "");
      if (hit !== undefined) initiator = { name: hit.name || hit.id, id: hit.id, kind: kindOf(hit.kind, hit.id, hit.name) };
    }
    for (const [n, i, a, kind] of TARGET_COLUMNS) {
      const names = list(row[n]);
      const ids = list(row[i]);
      const appIds = a === "" ? [] : list(row[a]);
      const count = Math.max(names.length, ids.length);
      for (let j = 0; j < count; j++) {
        const t = { name: names[j] ?? ids[j] ?? "", id: ids[j] ?? "", appId: appIds[j] ?? "", kind };
        const key = (t.id || t.name).toLowerCase();
        if (key !== "" && !targets.has(key)) targets.set(key, t);
      }
    }
    for (const c of IP_COLUMNS) for (const ip of list(row[c])) if (looksLikeIp(ip)) ips.add(ip);
    for (const id of list(row.CorrelationId)) correlationIds.add(id);
    for (const c of TIME_COLUMNS) {
      const t = Date.parse(text(row[c]));
      if (Number.isFinite(t)) {
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
    }
  }
  // Entities fill what the rows do not name.
  for (const e of alert.entities) {
    if (e.Type === "ip" && typeof e.Address === "string") ips.add(e.Address);
    if (e.Type === "cloud-application") {
      const key = (e.AppId ?? e.Name ?? "").toLowerCase();
      if (key !== "" && ![...targets.values()].some((t) => t.name.toLowerCase() === key || t.appId.toLowerCase() === key))
        targets.set(key, { name: e.Name ?? e.AppId ?? "", id: "", appId: e.AppId ?? "", kind: "application" });
    }
    if (e.Type === "account" && initiator === undefined) {
      const name = e.Name !== undefined && e.UPNSuffix !== undefined ? `${e.Name}@${e.UPNSuffix}` : (e.Name ?? e.AadUserId ?? "");
      initiator = { name, id: e.AadUserId ?? "", kind: e.UPNSuffix !== undefined ? "user" : "unknown" };
    }
  }
  if (initiator !== undefined && targets.size > 0) {
    // A service principal that is the alert's subject (a sign-in rule) is not its own target.
    for (const [k, t] of targets) if (t.id !== "" && t.id === initiator.id && targets.size > 1) targets.delete(k);
  }
  const span = from <= to ? { fromMs: from, toMs: to } : { fromMs: alert.startTimeMs, toMs: alert.endTimeMs };
  return { ...(initiator === undefined ? {} : { initiator }), targets: [...targets.values()], ips: [...ips], correlationIds: [...correlationIds], ...span };
}
