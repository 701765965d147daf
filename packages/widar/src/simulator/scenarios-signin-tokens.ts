/**
 * Sign-in attacks followed past the token: a pipeline's Graph token replayed from elsewhere
 * (MicrosoftGraphActivityLogs), and a Conditional Access block sidestepped from another network,
 * after which the app reads SharePoint (MicrosoftGraphActivityLogs and CloudAppEvents).
 */
import type { RecordEnv } from "./audit-records.js";
import { type SharePointSite, sharePointFileEvent } from "./cloud-app-records.js";
import { type GraphToken, graphRequest, tokenOf } from "./graph-activity-records.js";
import { HIGH_RISK_COUNTRIES, NETWORK_PREFIXES, hostInPrefix } from "../enrich/network-data.js";
import type { Rng } from "./prng.js";
import { type Emit, MINUTE, type ScenarioDefinition, attackerEgress, emit, intParam, lastTime, spLabel } from "./scenario-kit.js";
import { AADSTS, clientCredentialSignIn, currentCredential, resourceOf, startInOneHour } from "./signin-attack-kit.js";
import type { ConditionalAccessOutcome } from "./signin-records.js";
import type { Egress } from "./tenant-model.js";
import { USER_AGENTS } from "./user-agents.js";
import { isPlatformIdentity } from "./platform-identities.js";

/** What a thief probes first with an app-only Graph token: what it can list, and what it cannot. */
const RECON: readonly (readonly [path: string, status: number, bytes: readonly [number, number]])[] = [
  ["/v1.0/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials", 200, [6_000, 40_000]],
  ["/v1.0/organization", 403, [280, 320]],
  ["/v1.0/users?$top=999&$select=displayName,userPrincipalName,jobTitle", 403, [280, 320]],
  ["/v1.0/servicePrincipals?$top=999", 403, [280, 320]],
  ["/v1.0/groups?$top=999", 403, [280, 320]],
  ["/v1.0/directoryRoles?$expand=members", 403, [280, 320]],
  ["/beta/applications?$select=id,appId,displayName,requiredResourceAccess", 200, [8_000, 60_000]],
  ["/v1.0/auditLogs/directoryAudits?$top=50", 403, [280, 320]],
];

export const spTokenReplay: ScenarioDefinition = {
  name: "sp-token-replay",
  summary:
    "A compromised third-party action in the infrastructure workflow leaks the Graph access token gh-actions-infra-deploy obtained; the attacker replays it from a VPS within its lifetime",
  technique: "T1550.001",
  tactic: "DefenseEvasion",
  params: { requests: intParam("Graph requests the attacker makes with the stolen token", 8, 1, 30) },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const sp = env.tenant.named.pipeline;
    const fic = sp.app!.credentials.find((c) => c.type === "Federated")!;
    const runner = rng.pick(sp.signIn!.egress);
    const t0 = at + rng.int(5, 50) * 1000;
    const issued = clientCredentialSignIn(env, {
      t: t0,
      sp,
      egress: runner,
      resource: resourceOf(env.tenant.firstParty.graph!),
      credential: fic,
      userAgent: sp.signIn!.userAgent,
    });
    const token = tokenOf(sp, issued);
    const emits: Emit[] = [emit("AADServicePrincipalSignInLogs", issued)];
    // The job itself: Terraform reading the app registrations it manages, from the runner.
    const managed = rng.sample(
      env.tenant.servicePrincipals.filter((s) => s.app !== null && !isPlatformIdentity(env.tenant, s)),
      3,
    );
    let t = t0 + rng.int(10, 30) * 1000;
    for (const s of managed) {
      t += rng.int(2, 25) * 1000;
      emits.push(get(env, t, token, runner, `/v1.0/applications/${s.app!.objectId}`, 200, [2_500, 9_000], USER_AGENTS.terraform, true));
    }
    // The replay: the same token, from the attacker's box, while it is still valid.
    const thief = attackerEgress(rng, "hosting");
    t = t0 + rng.int(18, 30) * MINUTE;
    for (let k = 0; k < Number(params.requests); k++) {
      const [path, status, bytes] = RECON[k % RECON.length]!;
      emits.push(get(env, t, token, thief, path, status, bytes, USER_AGENTS.curl, false));
      t += rng.int(15, 60) * 1000;
    }
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-03"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Token ${token.uti} issued to the runner at ${runner.ip} (Azure) and used from ${thief.ip} (${thief.prefix.isp}): RULE-03 High (issued to one network, used from another). The federated credential needs no secret: only the token was stolen.`,
    };
  },
};

