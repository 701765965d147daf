/**
 * What `widar pull graph` pages: one stream per Graph collection (and per sign-in event type),
 * each written to its own NDJSON file of Graph objects, which `widar query --table` loads into
 * its Log Analytics table through the Graph mapping tables.
 *
 * Sign-ins come from the beta endpoint: v1.0 returns interactive sign-ins only and has no
 * `signInEventTypes` to ask for the others. Identity Protection requests send
 * `Prefer: include-unknown-enum-members`, without which Graph hides the newer enum values
 * (`activity: servicePrincipal`, `adminConfirmedServicePrincipalCompromised`).
 *
 * The other tables the rules read have no Graph source: MicrosoftGraphActivityLogs, AzureActivity
 * and CloudAppEvents come only from diagnostic settings / Defender XDR streaming exports.
 */

export const GRAPH_HOST = "graph.microsoft.com";
const GRAPH = `https://${GRAPH_HOST}`;

export interface GraphStream {
  readonly name: string;
  /** The Log Analytics table its objects load into. */
  readonly table: string;
  /** The first page's URL for events since `since` (ISO 8601). */
  url(since: string): string;
  readonly headers?: Readonly<Record<string, string>>;
}

function filtered(base: string, filter: string): string {
  return `${base}?$filter=${encodeURIComponent(filter)}`;
}

const signIns = (type: string, table: string): GraphStream => ({
  name: `signIns-${type}`,
  table,
  url: (since) => filtered(`${GRAPH}/beta/auditLogs/signIns`, `createdDateTime ge ${since} and signInEventTypes/any(t: t eq '${type}')`),
});

const RISK_HEADERS = { Prefer: "include-unknown-enum-members" };

export const GRAPH_STREAMS: readonly GraphStream[] = [
  {
    name: "directoryAudits",
    table: "AuditLogs",
    url: (since) => filtered(`${GRAPH}/v1.0/auditLogs/directoryAudits`, `activityDateTime ge ${since}`),
  },
  signIns("servicePrincipal", "AADServicePrincipalSignInLogs"),
  signIns("managedIdentity", "AADManagedIdentitySignInLogs"),
  signIns("nonInteractiveUser", "AADNonInteractiveUserSignInLogs"),
  signIns("interactiveUser", "SigninLogs"),
  {
    name: "riskyServicePrincipals",
    table: "AADRiskyServicePrincipals",
    url: (since) => filtered(`${GRAPH}/v1.0/identityProtection/riskyServicePrincipals`, `riskLastUpdatedDateTime ge ${since}`),
    headers: RISK_HEADERS,
  },
  {
    // Owners' risk: RULE-25 joins a risky user to the applications that user owns.
    name: "riskyUsers",
    table: "AADRiskyUsers",
    url: (since) => filtered(`${GRAPH}/v1.0/identityProtection/riskyUsers`, `riskLastUpdatedDateTime ge ${since}`),
    headers: RISK_HEADERS,
  },
  {
    name: "servicePrincipalRiskDetections",
    table: "AADServicePrincipalRiskEvents",
    url: (since) => filtered(`${GRAPH}/v1.0/identityProtection/servicePrincipalRiskDetections`, `detectedDateTime ge ${since}`),
    headers: RISK_HEADERS,
  },
];

export function streamFile(s: GraphStream): string {
  return `${s.name}.ndjson`;
}

/** Whether a URL may receive our bearer token: Graph itself, over HTTPS, and nothing else. */
export function isGraphUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && u.hostname === GRAPH_HOST;
  } catch {
    return false;
  }
}
