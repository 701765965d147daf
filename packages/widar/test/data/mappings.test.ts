/**
 * The mapping tables, field by field:
 * - every column they fill is a column of their table (the Log Analytics catalog, or the seed
 *   table's own schema);
 * - every source path is a field Microsoft documents: the Azure Monitor diagnostic envelope,
 *   or a property of the Graph resource (which is also what `properties` holds), or a member of
 *   a documented complex type; for the sources with no Graph resource (Graph activity logs, the
 *   Activity log, Defender XDR's stream) the fields their own schema documents; the few Log
 *   Analytics columns whose source property no sample shows are listed below with the reason
 *   they are read;
 * - each pair does what it says: a value placed at the path (and nowhere before it in the
 *   column's fallback order) arrives in the column.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { logAnalyticsTables } from "../../src/catalog/log-analytics.js";
import { type DialectMapping, DERIVED_MAPPINGS, type GraphResource, LOG_ANALYTICS_MAPPINGS, type TableMapping } from "../../src/data/mappings/index.js";
import { compileMapping, pathSegments } from "../../src/data/record-mapper.js";

/** The diagnostic-settings envelope (Microsoft Entra audit / sign-in schema in Azure Monitor). */
const ENVELOPE = [
  "time",
  "resourceId",
  "operationName",
  "operationVersion",
  "category",
  "tenantId",
  "resultType",
  "resultSignature",
  "resultDescription",
  "durationMs",
  "callerIpAddress",
  "correlationId",
  "identity",
  "Level",
  "level",
  "location",
];

/** Properties of each Graph resource, from its JSON representation and property table. */
const GRAPH: Record<GraphResource, readonly string[]> = {
  directoryAudit: "id category correlationId result resultReason activityDisplayName activityDateTime loggedByService operationType initiatedBy targetResources additionalDetails userAgent".split(" "),
  signIn: `appDisplayName appId appliedConditionalAccessPolicies appliedEventListeners appTokenProtectionStatus authenticationAppDeviceDetails
    authenticationAppPolicyEvaluationDetails authenticationContextClassReferences authenticationDetails authenticationMethodsUsed
    authenticationProcessingDetails authenticationProtocol authenticationRequirement authenticationRequirementPolicies autonomousSystemNumber
    azureResourceId clientAppUsed clientCredentialType conditionalAccessAudiences conditionalAccessStatus correlationId createdDateTime
    crossTenantAccessType deviceDetail federatedCredentialId flaggedForReview globalSecureAccessIpAddress homeTenantId homeTenantName id
    incomingTokenType ipAddress ipAddressFromResourceProvider isInteractive isTenantRestricted isThroughGlobalSecureAccess location
    managedServiceIdentity networkLocationDetails originalRequestId originalTransferMethod privateLinkDetails processingTimeInMilliseconds
    resourceDisplayName resourceId resourceServicePrincipalId resourceTenantId riskDetail riskEventTypes riskEventTypes_v2 riskLevelAggregated
    riskLevelDuringSignIn riskState servicePrincipalCredentialKeyId servicePrincipalCredentialThumbprint servicePrincipalId
    servicePrincipalName sessionId sessionLifetimePolicies signInEventTypes signInIdentifier signInIdentifierType
    signInTokenProtectionStatus status tokenIssuerName tokenIssuerType uniqueTokenIdentifier userAgent userDisplayName userId
    userPrincipalName userType mfaDetail`
    .trim()
    .split(/\s+/),
  riskyServicePrincipal: "id accountEnabled isProcessing riskLastUpdatedDateTime riskLevel riskState riskDetail displayName appId servicePrincipalType".split(" "),
  servicePrincipalRiskDetection: `id requestId correlationId riskEventType riskState riskLevel riskDetail source detectionTimingType activity tokenIssuerType
    ipAddress location activityDateTime detectedDateTime lastUpdatedDateTime servicePrincipalId servicePrincipalDisplayName appId keyIds additionalInfo`
    .trim()
    .split(/\s+/),
  riskyUser: "id isDeleted isProcessing riskLastUpdatedDateTime riskLevel riskState riskDetail userDisplayName userPrincipalName".split(" "),
};

const words = (text: string) => text.trim().split(/\s+/);

