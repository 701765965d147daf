/**
 * Entity mapping: a result row's columns → Sentinel entities, as SecurityAlert.Entities holds
 * them (`{"Type":"account","Name":"alice","UPNSuffix":"contoso.com","AadUserId":"…"}`).
 *
 * Sentinel's behaviour kept here:
 *   - an identifier whose column is empty is left out; an entity left with no identifier is dropped;
 *   - the legacy `FullName` identifier is split: an account's `user@domain` into Name + UPNSuffix
 *     and `DOMAIN\user` into NTDomain + Name, a host's `name.domain` into HostName + DnsDomain;
 *   - an Account identified only by a generic built-in name (ADMIN, SYSTEM, …) is dropped;
 *   - the same entity twice in one alert is kept once; at most 500 entities per alert.
 */
import type { Table } from "@widar/kql";
import { cellText } from "../data/cell-json.js";
import { entityKey } from "../store/entity-key.js";
import type { Entity } from "../store/model.js";
import type { EntityMapping } from "./alert-settings.js";

export const MAX_ENTITIES_PER_ALERT = 500;

/** Sentinel's entity types (as rules name them) → their JSON `Type`, and the identifiers each has. */
export const ENTITY_TYPES: Readonly<Record<string, { readonly type: string; readonly identifiers: readonly string[] }>> = {
  Account: {
    type: "account",
    identifiers: ["Name", "FullName", "NTDomain", "DnsDomain", "UPNSuffix", "Sid", "AadTenantId", "AadUserId", "PUID", "IsDomainJoined", "DisplayName", "ObjectGuid", "CloudAppAccountId"],
  },
  Host: { type: "host", identifiers: ["DnsDomain", "NTDomain", "HostName", "FullName", "NetBiosName", "AzureID", "OMSAgentID", "OSFamily", "OSVersion", "IsDomainJoined"] },
  IP: { type: "ip", identifiers: ["Address", "AddressScope"] },
  URL: { type: "url", identifiers: ["Url"] },
  AzureResource: { type: "azure-resource", identifiers: ["ResourceId"] },
  CloudApplication: { type: "cloud-application", identifiers: ["AppId", "Name", "InstanceName"] },
  DNS: { type: "dns", identifiers: ["DomainName"] },
  File: { type: "file", identifiers: ["Directory", "Name"] },
  FileHash: { type: "filehash", identifiers: ["Algorithm", "Value"] },
  Malware: { type: "malware", identifiers: ["Name", "Category"] },
  Process: { type: "process", identifiers: ["ProcessId", "CommandLine", "ElevationToken", "CreationTimeUtc"] },
  RegistryKey: { type: "registry-key", identifiers: ["Hive", "Key"] },
  RegistryValue: { type: "registry-value", identifiers: ["Name", "Value", "ValueType"] },
  SecurityGroup: { type: "security-group", identifiers: ["DistinguishedName", "SID", "ObjectGuid"] },
  Mailbox: { type: "mailbox", identifiers: ["MailboxPrimaryAddress", "DisplayName", "Upn", "ExternalDirectoryObjectId", "RiskLevel"] },
  MailCluster: {
    type: "mail-cluster",
    identifiers: ["NetworkMessageIds", "CountByDeliveryStatus", "CountByThreatType", "CountByProtectionStatus", "Threats", "Query", "QueryTime", "MailCount", "IsVolumeAnomaly", "Source", "ClusterSourceIdentifier", "ClusterSourceType", "ClusterQueryStartTime", "ClusterQueryEndTime", "ClusterGroup"],
  },
  MailMessage: {
    type: "mail-message",
    identifiers: ["Recipient", "Urls", "Threats", "Sender", "P1Sender", "P1SenderDisplayName", "P1SenderDomain", "SenderIP", "P2Sender", "P2SenderDisplayName", "P2SenderDomain", "ReceivedDate", "NetworkMessageId", "InternetMessageId", "Subject", "AntispamDirection", "DeliveryAction", "DeliveryLocation", "Language", "ThreatDetectionMethods"],
  },
  SubmissionMail: {
    type: "submission-mail",
    identifiers: ["NetworkMessageId", "Timestamp", "Recipient", "Sender", "SenderIp", "Subject", "ReportType", "SubmissionId", "SubmissionDate", "Submitter"],
  },
};

/** Names Sentinel treats as generic built-in accounts: an Account known only by one is dropped. */
const BUILT_IN_ACCOUNTS = new Set([
  "ADMIN",
  "ADMINISTRATOR",
  "SYSTEM",
  "ROOT",
  "ANONYMOUS",
  "AUTHENTICATED USER",
  "NETWORK",
  "NULL",
  "LOCAL SYSTEM",
  "LOCALSYSTEM",
  "NETWORK SERVICE",
]);

/** The entity a mapping makes of row `row`, or undefined when it has no identifier there. */
export function mapEntity(m: EntityMapping, table: Table, row: number): Entity | undefined {
  const spec = ENTITY_TYPES[m.entityType];
  const out: Record<string, string> = { Type: spec?.type ?? m.entityType.toLowerCase() };
  let any = false;
  for (const f of m.fieldMappings) {
    const col = table.column(f.columnName);
    if (col === undefined) continue;
    const text = cellText(col.get(row), col.type).trim();
    if (text === "") continue;
    any = true;
    if (f.identifier === "FullName") splitFullName(m.entityType, text, out);
    else out[f.identifier] = text;
  }
  if (!any) return undefined;
  if (m.entityType === "Account") {
    const ids = Object.keys(out).filter((k) => k !== "Type");
    if (ids.length === 1 && ids[0] === "Name" && BUILT_IN_ACCOUNTS.has(out.Name!.toUpperCase())) return undefined;
  }
  return out as Entity;
}

function splitFullName(entityType: string, text: string, out: Record<string, string>): void {
  if (entityType === "Account") {
    const at = text.lastIndexOf("@");
    const slash = text.indexOf("\\");
    if (at > 0 && at < text.length - 1) {
      out.Name = text.slice(0, at);
      out.UPNSuffix = text.slice(at + 1);
    } else if (slash > 0 && slash < text.length - 1) {
      out.NTDomain = text.slice(0, slash);
      out.Name = text.slice(slash + 1);
    } else out.Name = text;
    return;
  }
  if (entityType === "Host") {
    const dot = text.indexOf(".");
    if (dot > 0 && dot < text.length - 1) {
      out.HostName = text.slice(0, dot);
      out.DnsDomain = text.slice(dot + 1);
    } else out.HostName = text;
    return;
  }
  out.FullName = text;
}

/** The entities of the rows, each once, in order, at most MAX_ENTITIES_PER_ALERT; and how many were dropped. */
export function entitiesOfRows(mappings: readonly EntityMapping[], table: Table, rows: readonly number[]): { entities: Entity[]; dropped: number } {
  const seen = new Set<string>();
  const entities: Entity[] = [];
  let dropped = 0;
  for (const row of rows)
    for (const m of mappings) {
      const e = mapEntity(m, table, row);
      if (e === undefined) continue;
      const k = entityKey(e);
      if (seen.has(k)) continue;
      seen.add(k);
      if (entities.length < MAX_ENTITIES_PER_ALERT) entities.push(e);
      else dropped++;
    }
  return { entities, dropped };
}
