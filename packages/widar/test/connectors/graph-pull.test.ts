/**
 * `widar pull graph` against recorded Graph responses (./fixtures): paging by @odata.nextLink,
 * the risky users stream, a 429 with Retry-After, a page break (HTTP 500) and the resumed run, a crash between writing a
 * page and committing it, a nextLink that leaves Graph, and the files loading into their tables.
 */
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pullGraph } from "../../src/connectors/graph/graph-pull.js";
import { CURSOR_FILE } from "../../src/connectors/graph/pull-cursor.js";
import type { HttpFetch } from "../../src/connectors/http.js";
import { loadEntraTable } from "../../src/data/load-table.js";
import { rowsOf, tmpDir } from "../data/support.js";
import { recording } from "./recorded-fetch.js";

const SINCE = "2026-11-20T00:00:00Z";
const tokens = { getToken: async () => "test-token" };

function sleeper() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const cursorOf = (dir: string) => JSON.parse(readFileSync(join(dir, CURSOR_FILE), "utf8"));

describe("widar pull graph (recorded responses)", () => {
  test("pages through @odata.nextLink and waits out a 429's Retry-After", async () => {
    const out = tmpDir("widar-pull-");
    const rec = recording("graph-pull.throttled.json");
    const { waits, sleep } = sleeper();
    const log: string[] = [];
    const r = await pullGraph({ out, since: SINCE, streams: ["directoryAudits", "riskyServicePrincipals"], fetch: rec.fetch, tokens, sleep, log: (l) => log.push(l) });
    assert.equal(r.error, undefined);
    assert.deepEqual(rec.pending(), []);
    assert.deepEqual(waits, [2000]);
    assert.deepEqual(
      r.streams.map((s) => [s.name, s.records, s.pages, s.done]),
      [
        ["directoryAudits", 3, 2, true],
        ["riskyServicePrincipals", 1, 1, true],
      ],
    );
    assert.deepEqual(
      lines(join(out, "directoryAudits.ndjson")).map((o) => o.activityDisplayName),
      ["Add service principal", "Add service principal", "Add service principal credentials"],
    );
    // The same page was asked again after the wait; the token went with every request.
    assert.deepEqual(
      rec.requests.map((q) => q.url.replace(/^.*(directoryAudits|riskyServicePrincipals).*?(skiptoken=\w+)?$/, "$1 $2").trim()),
      ["directoryAudits", "directoryAudits skiptoken=Y2xpZW50LXBhZ2UtMg", "directoryAudits skiptoken=Y2xpZW50LXBhZ2UtMg", "riskyServicePrincipals"],
    );
    assert.ok(rec.requests.every((q) => q.headers.Authorization === "Bearer test-token"));
    assert.equal(rec.requests[3]!.headers.Prefer, "include-unknown-enum-members");
    assert.ok(log.some((l) => /HTTP 429, waiting 2s/.test(l)));
    assert.equal(cursorOf(out).streams.directoryAudits.done, true);
  });

  test("a page break stops the pull at that page; the next run resumes there, without duplicates", async () => {
    const out = tmpDir("widar-pull-");
    const first = recording("graph-pull.page-break.json");
    const r1 = await pullGraph({ out, since: SINCE, streams: ["signIns-servicePrincipal"], fetch: first.fetch, tokens, sleep: sleeper().sleep });
    assert.equal(r1.error?.code, "WC022");
    assert.match(r1.error!.message, /signIns-servicePrincipal page 2: HTTP 500: UnknownError/);
    const file = join(out, "signIns-servicePrincipal.ndjson");
    assert.equal(lines(file).length, 3);
    const c = cursorOf(out).streams["signIns-servicePrincipal"];
    assert.equal(c.done, false);
    assert.match(c.next, /skiptoken=c2lnbmlucy0y$/);

    // A crash after a page was written but before the cursor was committed leaves extra lines.
    appendFileSync(file, '{"id":"uncommitted"}\n{"id":"half a li');
    const second = recording("graph-pull.resume.json");
    const r2 = await pullGraph({ out, streams: ["signIns-servicePrincipal"], fetch: second.fetch, tokens, sleep: sleeper().sleep });
    assert.equal(r2.error, undefined);
    assert.equal(r2.since, SINCE);
    assert.deepEqual(second.requests.length, 1, "only page 2 is fetched again");
    assert.deepEqual(
      lines(file).map((o) => o.id),
      ["5e0b0001-aaaa-bbbb-cccc-ddddeeeeffff", "5e0b0002-aaaa-bbbb-cccc-ddddeeeeffff", "5e0b0003-aaaa-bbbb-cccc-ddddeeeeffff", "5e0b0004-aaaa-bbbb-cccc-ddddeeeeffff", "5e0b0005-aaaa-bbbb-cccc-ddddeeeeffff"],
    );
    // What was pulled loads into its Log Analytics table.
    const t = await loadEntraTable("AADServicePrincipalSignInLogs", file, { cache: false, progress: false, rejectsDir: tmpDir() });
    assert.equal(t.table.rowCount, 5);
    assert.deepEqual(
      t.diagnostics.filter((d) => d.severity !== "info"),
      [],
    );
  });

  test("an unfinished pull is not restarted with another --since by mistake", async () => {
    const out = tmpDir("widar-pull-");
    await pullGraph({ out, since: SINCE, streams: ["signIns-servicePrincipal"], fetch: recording("graph-pull.page-break.json").fetch, tokens, sleep: sleeper().sleep });
    const r = await pullGraph({ out, since: "2026-11-19T00:00:00Z", streams: ["signIns-servicePrincipal"], fetch: recording().fetch, tokens });
    assert.equal(r.error?.code, "WC021");
    const restarted = await pullGraph({
      out,
      since: SINCE,
      restart: true,
      streams: ["signIns-servicePrincipal"],
      fetch: recording("graph-pull.page-break.json").fetch,
      tokens,
      sleep: sleeper().sleep,
    });
    assert.equal(restarted.error?.code, "WC022");
    assert.equal(lines(join(out, "signIns-servicePrincipal.ndjson")).length, 3, "--restart empties the file first");
  });

  test("a finished pull's next run starts where it started; --since is needed only the first time", async () => {
    const out = tmpDir("widar-pull-");
    const none = await pullGraph({ out, streams: ["riskyServicePrincipals"], fetch: recording().fetch, tokens });
    assert.equal(none.error?.code, "WC001");
    const rec = recording("graph-pull.throttled.json");
    const now = () => Date.parse("2026-11-21T12:00:00Z");
    await pullGraph({ out, since: SINCE, streams: ["riskyServicePrincipals"], fetch: rec.fetch, tokens, now });
    const asked: string[] = [];
    const fetch: HttpFetch = async (url) => {
      asked.push(url);
      return { status: 200, headers: { get: () => null }, text: async () => '{"value":[]}' };
    };
    const r = await pullGraph({ out, streams: ["riskyServicePrincipals"], fetch, tokens, now: () => Date.parse("2026-11-21T13:00:00Z") });
    assert.equal(r.error, undefined);
    assert.equal(r.since, "2026-11-21T12:00:00.000Z");
    assert.match(decodeURIComponent(asked[0]!), /riskLastUpdatedDateTime ge 2026-11-21T12:00:00.000Z$/);
    assert.equal(lines(join(out, "riskyServicePrincipals.ndjson")).length, 1, "earlier records are kept");
  });

  test("riskyUsers: filtered on riskLastUpdatedDateTime, paged, and loaded into AADRiskyUsers", async () => {
    const out = tmpDir("widar-pull-");
    const rec = recording("graph-pull.risky-users.json");
    const r = await pullGraph({ out, since: SINCE, streams: ["riskyUsers"], fetch: rec.fetch, tokens, sleep: sleeper().sleep });
    assert.equal(r.error, undefined);
    assert.deepEqual(rec.pending(), []);
    assert.deepEqual(
      r.streams.map((s) => [s.name, s.table, s.records, s.pages, s.done]),
      [["riskyUsers", "AADRiskyUsers", 3, 2, true]],
    );
    assert.match(decodeURIComponent(rec.requests[0]!.url), /\/v1\.0\/identityProtection\/riskyUsers\?\$filter=riskLastUpdatedDateTime ge 2026-11-20T00:00:00Z$/);
    // Without it Graph hides riskDetail values newer than the v1.0 enum.
    assert.ok(rec.requests.every((q) => q.headers.Prefer === "include-unknown-enum-members"));
    const t = await loadEntraTable("AADRiskyUsers", join(out, "riskyUsers.ndjson"), { cache: false, progress: false, rejectsDir: tmpDir() });
    assert.deepEqual(
      t.diagnostics.filter((d) => d.severity !== "info"),
      [],
    );
    assert.deepEqual(
      rowsOf(t.table).map((x) => [x.TimeGenerated, x.UserPrincipalName, x.RiskLevel, x.RiskState, x.RiskDetail, x.IsProcessing]),
      [
        ["2026-11-20T08:14:02.5416301Z", "alice@contoso.com", "high", "atRisk", "none", false],
        ["2026-11-20T09:40:51.0023117Z", "timothy.perkins@contoso.com", "medium", "atRisk", "none", true],
        ["2026-11-20T10:02:44.1870000Z", "bob@contoso.com", "none", "remediated", "userPerformedSecuredPasswordReset", false],
      ],
    );
  });

  test("the token never leaves Graph: a nextLink to another host stops the pull", async () => {
    const out = tmpDir("widar-pull-");
    const asked: string[] = [];
    const fetch: HttpFetch = async (url) => {
      asked.push(url);
      return { status: 200, headers: { get: () => null }, text: async () => JSON.stringify({ value: [{ id: "x" }], "@odata.nextLink": "https://graph.microsoft.com.evil.example/next" }) };
    };
    const r = await pullGraph({ out, since: SINCE, streams: ["riskyServicePrincipals"], fetch, tokens });
    assert.equal(r.error?.code, "WC025");
    assert.equal(asked.length, 1);
  });

  test("still throttled after the retries: WC023, and the cursor keeps the page", async () => {
    const out = tmpDir("widar-pull-");
    const { waits, sleep } = sleeper();
    const fetch: HttpFetch = async () => ({ status: 429, headers: { get: () => null }, text: async () => "{}" });
    const r = await pullGraph({ out, since: SINCE, streams: ["directoryAudits"], fetch, tokens, sleep, maxRetries: 3 });
    assert.equal(r.error?.code, "WC023");
    assert.deepEqual(waits, [2000, 4000, 8000], "exponential backoff without Retry-After");
    assert.equal(cursorOf(out).streams.directoryAudits.pages, 0);
  });

  test("a credential problem is WC020; a response that is not a page is WC026", async () => {
    const out = tmpDir("widar-pull-");
    const bad = { getToken: async () => Promise.reject(new Error("AADSTS7000215: Invalid client secret provided.\nTrace ID: x")) };
    const r1 = await pullGraph({ out, since: SINCE, streams: ["directoryAudits"], fetch: recording().fetch, tokens: bad });
    assert.deepEqual(r1.error, { code: "WC020", message: "cannot get a Microsoft Graph token: AADSTS7000215: Invalid client secret provided." });
    const html: HttpFetch = async () => ({ status: 200, headers: { get: () => null }, text: async () => "<html>proxy login</html>" });
    const r2 = await pullGraph({ out, streams: ["directoryAudits"], fetch: html, tokens });
    assert.equal(r2.error?.code, "WC026");
  });
});
