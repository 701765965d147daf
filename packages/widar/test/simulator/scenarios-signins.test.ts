/**
 * The sign-in attack scenarios, each alone in a quiet tenant: the records carry what makes them
 * the attack they claim to be (real AADSTS codes, one token seen from two networks, a
 * Conditional Access block then a success without it, a steady baseline then a surge), and the
 * rule each targets raises an alert of the severity its label promises.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Catalog } from "@widar/kql";
import { buildCatalog } from "../../src/data/load-catalog.js";
import { loadRules } from "../../src/rules/load-rules.js";
import { replayRule } from "../../src/rules/replay.js";
import type { SimulationResult } from "../../src/simulator/index.js";
import { ipToInt } from "../../src/enrich/network-data.js";
import type { TABLE_NAMES } from "../../src/simulator/tables.js";
import { RULES_DIR } from "../rules/helpers.js";
import { readNdjson, run } from "./helpers.js";

const HOUR = 3_600_000;
const AT = "2026-11-20T14:40:00Z";
type Rec = Record<string, unknown>;

const time = (r: Rec) => Date.parse(r.TimeGenerated as string);
const hourOf = (t: number) => Math.floor(t / HOUR);
const slash16 = (ip: string) => Math.floor(ipToInt(ip)! / 65_536);

async function scenario(spec: string): Promise<{ sim: SimulationResult; rows: (table: (typeof TABLE_NAMES)[number]) => Rec[] }> {
  const sim = await run(`signins-${spec.replace(/[^a-z0-9]+/gi, "-")}`, { seed: 4, quiet: true, scenarios: [spec] });
  return { sim, rows: (table) => readNdjson(sim.outDir, table) };
}

/** Severities of the alerts `ruleId` raises about `spId`, replayed on its schedule over the scenario. */
async function severities(sim: SimulationResult, ruleId: string, spId: string): Promise<string[]> {
  const rule = loadRules([RULES_DIR]).loaded.map((l) => l.rule!).find((r) => r?.id === ruleId)!;
  const tables = Object.entries(sim.manifest.tables).map(([name, e]) => ({ name, path: join(sim.outDir, e!.file) }));
  const watchlists = [{ alias: "NetworkAllowlist", path: join(sim.outDir, "NetworkAllowlist.csv") }];
  const { catalog } = await buildCatalog({ queryTexts: [rule.query], tables, watchlists });
  const label = sim.groundTruth.scenarios[0]!;
  const from = (hourOf(Date.parse(label.window.start) - 1) - 1) * HOUR;
  const r = replayRule(rule, catalog as Catalog, from, Date.parse(label.evaluateAt) + HOUR);
  const out: string[] = [];
  for (const run of r.triggered) {
    const sp = run.result.column("ServicePrincipalId")!;
    const sev = run.result.column("AlertSeverity")!;
    for (let i = 0; i < run.result.rowCount; i++) if (sp.get(i) === spId) out.push(sev.get(i) as string);
  }
  return out;
}