function get(
  env: RecordEnv,
  t: number,
  token: GraphToken,
  egress: Egress,
  path: string,
  status: number,
  bytes: readonly [number, number],
  userAgent: string,
  sdk: boolean,
): Emit {
  const { rng } = env;
  const row = graphRequest(env, {
    t,
    token,
    egress,
    method: "GET",
    path,
    status,
    responseBytes: rng.int(bytes[0], bytes[1]),
    durationMs: rng.int(40, status === 200 ? 900 : 120),
    userAgent,
    sendsClientRequestId: sdk,
  });
  return emit("MicrosoftGraphActivityLogs", row);
}

/** The tenant's workload-identity policy: sign-ins from the sanctioned-country named location are blocked. */
const WORKLOAD_CA_POLICY = { id: "3e7b9d41-6c2a-4f85-a0d3-8b1e5c7f2a96", displayName: "CA-WID-01: Block workload identities from high-risk countries" };

const caOutcome = (result: "failure" | "notApplied"): ConditionalAccessOutcome => ({
  status: result,
  policies: JSON.stringify([{ ...WORKLOAD_CA_POLICY, enforcedGrantControls: ["Block"], enforcedSessionControls: [], result }]),
});

const SITES: Readonly<Record<string, readonly string[]>> = {
  Finance: ["FY27 Budget - Draft.xlsx", "Q3 Close Adjustments.xlsx", "Bank Accounts and Signatories.xlsx", "Vendor Master Export.csv"],
  Legal: ["Pending Litigation Summary.docx", "NDA Register.xlsx", "Acquisition Term Sheet - Confidential.pdf"],
  HR: ["Salary Bands 2026.xlsx", "Headcount Plan FY27.xlsx", "Employee Census Nov.csv", "Performance Calibration.xlsx"],
  Executive: ["Board Deck - November.pptx", "Strategy Offsite Notes.docx", "M&A Pipeline.xlsx"],
};

