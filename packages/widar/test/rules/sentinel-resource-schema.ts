/**
 * The published resource schema of what `widar export sentinel` writes, as a small checker: the
 * Microsoft.SecurityInsights 2023-02-01 types (alertRules kind Scheduled, watchlists) as Azure's
 * generated Bicep/ARM type definitions give them (Azure/bicep-types-az,
 * generated/securityinsights/microsoft.securityinsights/2023-02-01/types.md), and the ARM
 * deployment-template envelope. Required properties, enums, ISO 8601 durations, no unknown keys.
 */
type Spec =
  | { readonly t: "string"; readonly enum?: readonly string[]; readonly pattern?: RegExp }
  | { readonly t: "bool" }
  | { readonly t: "int" }
  | { readonly t: "any" }
  | { readonly t: "array"; readonly items: Spec }
  | { readonly t: "object"; readonly props: Readonly<Record<string, Spec>>; readonly required?: readonly string[] }
  | { readonly t: "map"; readonly values: Spec };

const str = (e?: readonly string[]): Spec => (e === undefined ? { t: "string" } : { t: "string", enum: e });
const ISO_DURATION: Spec = { t: "string", pattern: /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/ };

const TACTICS = ["Collection", "CommandAndControl", "CredentialAccess", "DefenseEvasion", "Discovery", "Execution", "Exfiltration", "Impact",
  "ImpairProcessControl", "InhibitResponseFunction", "InitialAccess", "LateralMovement", "Persistence", "PreAttack", "PrivilegeEscalation",
  "Reconnaissance", "ResourceDevelopment"];
const ENTITY_TYPES = ["Account", "AzureResource", "CloudApplication", "DNS", "File", "FileHash", "Host", "IP", "MailCluster", "MailMessage",
  "Mailbox", "Malware", "Process", "RegistryKey", "RegistryValue", "SecurityGroup", "SubmissionMail", "URL"];
const SEVERITY = ["High", "Informational", "Low", "Medium"];

const SCHEDULED_ALERT_RULE_PROPERTIES: Spec = {
  t: "object",
  required: ["displayName", "enabled", "suppressionDuration", "suppressionEnabled"],
  props: {
    alertDetailsOverride: {
      t: "object",
      props: {
        alertDescriptionFormat: str(),
        alertDisplayNameFormat: str(),
        alertDynamicProperties: { t: "array", items: { t: "object", props: { alertProperty: str(), value: str() } } },
        alertSeverityColumnName: str(),
        alertTacticsColumnName: str(),
      },
    },
    alertRuleTemplateName: str(),
    customDetails: { t: "map", values: str() },
    description: str(),
    displayName: str(),
    enabled: { t: "bool" },
    entityMappings: {
      t: "array",
      items: {
        t: "object",
        props: { entityType: str(ENTITY_TYPES), fieldMappings: { t: "array", items: { t: "object", props: { columnName: str(), identifier: str() } } } },
      },
    },
    eventGroupingSettings: { t: "object", props: { aggregationKind: str(["AlertPerResult", "SingleAlert"]) } },
    incidentConfiguration: {
      t: "object",
      required: ["createIncident"],
      props: {
        createIncident: { t: "bool" },
        groupingConfiguration: {
          t: "object",
          required: ["enabled", "lookbackDuration", "matchingMethod", "reopenClosedIncident"],
          props: {
            enabled: { t: "bool" },
            groupByAlertDetails: { t: "array", items: str(["DisplayName", "Severity"]) },
            groupByCustomDetails: { t: "array", items: str() },
            groupByEntities: { t: "array", items: str(ENTITY_TYPES) },
            lookbackDuration: ISO_DURATION,
            matchingMethod: str(["AllEntities", "AnyAlert", "Selected"]),
            reopenClosedIncident: { t: "bool" },
          },
        },
      },
    },
    query: str(),
    queryFrequency: ISO_DURATION,
    queryPeriod: ISO_DURATION,
    severity: str(SEVERITY),
    suppressionDuration: ISO_DURATION,
    suppressionEnabled: { t: "bool" },
    tactics: { t: "array", items: str(TACTICS) },
    techniques: { t: "array", items: { t: "string", pattern: /^T\d{4}$/ } },
    templateVersion: { t: "string", pattern: /^\d+\.\d+\.\d+$/ },
    triggerOperator: str(["Equal", "GreaterThan", "LessThan", "NotEqual"]),
    triggerThreshold: { t: "int" },
  },
};

