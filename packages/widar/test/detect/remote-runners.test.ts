/**
 * The same rules on Log Analytics and Azure Data Explorer, against recorded service responses
 * (there is no network here): success, a partial result, throttling with Retry-After, an
 * authentication failure, a query error. Results flow through the same alert pipeline into the
 * store; no credential or token appears in any message or record.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from "@azure/core-rest-pipeline";
import { DataExplorerRunner } from "../../src/detect/remote/data-explorer.js";
import { LogAnalyticsRunner } from "../../src/detect/remote/log-analytics.js";
import { runDetection } from "../../src/detect/run-detection.js";
import { listAlerts } from "../../src/store/alerts.js";
import { listRuns } from "../../src/store/runs.js";
import { sourceDirOf } from "../support/paths.js";
import { H, makeRule, T0, tempStore } from "./support.js";

const FIXTURES = join(sourceDirOf(import.meta.url), "fixtures", "remote");
interface Recorded {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}
const recorded = (name: string): Recorded => JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8"));

const SECRET = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.c2VjcmV0LXRva2VuLWRvLW5vdC1sb2c.sig";
const credential: TokenCredential = { getToken: async (): Promise<AccessToken> => ({ token: SECRET, expiresOnTimestamp: Date.now() + 3_600_000 }) };

const rule = makeRule({
  id: "CRED-99",
  query: "AuditLogs | where TimeGenerated > ago(1h) | project TimeGenerated, Initiator = 'x'",
  sentinel: {
    eventGroupingSettings: { aggregationKind: "AlertPerResult" },
    entityMappings: [
      { entityType: "Account", fieldMappings: [{ identifier: "FullName", columnName: "Initiator" }] },
      { entityType: "IP", fieldMappings: [{ identifier: "Address", columnName: "IPAddress" }] },
    ],
    alertDetailsOverride: { alertDisplayNameFormat: "Credential on {{TargetName}} by {{Initiator}}", alertSeverityColumnName: "AlertSeverity" },
    customDetails: { KeyIds: "AddedKeyIds" },
  },
});

/** Everything the store holds, as text: to check no token leaked into it. */
function storeText(store: ReturnType<typeof tempStore>["store"]): string {
  return ["alerts", "rule_runs", "incidents", "incident_history"].map((t) => JSON.stringify(store.db.prepare(`SELECT * FROM ${t}`).all())).join("\n");
}

describe("Log Analytics", () => {
  class RecordedClient implements HttpClient {
    readonly requests: { url: string; body: { query: string; timespan: string }; auth: string | undefined }[] = [];
    constructor(private readonly responses: Recorded[]) {}
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      this.requests.push({ url: request.url, body: JSON.parse(String(request.body)), auth: request.headers.get("authorization") });
      const r = this.responses.shift();
      assert.ok(r !== undefined, "an unexpected request");
      return { request, status: r.status, headers: createHttpHeaders(r.headers), bodyAsText: JSON.stringify(r.body) };
    }
  }
  const detect = async (responses: Recorded[]) => {
    const t = tempStore();
    const client = new RecordedClient(responses);
    const runner = new LogAnalyticsRunner("6f0c7e1a-1111-4222-8333-944455556666", credential, { httpClient: client, floorMs: T0 - H, maxRetries: 2 });
    const result = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 });
    return { t, client, result };
  };

  test("a success: the window as the query's timespan, now() pinned to the run, alerts in the store", async () => {
    const { t, client, result } = await detect([recorded("la-success")]);
    try {
      assert.equal(client.requests.length, 1);
      const req = client.requests[0]!;
      assert.match(req.url, /\/v1\/workspaces\/6f0c7e1a-1111-4222-8333-944455556666\/query/);
      assert.equal(req.body.timespan, "2026-11-20T09:00:00.000Z/2026-11-20T10:00:00.000Z");
      assert.ok(req.body.query.startsWith("set query_now = datetime(2026-11-20T10:00:00.000Z);\n"), req.body.query);
      assert.ok(req.body.query.endsWith(rule.query));
      assert.equal(req.auth, `Bearer ${SECRET}`, "the credential's token is sent to the service (and only there)");
      const alerts = listAlerts(t.store.db);
      assert.deepEqual(
        alerts.map((a) => [a.source, a.displayName, a.severity, a.entities.map((e) => e.Type).join(","), a.customDetails.KeyIds]),
        [
          ["workspace:6f0c7e1a-1111-4222-8333-944455556666", "Credential on SharepointAPI-Test by zoe.meyer@contoso.com", "High", "account,ip", [["6f1c2a7e-0b3d-4f5e-9a8b-1c2d3e4f5a6b"]]],
          ["workspace:6f0c7e1a-1111-4222-8333-944455556666", "Credential on Payroll-Connector by svc-rotation@contoso.com", "Low", "account,ip", [["0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"]]],
        ],
      );
      assert.equal(alerts[0]!.startTimeMs, Date.parse("2026-11-20T09:31:12.500Z"));
      assert.equal(result.rules[0]!.failedRuns, 0);
      assert.ok(!storeText(t.store).includes(SECRET));
    } finally {
      t.done();
    }
  });

  test("429 with Retry-After is retried, then succeeds", async () => {
    const { t, client } = await detect([recorded("la-throttled"), recorded("la-success")]);
    try {
      assert.equal(client.requests.length, 2);
      assert.equal(listAlerts(t.store.db).length, 2);
    } finally {
      t.done();
    }
  });

  for (const [name, responses, code, text] of [
    ["a partial result is a failed run (its rows are incomplete)", ["la-partial"], "WX003", /E_QUERY_RESULT_SET_TOO_LARGE|some errors/],
    ["an authentication failure is a coded failure naming no token", ["la-unauthorized"], "WX002", /authentication failed \(HTTP 401\)/],
    ["throttled past the retries", ["la-throttled", "la-throttled", "la-throttled"], "WX005", /throttled/],
  ] as const)
    test(name, async () => {
      const { t, result } = await detect(responses.map(recorded));
      try {
        const runs = listRuns(t.store.db);
        assert.deepEqual(
          runs.map((r) => [r.status, r.diagnosticCode]),
          [["Failure", code]],
        );
        assert.match(runs[0]!.message!, text);
        assert.equal(result.rules[0]!.diagnostics[0]!.code, code);
        assert.equal(listAlerts(t.store.db).length, 0);
        assert.ok(!storeText(t.store).includes(SECRET));
        assert.ok(!JSON.stringify(result.rules[0]!.diagnostics).includes(SECRET));
      } finally {
        t.done();
      }
    });
});