/**
 * Sources with no Graph resource: every path their schema documents, as Microsoft names it.
 * - Graph activity logs (Entra diagnostic settings): the envelope and the camelCase properties of
 *   the published records; `sessionId`, `deviceId`, `uniqueTokenId` are in no sample but are the
 *   table's columns in the pipeline's naming (read for the reason given for UNSAMPLED_PROPERTIES).
 * - The Activity log to storage / Event Hubs ("Schema from storage account and event hubs"):
 *   the resource-log envelope, `identity` {authorization, claims}, `properties` (read whole) and
 *   the members the schema and its sample name.
 * - Defender XDR's streaming API: `time`, `tenantId`, `operationName`, `category`, and in
 *   `properties` the CloudAppEvents columns of the Advanced Hunting schema (`Isp` as the
 *   reference spells it, `ISP` as streamed records and Log Analytics do).
 */
const OWN_SCHEMA: Record<string, readonly string[]> = {
  MicrosoftGraphActivityLogs: [
    ...words("time operationVersion tenantId durationMs callerIpAddress correlationId location resultSignature"),
    ...words(`timeGenerated tenantId apiVersion appId atContent clientAuthMethod clientRequestId durationMs identityProvider ipAddress location
      operationId requestId requestMethod requestUri responseSizeBytes responseStatusCode roles scopes servicePrincipalId signInActivityId
      tokenIssuedAt userAgent userId wids sessionId deviceId uniqueTokenId`).map((p) => `properties.${p}`),
  ],
  AzureActivity: [
    ...words("time resourceId operationName category resultType resultSignature durationMs callerIpAddress correlationId level location properties"),
    "identity.authorization",
    "identity.claims",
    ...words("eventCategory operationId statusCode serviceRequestId hierarchy entity message").map((p) => `properties.${p}`),
  ],
  CloudAppEvents: [
    ...words("time tenantId operationName category"),
    ...words(`Timestamp ActionType Application ApplicationId AppInstanceId AccountObjectId AccountId AccountDisplayName IsAdminOperation DeviceType
      OSPlatform IPAddress IsAnonymousProxy CountryCode City Isp ISP UserAgent ActivityType ActivityObjects ObjectName ObjectType ObjectId ReportId
      AccountType IsExternalUser IsImpersonated IPTags IPCategory UserAgentTags RawEventData AdditionalFields LastSeenForUser UncommonForUser
      AuditSource SessionData OAuthAppId`).map((p) => `properties.${p}`),
  ],
};

/** Members of documented complex types the mappings read into (signInStatus, signInLocation). */
const MEMBERS: Record<string, readonly string[]> = {
  status: ["errorCode", "failureReason", "additionalDetails"],
  location: ["city", "state", "countryOrRegion", "geoCoordinates"],
};

/** Properties the documented diagnostic sign-in example has beyond the Graph resource. */
const DIAGNOSTIC_SAMPLE_PROPERTIES = ["alternateSignInName", "privateLinkDetails", "ssoExtensionVersion"];

/**
 * Diagnostic `properties` fields no published sample shows, read because the Log Analytics table
 * has the column and the diagnostic pipeline names properties after it (camelCase): the
 * alternative is a column that can never be filled from an export.
 */
const UNSAMPLED_PROPERTIES = ["isRisky", "appOwnerTenantId", "resourceOwnerTenantId", "tokenProtectionStatusDetails", "sourceAppClientId", "agent", "clientSessionId"];

const ALL = [...LOG_ANALYTICS_MAPPINGS, ...DERIVED_MAPPINGS];

function schemaOf(m: TableMapping): Set<string> {
  const s = m.schema ?? logAnalyticsTables().get(m.table);
  assert.ok(s !== undefined, `${m.table} has a schema`);
  return new Set(s.map((c) => c.name));
}