describe("sign-in attack scenarios", () => {
  test("sp-brute-force: credential failures from three IPs, then the real secret works from one of them (RULE-02 High)", async () => {
    const { sim, rows } = await scenario(`sp-brute-force:at=${AT},failures=30`);
    const signIns = rows("AADServicePrincipalSignInLogs").sort((a, b) => time(a) - time(b));
    const failed = signIns.filter((r) => r.ResultType !== "0");
    const ok = signIns.filter((r) => r.ResultType === "0");
    assert.equal(failed.length, 30);
    assert.ok(failed.every((r) => r.ResultType === "7000215" && r.ClientCredentialType === "clientSecret" && r.ServicePrincipalCredentialKeyId === ""));
    assert.ok(failed.every((r) => (r.ResultDescription as string).startsWith("Invalid client secret provided.") && r.ResultSignature === "FAILURE"));
    assert.equal(new Set(failed.map((r) => r.IPAddress)).size, 3);
    assert.equal(ok.length, 2);
    assert.ok(ok.every((r) => time(r) > time(failed.at(-1)!) && r.ServicePrincipalCredentialKeyId !== ""));
    assert.ok(failed.some((r) => r.IPAddress === ok[0]!.IPAddress), "the success comes from a failing IP");
    assert.equal(new Set(signIns.map((r) => hourOf(time(r)))).size, 1, "one clock hour: one run of the hourly rule sees it all");
    assert.deepEqual(await severities(sim, "RULE-02", ok[0]!.ServicePrincipalId as string), ["High"]);
  });

  test("sp-brute-force with certificates: forged client assertions fail with AADSTS700027", async () => {
    const { rows } = await scenario(`sp-brute-force:at=${AT},credential=certificate`);
    const failed = rows("AADServicePrincipalSignInLogs").filter((r) => r.ResultType !== "0");
    assert.equal(failed.length, 24);
    assert.ok(failed.every((r) => r.ResultType === "700027" && r.ClientCredentialType === "clientAssertion"));
  });

  test("sp-token-replay: the token's uti is used against Graph from the runner and from another /16 (RULE-03 High)", async () => {
    const { sim, rows } = await scenario(`sp-token-replay:at=${AT}`);
    const [issued, ...more] = rows("AADServicePrincipalSignInLogs");
    assert.ok(issued !== undefined && more.length === 0);
    assert.equal(issued.ClientCredentialType, "federatedIdentityCredential");
    const graph = rows("MicrosoftGraphActivityLogs");
    assert.ok(graph.every((r) => r.SignInActivityId === issued.UniqueTokenIdentifier && r.ServicePrincipalId === issued.ServicePrincipalId));
    assert.ok(graph.every((r) => r.UserId === "" && r.Scopes === "" && r.ClientAuthMethod === 2 && (r.RequestUri as string).startsWith("https://graph.microsoft.com/")));
    assert.ok(graph.every((r) => r.TokenIssuedAt === `${(issued.TimeGenerated as string).slice(0, 19)}.000Z`));
    assert.ok(graph.every((r) => time(r) > time(issued) && time(r) < time(issued) + HOUR), "used while the token is alive");
    const ips = [...new Set(graph.map((r) => r.IPAddress as string))];
    assert.equal(ips.length, 2);
    assert.ok(ips.includes(issued.IPAddress as string));
    assert.equal(new Set(ips.map(slash16)).size, 2);
    assert.deepEqual(await severities(sim, "RULE-03", issued.ServicePrincipalId as string), ["High"]);
  });

  test("sp-ca-bypass: blocked by workload-identity CA, then a success it does not cover, then SharePoint downloads (RULE-04 High)", async () => {
    const { sim, rows } = await scenario(`sp-ca-bypass:at=${AT},files=5`);
    const signIns = rows("AADServicePrincipalSignInLogs").sort((a, b) => time(a) - time(b));
    const blocked = signIns.filter((r) => r.ConditionalAccessStatus === "failure");
    const [bypass] = signIns.filter((r) => r.ResultType === "0");
    assert.equal(blocked.length, 4);
    assert.ok(bypass !== undefined && bypass.ConditionalAccessStatus === "notApplied" && time(bypass) > time(blocked.at(-1)!));
    for (const r of blocked) {
      assert.equal(r.ResultType, "53003");
      assert.match(r.ResultDescription as string, /^Access has been blocked by Conditional Access policies/);
      assert.deepEqual(
        (JSON.parse(r.ConditionalAccessPolicies as string) as Rec[]).map((p) => [p.result, p.enforcedGrantControls]),
        [["failure", ["Block"]]],
      );
      // The secret was right: Conditional Access applies after the credential checks out.
      assert.equal(r.ServicePrincipalCredentialKeyId, bypass.ServicePrincipalCredentialKeyId);
    }
    assert.notEqual(bypass.IPAddress, blocked[0]!.IPAddress);
    const events = rows("CloudAppEvents");
    assert.equal(events.length, 5);
    for (const e of events) {
      assert.equal(e.OAuthAppId, bypass.AppId);
      assert.deepEqual([e.ActionType, e.Application, e.ApplicationId], ["FileDownloaded", "Microsoft SharePoint Online", 20892]);
      assert.equal((e.RawEventData as { AppAccessContext: Rec }).AppAccessContext.UniqueTokenId, bypass.UniqueTokenIdentifier);
      assert.ok(time(e) > time(bypass) && e.IPAddress === bypass.IPAddress);
    }
    const all = [...signIns, ...events, ...rows("MicrosoftGraphActivityLogs")];
    assert.equal(new Set(all.map((r) => hourOf(time(r)))).size, 1, "one clock hour");
    assert.deepEqual(await severities(sim, "RULE-04", bypass.ServicePrincipalId as string), ["High"]);
  });

  test("sp-signin-spike: a steady multi-day baseline, then hundreds of sign-ins in one hour from a new country (RULE-12 High, RULE-01 Low)", async () => {
    const { sim, rows } = await scenario(`sp-signin-spike:at=${AT},days=4`);
    const label = sim.groundTruth.scenarios[0]!;
    const contextIds = new Set(label.contextRecords!.AADServicePrincipalSignInLogs);
    const signIns = rows("AADServicePrincipalSignInLogs");
    const context = signIns.filter((r) => contextIds.has(r.Id as string));
    const attack = signIns.filter((r) => !contextIds.has(r.Id as string));
    assert.equal(attack.length, 240);
    assert.equal(new Set(attack.map((r) => hourOf(time(r)))).size, 1);
    const attackHour = hourOf(time(attack[0]!));
    const perHour = new Map<number, number>();
    for (const r of context) perHour.set(hourOf(time(r)), (perHour.get(hourOf(time(r))) ?? 0) + 1);
    assert.equal(perHour.size, 4 * 24, "every hour of four days, up to the attack hour");
    assert.equal(Math.max(...perHour.keys()), attackHour - 1);
    assert.ok(Math.max(...perHour.values()) <= 2 * Math.min(...perHour.values()) + 2, "a steady rhythm");
    const countries = new Set(context.map((r) => r.Location));
    assert.ok(!countries.has(attack[0]!.Location), "the attacker's VPS is in a country new for the workload");
    const sp = attack[0]!.ServicePrincipalId as string;
    assert.deepEqual(await severities(sim, "RULE-12", sp), ["High"]);
    assert.deepEqual(await severities(sim, "RULE-01", sp), ["Low"]);
  });
});
