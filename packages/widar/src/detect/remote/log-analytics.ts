/**
 * Rules run on a Log Analytics workspace (`widar detect --workspace ID`), through
 * `@azure/monitor-query-logs` with a TokenCredential (DefaultAzureCredential from the CLI): the
 * rule's query with `now()` pinned to the run time and the window as the query's timespan, as
 * Sentinel runs a scheduled rule. Throttling (429 with Retry-After) is retried by the SDK's
 * pipeline; a partial result is a failure of that run (its rows are incomplete); an auth failure
 * is a coded failure that names no credential or token.
 */
import type { TokenCredential } from "@azure/core-auth";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { LogsQueryClient, LogsQueryResultStatus } from "@azure/monitor-query-logs";
import type { Diagnostic } from "@widar/kql";
import type { Rule } from "../../rules/rule.js";
import type { QueryRunner, QueryWindow, RunOutcome } from "../query-runner.js";
import { pinnedQuery, redact, remoteTable } from "./remote-table.js";

export interface LogAnalyticsOptions {
  /** Tests: recorded responses instead of the network. */
  readonly httpClient?: HttpClient;
  /** Where a hunt's open window starts (Log Analytics needs a start). */
  readonly floorMs: number;
  readonly serverTimeoutSeconds?: number;
  /** Retries of throttled requests (the SDK's, honouring Retry-After). */
  readonly maxRetries?: number;
}

export class LogAnalyticsRunner implements QueryRunner {
  readonly source: string;
  private readonly client: LogsQueryClient;

  constructor(
    private readonly workspaceId: string,
    credential: TokenCredential,
    private readonly opts: LogAnalyticsOptions,
  ) {
    this.source = `workspace:${workspaceId}`;
    this.client = new LogsQueryClient(credential, {
      ...(opts.httpClient === undefined ? {} : { httpClient: opts.httpClient }),
      retryOptions: { maxRetries: opts.maxRetries ?? 5 },
    });
  }

  prepare(_rule: Rule): readonly Diagnostic[] {
    return [];
  }

  async run(rule: Rule, w: QueryWindow): Promise<RunOutcome> {
    const startTime = new Date(Number.isFinite(w.queryFromMs) ? w.queryFromMs : this.opts.floorMs);
    try {
      const r = await this.client.queryWorkspace(this.workspaceId, pinnedQuery(rule.query, w.endMs), { startTime, endTime: new Date(w.endMs) }, {
        serverTimeoutInSeconds: this.opts.serverTimeoutSeconds ?? 600,
      });
      if (r.status === LogsQueryResultStatus.PartialFailure)
        return { diagnostics: [{ code: "WX003", severity: "error", message: `partial result from the workspace: ${redact(r.partialError.message)}` }] };
      const t = r.tables[r.tables.length - 1];
      if (t === undefined) return { diagnostics: [] };
      const { table, diagnostics } = remoteTable(
        t.columnDescriptors.map((c) => ({ name: c.name ?? "", type: c.type ?? "dynamic" })),
        t.rows,
      );
      return { table, diagnostics };
    } catch (e) {
      return { diagnostics: [remoteFailure(e)] };
    }
  }
}

/** A remote call's failure as a coded diagnostic: WX002 authentication, WX005 throttled, else WX001. */
export function remoteFailure(e: unknown): Diagnostic {
  const err = e as { statusCode?: number; name?: string; message?: string; response?: { status?: number } };
  const status = err.statusCode ?? err.response?.status;
  const msg = redact(err.message ?? String(e));
  if (status === 401 || status === 403 || err.name === "CredentialUnavailableError" || err.name === "AuthenticationError" || err.name === "KustoAuthenticationError")
    return { code: "WX002", severity: "error", message: `authentication failed${status === undefined ? "" : ` (HTTP ${status})`}: ${msg}` };
  if (status === 429 || err.name === "ThrottlingError") return { code: "WX005", severity: "error", message: `throttled by the service and out of retries: ${msg}` };
  return { code: "WX001", severity: "error", message: `${status === undefined ? "" : `HTTP ${status}: `}${msg}` };
}