function dialects(m: TableMapping): [string, DialectMapping, (path: string) => boolean][] {
  const out: [string, DialectMapping, (path: string) => boolean][] = [];
  const graphPath = (resource: GraphResource) => (path: string) => {
    const [head, member, ...rest] = pathSegments(path);
    if (!GRAPH[resource].includes(head!) || rest.length > 0) return false;
    return member === undefined || (MEMBERS[head!] ?? []).includes(member);
  };
  const own = OWN_SCHEMA[m.table];
  if (m.diagnostic !== undefined && own !== undefined) out.push(["diagnostic", m.diagnostic, (path) => own.includes(path)]);
  else if (m.diagnostic !== undefined) {
    const resource: GraphResource = m.graph?.resource ?? "signIn";
    const inGraph = graphPath(resource);
    out.push([
      "diagnostic",
      m.diagnostic,
      (path) => {
        const [head, ...rest] = pathSegments(path);
        if (head !== "properties") return rest.length === 0 && ENVELOPE.includes(head!);
        const sub = rest.join(".");
        return inGraph(sub) || DIAGNOSTIC_SAMPLE_PROPERTIES.includes(sub) || UNSAMPLED_PROPERTIES.includes(sub);
      },
    ]);
  }
  if (m.graph !== undefined) out.push(["graph", m.graph, graphPath(m.graph.resource)]);
  if (m.logAnalytics !== undefined) {
    const from = new Set((logAnalyticsTables().get(m.logAnalytics.fromTable) ?? []).map((c) => c.name));
    out.push(["log-analytics", m.logAnalytics, (path) => from.has(path)]);
  }
  return out;
}

for (const m of ALL) {
  describe(`mapping ${m.table}`, () => {
    const columns = schemaOf(m);
    for (const [name, dm, documented] of dialects(m)) {
      test(`${name}: every column is a column of ${m.table}`, () => {
        const missing = [...dm.fields.map(([, c]) => c), ...Object.keys(dm.constants ?? {}), ...Object.keys(dm.codes ?? {})].filter((c) => !columns.has(c));
        assert.deepEqual(missing, []);
      });

      test(`${name}: every source path is a documented field`, () => {
        assert.deepEqual(
          dm.fields.map(([p]) => p).filter((p) => !documented(p)),
          [],
        );
        for (const p of dm.numeric ?? []) assert.ok(dm.fields.some(([q]) => q === p), `numeric path ${p} is mapped`);
        // A source constant names a documented field no column takes.
        for (const p of Object.keys(dm.sourceConstants ?? {})) assert.ok(documented(p) || ENVELOPE.includes(p), `source constant ${p}`);
      });

      test(`${name}: each pair carries its value, in fallback order`, () => {
        const cm = compileMapping(dm);
        dm.fields.forEach(([path, column], i) => {
          const rec: Record<string, unknown> = {};
          let o = rec;
          const segs = pathSegments(path);
          segs.forEach((s, k) => {
            o = (o[s] = k === segs.length - 1 ? `v:${path}` : ((o[s] as Record<string, unknown>) ?? {})) as Record<string, unknown>;
          });
          const earlier = dm.fields.slice(0, i).some(([p, c]) => c === column && p !== path && !path.startsWith(`${p}.`));
          const out = cm.map(rec);
          if (!earlier) assert.equal(out[column], `v:${path}`, `${path} → ${column}`);
        });
        for (const [c, v] of Object.entries(dm.constants ?? {})) assert.equal(cm.map({})[c], v);
      });
    }
  });
}

test("each diagnostic category and Graph kind belongs to exactly one Log Analytics table", () => {
  const seen = new Map<string, string>();
  for (const m of LOG_ANALYTICS_MAPPINGS) {
    for (const c of m.diagnostic?.categories ?? []) {
      assert.equal(seen.get(`d:${c.toLowerCase()}`), undefined);
      seen.set(`d:${c.toLowerCase()}`, m.table);
    }
    if (m.graph !== undefined) {
      const k = `g:${m.graph.resource}:${m.graph.signInEventType ?? ""}`;
      assert.equal(seen.get(k), undefined);
      seen.set(k, m.table);
    }
  }
  assert.deepEqual(
    [...seen.keys()].filter((k) => k.startsWith("d:")).sort(),
    [
      "d:action",
      "d:administrative",
      "d:advancedhunting-cloudappevents",
      "d:alert",
      "d:auditlogs",
      "d:autoscale",
      "d:delete",
      "d:managedidentitysigninlogs",
      "d:microsoftgraphactivitylogs",
      "d:noninteractiveusersigninlogs",
      "d:policy",
      "d:recommendation",
      "d:resourcehealth",
      "d:riskyserviceprincipals",
      "d:riskyusers",
      "d:security",
      "d:servicehealth",
      "d:serviceprincipalriskevents",
      "d:serviceprincipalsigninlogs",
      "d:signinlogs",
      "d:write",
    ],
  );
});
