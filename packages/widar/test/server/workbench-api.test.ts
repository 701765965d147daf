/**
 * The workbench's HTTP API over real HTTP on an ephemeral port, on a store `widar detect` made:
 * the token (refused without it, the URL's token becomes a cookie), the loopback bind, the
 * queue's filters, search and sort, an incident's verdict reasons and timeline, the report, the
 * analyst's actions (the CLI's validation, the change visible to `widar incidents`), the rules,
 * KQL with diagnostics at spans and the limits of `widar query`, the data summary, live events.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { request } from "node:http";
import { networkInterfaces } from "node:os";
import { rmSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import { type RunningServer, startServer } from "../../src/server/http-server.js";
import { openWorkbench, type Workbench } from "../../src/server/workbench.js";
import { buildWorkbenchStore, HOSTILE_APP, WIDAR, type WorkbenchStore } from "./workbench-store.js";

let fx: WorkbenchStore;
let wb: Workbench;
let server: RunningServer;

before(async () => {
  fx = buildWorkbenchStore("widar-serve-api-");
  wb = await openWorkbench({ storeFile: fx.store, dataPaths: [fx.data], rulesDir: fx.rules, limits: { maxResultRows: 1000 } });
  server = await startServer(wb, { port: 0, liveIntervalMs: 50 });
});

after(async () => {
  await server?.close();
  wb?.close();
  rmSync(fx.dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(method: string, path: string, o: { body?: unknown; auth?: boolean; headers?: Record<string, string>; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : typeof o.body === "string" ? o.body : JSON.stringify(o.body);
    const req = request(
      {
        host: o.host ?? "127.0.0.1",
        port: server.port,
        method,
        path,
        headers: { ...(o.auth === false ? {} : { Authorization: `Bearer ${server.token}` }), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...o.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = async (method: string, path: string, body?: unknown) => {
  const r = await call(method, path, { body });
  return { status: r.status, data: JSON.parse(r.body) };
};

describe("access", () => {
  test("a request without the token is refused (WW003), with the security headers", async () => {
    const r = await call("GET", "/api/incidents", { auth: false });
    assert.equal(r.status, 401);
    assert.equal(JSON.parse(r.body).error.code, "WW003");
    assert.match(String(r.headers["content-security-policy"]), /default-src 'none'; script-src 'self'/);
    const wrong = await call("GET", "/api/incidents", { auth: false, headers: { Cookie: "widar_token=nope" } });
    assert.equal(wrong.status, 401);
    const page = await call("GET", "/", { auth: false });
    assert.equal(page.status, 401, "the front end itself needs the token");
  });

  test("the URL's token becomes an HttpOnly SameSite cookie and leaves the address", async () => {
    const r = await call("GET", `/?token=${server.token}`, { auth: false });
    assert.equal(r.status, 303);
    assert.equal(r.headers.location, "/");
    const cookie = String(r.headers["set-cookie"]);
    assert.match(cookie, /widar_token=[0-9a-f]{64}; HttpOnly; SameSite=Strict/);
    const withCookie = await call("GET", "/api/incidents", { auth: false, headers: { Cookie: cookie.split(";")[0]! } });
    assert.equal(withCookie.status, 200);
  });

  test("another Host name (DNS rebinding) and a cross-origin POST are refused", async () => {
    const r = await call("GET", "/api/incidents", { headers: { Host: `evil.example:${server.port}` } });
    assert.equal(r.status, 403);
    assert.equal(JSON.parse(r.body).error.code, "WW006");
    const post = await call("POST", "/api/query", { body: { query: "print 1" }, headers: { Origin: "https://evil.example" } });
    assert.equal(post.status, 403);
  });

  test("it listens on loopback only: a non-loopback address of this machine is not served", async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((a) => a !== undefined && a.family === "IPv4" && !a.internal);
    if (external === undefined) return; // a machine with no other address: nothing to try
    const r = await call("GET", "/api/incidents", { host: external.address }).catch((e: NodeJS.ErrnoException) => e.code);
    assert.equal(r, "ECONNREFUSED");
  });

  test("a body over the limit is refused (WW004); a body that is not JSON is WW001", async () => {
    const big = await call("POST", "/api/query", { body: JSON.stringify({ query: "x".repeat(1024 * 1024 + 10) }) });
    assert.equal(big.status, 413);
    const bad = await call("POST", "/api/query", { body: "{nope" });
    assert.equal(JSON.parse(bad.body).error.code, "WW001");
  });

  test("unknown endpoints and methods are coded errors", async () => {
    assert.equal((await call("GET", "/api/nope")).status, 404);
    assert.equal((await call("DELETE", "/api/incidents")).status, 405);
  });
});

describe("incidents", () => {
  test("the queue: the incident with its verdict; filters, search and sort", async () => {
    const { data } = await json("GET", "/api/incidents");
    assert.equal(data.total, 1);
    const i = data.incidents[0];
    assert.equal(i.incidentNumber, 1);
    assert.equal(i.ruleId, "CRED-01");
    assert.equal(i.severity, "High");
    assert.equal(i.verdict, "malicious");
    assert.ok(i.title.includes(HOSTILE_APP), "the title is the value as stored");
    for (const [q, n] of [
      ["severity=High", 1],
      ["severity=Low", 0],
      ["status=New,Active", 1],
      ["rule=CRED-02", 0],
      ["search=credential%20dana", 1],
      ["search=nothing-like-this", 0],
      ["entity=138.68.163.116", 1],
      ["owner=nobody", 0],
      ["sort=lastActivity&order=asc", 1],
    ] as const)
      assert.equal((await json("GET", `/api/incidents?${q}`)).data.total, n, q);
    const bad = await json("GET", "/api/incidents?sort=sideways");
    assert.equal(bad.status, 400);
    assert.match(bad.data.error.message, /sort=sideways: expected one of severity/);
  });

  test("one incident: alerts, verdict reasons with weights, actions, IPs with ASN, timeline", async () => {
    const { data } = await json("GET", "/api/incidents/1");
    assert.equal(data.verdict, "malicious");
    const inv = data.alerts[0].investigation;
    const reasons = inv.verdict.reasons as { id: string; weight: number; text: string }[];
    assert.ok(reasons.some((r) => r.id === "pim-before" && r.weight === -1));
    assert.ok(reasons.some((r) => r.id === "hosting-ip" && r.weight > 0 && /DigitalOcean/.test(r.text)));
    assert.ok(inv.actions.length > 0 && inv.actions[0].commands.length > 0);
    const ip = data.ips.find((x: { address: string }) => x.address === "138.68.163.116");
    assert.equal(ip.asn, 14061);
    assert.ok(data.timeline.activities.some((a: { inAlert: boolean }) => a.inAlert));
    assert.equal(data.timeline.alerts.length, 1);
    assert.deepEqual(Object.keys(data.classifications), ["TruePositive", "BenignPositive", "FalsePositive", "Undetermined"]);
    assert.equal((await json("GET", "/api/incidents/99")).status, 404);
  });

  test("the report as Markdown and as HTML (its own no-script policy), as widar report writes it", async () => {
    const md = await call("GET", "/api/incidents/1/report?format=markdown&download=1");
    assert.equal(md.status, 200);
    assert.match(String(md.headers["content-disposition"]), /attachment; filename="incident-1.md"/);
    assert.match(md.body, /^# /);
    assert.ok(!/(^|[^\\])<img/m.test(md.body), "Markdown escapes the payload");
    const html = await call("GET", "/api/incidents/1/report?format=html");
    assert.match(String(html.headers["content-security-policy"]), /default-src 'none'.*sandbox/);
    assert.ok(html.body.includes("Sync&lt;img src=x onerror=window.__pwned=1&gt;"));
    assert.ok(!html.body.includes("<img src=x"));
  });

  test("actions: the CLI's validation; assign, comment, classify and close; widar incidents sees it", async () => {
    const bad = await json("POST", "/api/incidents/1/actions", { classification: "TruePositive" });
    assert.equal(bad.status, 422);
    assert.match(bad.data.error.message, /--classification is given when closing/);
    const noClass = await json("POST", "/api/incidents/1/actions", { status: "Closed" });
    assert.match(noClass.data.error.message, /closing an incident needs --classification/);
    const unknown = await json("POST", "/api/incidents/1/actions", { sudo: "yes" });
    assert.equal(unknown.data.error.code, "WW001");
    assert.equal((await json("POST", "/api/incidents/1/actions", { owner: "ana@contoso.com", by: "ana" })).status, 200);
    assert.equal((await json("POST", "/api/incidents/1/actions", { comment: "looking", by: "ana" })).status, 200);
    const closed = await json("POST", "/api/incidents/1/actions", { status: "Closed", classification: "BenignPositive", comment: "planned rotation", by: "ana" });
    assert.equal(closed.status, 200);
    assert.equal(closed.data.incident.status, "Closed");
    assert.equal(closed.data.incident.classification, "BenignPositive");
    assert.equal(closed.data.incident.classificationReason, "SuspiciousButExpected");
    assert.equal(closed.data.incident.owner, "ana@contoso.com");
    assert.equal(closed.data.comments.length, 1);
    const cli = spawnSync(process.execPath, [WIDAR, "incidents", "--store", fx.store, "--format", "json"], { encoding: "utf8" });
    const listed = JSON.parse(cli.stdout);
    assert.equal(listed[0].status, "Closed");
    assert.equal(listed[0].classification, "BenignPositive");
    // Reopened for the other tests: status New clears the classification, as in the CLI.
    assert.equal((await json("POST", "/api/incidents/1/actions", { status: "New" })).data.incident.classification, null);
  });
});

describe("rules, query, data, live updates", () => {
  test("rules: schedule, MITRE, fixture cases, runs and health, metrics", async () => {
    const { data } = await json("GET", "/api/rules");
    const r = data.rules.find((x: { ruleId: string }) => x.ruleId === "CRED-01");
    assert.equal(r.queryFrequencyMs, 3_600_000);
    assert.ok(r.tactics.includes("Persistence"));
    assert.ok(r.techniques.includes("T1098.001"));
    assert.ok(r.fixtureCases.includes("positive-unfamiliar-ip-after-pim"));
    assert.ok(r.health.runs > 0 && r.health.success === r.health.runs);
    assert.ok(r.lastRuns.length > 0 && r.lastRuns.length <= 10);
    assert.equal(r.metrics.alerts, 1);
    assert.match(r.query, /AuditLogs/);
  });

  test("KQL over the loaded data and the store; the chart it asks for", async () => {
    const { data } = await json("POST", "/api/query", { query: "AuditLogs | summarize n = count() by bin(TimeGenerated, 1h) | render timechart" });
    assert.equal(data.ok, true);
    assert.equal(data.visualization, "timechart");
    assert.deepEqual(data.tables[0].columns, [
      { name: "TimeGenerated", type: "datetime" },
      { name: "n", type: "long" },
    ]);
    assert.deepEqual(data.tables[0].rows, [["2026-11-21T11:00:00.0000000Z", 3]]);
    const store = await json("POST", "/api/query", { query: "SecurityIncident | summarize count() by IncidentNumber" });
    assert.deepEqual(store.data.tables[0].rows, [[1, store.data.tables[0].rows[0][1]]]);
  });

  test("a query with an error: the diagnostic's code, message and span (line and column)", async () => {
    const { data } = await json("POST", "/api/query", { query: "AuditLogs\n| where Foo > 1" });
    assert.equal(data.ok, false);
    const d = data.diagnostics[0];
    assert.equal(d.code, "KS142");
    assert.deepEqual(d.span, { start: 18, length: 3 });
    assert.equal(d.line, 2);
    assert.equal(d.column, 9);
  });

  test("the limits of widar query apply (here --max-result-rows 1000: WQ051)", async () => {
    const { data } = await json("POST", "/api/query", { query: "range x from 1 to 5000 step 1" });
    assert.equal(data.ok, false);
    assert.ok(data.diagnostics.some((d: { code: string }) => d.code === "WQ051"), JSON.stringify(data.diagnostics));
    const ok = await json("POST", "/api/query", { query: "set truncationmaxrecords = 10000; range x from 1 to 5000 step 1" });
    assert.equal(ok.data.tables[0].rows.length, 5000);
  });

  test("schema for the editor, and the data page's summary", async () => {
    const { data: schema } = await json("GET", "/api/schema");
    const audit = schema.tables.find((t: { name: string }) => t.name === "AuditLogs");
    assert.equal(audit.source, "data");
    assert.ok(audit.columns.some((c: { name: string }) => c.name === "OperationName"));
    assert.ok(schema.tables.some((t: { name: string; source: string }) => t.name === "SecurityIncident" && t.source === "store"));
    const { data } = await json("GET", "/api/data");
    assert.deepEqual(
      data.tables.map((t: { name: string; rows: number }) => [t.name, t.rows]),
      [
        ["AuditLogs", 3],
        ["SigninLogs", 1],
      ],
    );
    assert.equal(data.tables[0].timeRange.from, "2026-11-21T11:30:00.000Z");
  });

  test("live updates: a change to the store is a `changed` event", async () => {
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port: server.port, path: "/api/events", headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          events.push(chunk);
          if (chunk.includes("event: hello")) void json("POST", "/api/incidents/1/actions", { comment: "ping" });
          if (chunk.includes("event: changed")) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on("error", reject);
      req.end();
    });
    assert.ok(events.join("").includes("event: changed"));
  });
});