describe("Azure Data Explorer", () => {
  /** A local HTTP server answering as the cluster would, from recorded responses. */
  async function cluster(responses: Recorded[]): Promise<{ url: string; server: Server; bodies: { csl: string; properties: { Options: Record<string, string> } }[]; auth: string[] }> {
    const bodies: { csl: string; properties: { Options: Record<string, string> } }[] = [];
    const auth: string[] = [];
    const server = createServer((req: IncomingMessage, res) => {
      let data = "";
      req.on("data", (c) => {
        data += c;
      });
      req.on("end", () => {
        if (req.url === "/v1/rest/auth/metadata") {
          res.writeHead(404).end();
          return;
        }
        bodies.push(JSON.parse(data));
        auth.push(String(req.headers.authorization));
        const r = responses.shift();
        if (r === undefined) {
          res.writeHead(500).end();
          return;
        }
        res.writeHead(r.status, r.headers).end(JSON.stringify(r.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, bodies, auth };
  }

  const detect = async (responses: Recorded[]) => {
    const c = await cluster(responses);
    const sleeps: number[] = [];
    const t = tempStore();
    const runner = new DataExplorerRunner(c.url, "SecurityLogs", credential, {
      floorMs: T0 - H,
      maxRetries: 2,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    try {
      const result = await runDetection({ rules: [rule], runner, store: t.store, fromMs: T0 - 1, toMs: T0 });
      return { t, c, result, sleeps };
    } finally {
      runner.close();
      c.server.close();
    }
  };

  test("a success: now() pinned and the window scoped by request properties, alerts in the store", async () => {
    const { t, c, result } = await detect([recorded("adx-success")]);
    try {
      assert.equal(c.bodies.length, 1);
      const body = c.bodies[0]!;
      assert.ok(body.csl.startsWith("set query_now = datetime(2026-11-20T10:00:00.000Z);\n"));
      assert.equal(body.properties.Options.query_now, "2026-11-20T10:00:00.000Z");
      assert.equal(body.properties.Options.query_datetimescope_from, "2026-11-20T09:00:00.000Z");
      assert.equal(body.properties.Options.query_datetimescope_to, "2026-11-20T10:00:00.000Z");
      assert.equal(c.auth[0], `Bearer ${SECRET}`);
      const alerts = listAlerts(t.store.db);
      assert.deepEqual(
        alerts.map((a) => [a.source, a.displayName, a.severity]),
        [
          [`adx:${c.url}/SecurityLogs`, "Credential on SharepointAPI-Test by zoe.meyer@contoso.com", "High"],
          [`adx:${c.url}/SecurityLogs`, "Credential on Payroll-Connector by svc-rotation@contoso.com", "Low"],
        ],
      );
      assert.equal(result.rules[0]!.failedRuns, 0);
    } finally {
      t.done();
    }
  });

  test("429 is retried after its Retry-After", async () => {
    const { t, sleeps } = await detect([recorded("adx-throttled"), recorded("adx-success")]);
    try {
      assert.deepEqual(sleeps, [2000]);
      assert.equal(listAlerts(t.store.db).length, 2);
    } finally {
      t.done();
    }
  });

  for (const [name, responses, code] of [
    ["a query error is a coded failure of the run", ["adx-semantic-error"], "WX001"],
    ["throttled past the retries", ["adx-throttled", "adx-throttled", "adx-throttled"], "WX005"],
    ["an authentication failure", [{ status: 401, headers: { "content-type": "application/json" }, body: { error: { code: "Unauthorized", message: "unauthorized" } } }], "WX002"],
  ] as const)
    test(name, async () => {
      const { t, result } = await detect(responses.map((r) => (typeof r === "string" ? recorded(r) : r)));
      try {
        const runs = listRuns(t.store.db);
        assert.deepEqual(
          runs.map((r) => [r.status, r.diagnosticCode]),
          [["Failure", code]],
        );
        assert.equal(listAlerts(t.store.db).length, 0);
        assert.ok(!storeText(t.store).includes(SECRET));
        assert.ok(!JSON.stringify(result.rules[0]!.diagnostics).includes(SECRET));
      } finally {
        t.done();
      }
    });
});