const WATCHLIST_PROPERTIES: Spec = {
  t: "object",
  required: ["displayName", "itemsSearchKey", "provider", "source"],
  props: {
    contentType: str(["text/csv"]),
    defaultDuration: ISO_DURATION,
    description: str(),
    displayName: str(),
    itemsSearchKey: str(),
    labels: { t: "array", items: str() },
    numberOfLinesToSkip: { t: "int" },
    provider: str(),
    rawContent: str(),
    source: str(["Local file", "Remote storage"]),
    watchlistAlias: str(),
  },
};

const EXTENSION_SCOPE = /^\[concat\('Microsoft\.OperationalInsights\/workspaces\/', parameters\('workspace'\)\)\]$/;

function resource(type: string, properties: Spec, extra: Record<string, Spec>, required: string[]): Spec {
  return {
    t: "object",
    required: ["type", "apiVersion", "name", "properties", ...required],
    props: { type: str([type]), apiVersion: str(["2023-02-01"]), name: str(), scope: { t: "string", pattern: EXTENSION_SCOPE }, properties, ...extra },
  };
}

export const ALERT_RULE_RESOURCE = resource("Microsoft.SecurityInsights/alertRules", SCHEDULED_ALERT_RULE_PROPERTIES, { kind: str(["Scheduled"]) }, ["kind", "scope"]);
export const WATCHLIST_RESOURCE = resource("Microsoft.SecurityInsights/watchlists", WATCHLIST_PROPERTIES, {}, ["scope"]);

export function deploymentTemplate(resourceSpec: Spec): Spec {
  return {
    t: "object",
    required: ["$schema", "contentVersion", "parameters", "resources"],
    props: {
      $schema: str(["https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"]),
      contentVersion: str(["1.0.0.0"]),
      parameters: { t: "map", values: { t: "any" } },
      resources: { t: "array", items: resourceSpec },
    },
  };
}

/** Problems of `value` against `spec` (empty when it conforms). */
export function checkAgainst(value: unknown, spec: Spec, path = "$"): string[] {
  switch (spec.t) {
    case "any":
      return [];
    case "bool":
      return typeof value === "boolean" ? [] : [`${path}: expected a boolean`];
    case "int":
      return Number.isInteger(value) ? [] : [`${path}: expected an integer`];
    case "string":
      if (typeof value !== "string") return [`${path}: expected a string`];
      if (spec.enum !== undefined && !spec.enum.includes(value)) return [`${path}: '${value}' is not one of ${spec.enum.join(", ")}`];
      if (spec.pattern !== undefined && !spec.pattern.test(value)) return [`${path}: '${value}' does not match ${spec.pattern}`];
      return [];
    case "array":
      return Array.isArray(value) ? value.flatMap((v, i) => checkAgainst(v, spec.items, `${path}[${i}]`)) : [`${path}: expected an array`];
    case "map":
      if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object`];
      return Object.entries(value).flatMap(([k, v]) => checkAgainst(v, spec.values, `${path}.${k}`));
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return [`${path}: expected an object`];
      const o = value as Record<string, unknown>;
      const out = (spec.required ?? []).filter((k) => o[k] === undefined).map((k) => `${path}.${k}: required`);
      for (const [k, v] of Object.entries(o)) {
        const s = spec.props[k];
        if (s === undefined) out.push(`${path}.${k}: not a property of this resource`);
        else out.push(...checkAgainst(v, s, `${path}.${k}`));
      }
      return out;
    }
  }
}