export const spCaBypass: ScenarioDefinition = {
  name: "sp-ca-bypass",
  summary:
    "An attacker holding SharepointAPI-Test's client secret is blocked by the workload-identity Conditional Access policy from a cloud host in a high-risk country, retries from a VPS the policy does not cover, and downloads SharePoint files",
  technique: "T1078.004",
  tactic: "DefenseEvasion",
  params: { files: intParam("SharePoint files the app downloads after the bypass", 12, 1, 40) },
  leadMs: 0,
  build({ env, rng, at, params }) {
    const sp = env.tenant.named.sharepointApp;
    const secret = currentCredential(sp, "Password", at)!;
    const graph = resourceOf(env.tenant.firstParty.graph!);
    const blockedFrom = highRiskCloud(rng);
    const bypassFrom = attackerEgress(rng, "hosting");
    const start = startInOneHour(rng, at, 40 * MINUTE);
    const emits: Emit[] = [];
    let t = start;
    for (let k = 0; k < 4; k++) {
      const row = clientCredentialSignIn(env, {
        t,
        sp,
        egress: blockedFrom,
        resource: graph,
        credential: secret,
        userAgent: USER_AGENTS.pythonRequests,
        failure: AADSTS.blockedByCa,
        conditionalAccess: caOutcome("failure"),
      });
      emits.push(emit("AADServicePrincipalSignInLogs", row));
      t += rng.int(30, 80) * 1000;
    }
    t += rng.int(5, 8) * MINUTE;
    const bypass = clientCredentialSignIn(env, {
      t,
      sp,
      egress: bypassFrom,
      resource: graph,
      credential: secret,
      userAgent: USER_AGENTS.pythonRequests,
      conditionalAccess: caOutcome("notApplied"),
    });
    emits.push(emit("AADServicePrincipalSignInLogs", bypass));
    const token = tokenOf(sp, bypass);
    const downloads = sharePointLoot(env, t + rng.int(20, 60) * 1000, token, bypassFrom, Number(params.files));
    emits.push(...downloads);
    return {
      emits,
      identities: [spLabel("target", sp)],
      expectedRules: ["RULE-04"],
      evaluateAt: lastTime(emits) + 5 * MINUTE,
      notes: `Four sign-ins with the app's real secret blocked (AADSTS53003, ConditionalAccessStatus failure) from ${blockedFrom.ip} (${blockedFrom.prefix.country}); success from ${bypassFrom.ip} (${bypassFrom.prefix.country}), outside the policy's location condition (notApplied); then ${params.files} files downloaded through Graph (CloudAppEvents FileDownloaded, OAuthAppId = the app): RULE-04 High.`,
    };
  },
};

/** A cloud or hosting network in a high-risk country: attacker tooling's first home. */
function highRiskCloud(rng: Rng): Egress {
  const prefix = rng.pick(NETWORK_PREFIXES.filter((p) => HIGH_RISK_COUNTRIES.has(p.country) && (p.kind === "cloud" || p.kind === "hosting")));
  return { ip: hostInPrefix(prefix, rng.int(0, 1_000_000)), prefix };
}

/** Listing a site's library through Graph, then downloading files from it (Graph answers /content with a redirect). */
function sharePointLoot(env: RecordEnv, from: number, token: GraphToken, egress: Egress, files: number): Emit[] {
  const { rng } = env;
  const name = rng.pick(Object.keys(SITES));
  const host = `${env.tenant.name}.sharepoint.com`;
  const site: SharePointSite = { url: `https://${host}/sites/${name}`, siteId: rng.guid(), webId: rng.guid(), listId: rng.guid() };
  const driveId = `b!${rng.base64url(64)}`;
  const ua = USER_AGENTS.pythonRequests;
  const out: Emit[] = [];
  let t = from;
  out.push(get(env, t, token, egress, "/v1.0/sites?search=*", 200, [3_000, 12_000], ua, false));
  t += rng.int(5, 20) * 1000;
  out.push(get(env, t, token, egress, `/v1.0/sites/${host},${site.siteId},${site.webId}/drive/root/children`, 200, [4_000, 30_000], ua, false));
  const names = SITES[name]!;
  // A script pulling a library: a file every few seconds to a minute, twenty minutes at most.
  const pace = Math.min(60_000, Math.floor((20 * MINUTE) / files));
  for (let k = 0; k < files; k++) {
    t += rng.int(Math.floor(pace / 4), pace);
    const base = names[k % names.length]!;
    const fileName = k < names.length ? base : base.replace(/(\.[a-z]+)$/, ` (${Math.floor(k / names.length) + 1})$1`);
    const itemId = `01${rng.alnum(32)}`;
    out.push(get(env, t, token, egress, `/v1.0/drives/${driveId}/items/${itemId}/content`, 302, [0, 0], ua, false));
    const row = sharePointFileEvent(env, {
      t: t + rng.int(400, 2500),
      sp: token.sp,
      uti: token.uti,
      egress,
      userAgent: ua,
      action: "FileDownloaded",
      site,
      folder: "Shared Documents",
      fileName,
    });
    out.push(emit("CloudAppEvents", row));
  }
  return out;
}
