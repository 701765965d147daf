/**
 * Rules run on an Azure Data Explorer database (`widar detect --cluster URL --database DB`),
 * through `azure-kusto-data` with a TokenCredential: the rule's query with `now()` pinned to the
 * run time (the `query_now` request property and a `set` statement), and the window enforced as
 * Log Analytics would, by the `query_datetimescope_*` request properties on TimeGenerated.
 * The client does not retry throttling itself: a 429 is retried here, after its Retry-After.
 */
import type { TokenCredential } from "@azure/core-auth";
import { Client, ClientRequestProperties, KustoConnectionStringBuilder } from "azure-kusto-data";
import type { Diagnostic } from "@widar/kql";
import type { Rule } from "../../rules/rule.js";
import type { QueryRunner, QueryWindow, RunOutcome } from "../query-runner.js";
import { remoteFailure } from "./log-analytics.js";
import { pinnedQuery, remoteTable } from "./remote-table.js";

export interface DataExplorerOptions {
  readonly floorMs: number;
  readonly maxRetries?: number;
  /** Waits between throttled attempts (tests pass a recorder). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly serverTimeoutMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class DataExplorerRunner implements QueryRunner {
  readonly source: string;
  private readonly client: Client;

  constructor(
    cluster: string,
    private readonly database: string,
    credential: TokenCredential,
    private readonly opts: DataExplorerOptions,
  ) {
    this.source = `adx:${cluster.replace(/\/+$/, "")}/${database}`;
    this.client = new Client(KustoConnectionStringBuilder.withTokenCredential(cluster, credential));
  }

  prepare(_rule: Rule): readonly Diagnostic[] {
    return [];
  }

  async run(rule: Rule, w: QueryWindow): Promise<RunOutcome> {
    const props = new ClientRequestProperties();
    const from = new Date(Number.isFinite(w.queryFromMs) ? w.queryFromMs : this.opts.floorMs);
    props.setOption("query_now", new Date(w.endMs).toISOString());
    props.setOption("query_datetimescope_column", "TimeGenerated");
    props.setOption("query_datetimescope_from", from.toISOString());
    props.setOption("query_datetimescope_to", new Date(w.endMs).toISOString());
    props.setTimeout(this.opts.serverTimeoutMs ?? 600_000);
    const sleep = this.opts.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.client.execute(this.database, pinnedQuery(rule.query, w.endMs), props);
        const t = res.primaryResults[0];
        if (t === undefined) return { diagnostics: [] };
        return remoteTable(
          t.columns.map((c) => ({ name: c.name ?? "", type: c.type ?? "dynamic" })),
          t._rows as unknown[][],
        );
      } catch (e) {
        const err = e as { name?: string; response?: { status?: number; headers?: Record<string, string> }; inner?: { response?: { headers?: Record<string, string> } } };
        const throttled = err.name === "ThrottlingError" || err.response?.status === 429;
        if (throttled && attempt < (this.opts.maxRetries ?? 5)) {
          const headers = err.response?.headers ?? err.inner?.response?.headers ?? {};
          const after = Number(headers["retry-after"] ?? headers["Retry-After"]);
          await sleep(Number.isFinite(after) && after >= 0 ? after * 1000 : 2 ** attempt * 1000);
          continue;
        }
        return { diagnostics: [remoteFailure(e)] };
      }
    }
  }

  close(): void {
    this.client.close();
  }
}
