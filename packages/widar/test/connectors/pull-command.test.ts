/** `widar pull graph` as a command: arguments, credentials from the environment, the report. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { CommandIO } from "../../src/cli/data-command.js";
import { runPull } from "../../src/cli/pull-command.js";
import { tmpDir } from "../data/support.js";
import { recording } from "./recorded-fetch.js";

async function capture(f: (io: CommandIO) => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await f({ stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } });
  return { code, out: out.join(""), err: err.join("") };
}

describe("widar pull", () => {
  test("usage errors are WC001 with exit 2", async () => {
    for (const argv of [["ldap"], ["graph", "--since", "2026-11-20"], ["graph", "--out", "x", "--since", "yesterday"], ["graph", "--out", "x", "--streams", "nope"]]) {
      const r = await capture((io) => runPull(argv, { env: {}, io }));
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.err, /error WC001/);
    }
  });

  test("missing credentials name the variables to set (WC020), before any request", async () => {
    const r = await capture((io) => runPull(["graph", "--since", "2026-11-20T00:00:00Z", "--out", tmpDir()], { env: { AZURE_TENANT_ID: "t" }, io }));
    assert.equal(r.code, 2);
    assert.match(r.err, /WC020: set AZURE_CLIENT_ID, AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH/);
  });

  test("a pull reports each stream; a stopped one says how to resume (exit 1)", async () => {
    const out = tmpDir("widar-pull-cli-");
    const rec = recording("graph-pull.page-break.json");
    const r = await capture((io) =>
      runPull(["graph", "--since", "2026-11-20T00:00:00.000+00:00", "--out", out, "--streams", "signIns-servicePrincipal"], {
        fetch: rec.fetch,
        tokens: { getToken: async () => "t" },
        sleep: async () => {},
        io,
      }),
    );
    assert.equal(r.code, 1);
    assert.match(r.out, /signIns-servicePrincipal\s+3 record\(s\)\s+incomplete\s+.*signIns-servicePrincipal\.ndjson → AADServicePrincipalSignInLogs/);
    assert.match(r.err, /error WC022: .*HTTP 500/);
    assert.match(r.err, /run the same command again to resume/);
    const resumed = await capture((io) =>
      runPull(["graph", "--out", out, "--streams", "signIns-servicePrincipal"], { fetch: recording("graph-pull.resume.json").fetch, tokens: { getToken: async () => "t" }, io }),
    );
    assert.equal(resumed.code, 0);
    assert.match(resumed.out, /signIns-servicePrincipal\s+5 record\(s\)\s+complete/);
  });
});
