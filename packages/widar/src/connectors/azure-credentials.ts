/**
 * App-only credentials for Microsoft Graph from the environment, through @azure/identity:
 * AZURE_TENANT_ID and AZURE_CLIENT_ID, with AZURE_CLIENT_SECRET (ClientSecretCredential) or
 * AZURE_CLIENT_CERTIFICATE_PATH [+ AZURE_CLIENT_CERTIFICATE_PASSWORD] (ClientCertificateCredential).
 * @azure/identity is imported only when a token is first needed: it is large, and every other
 * command (and `widar pull --help`) should start without it.
 */
import type { TokenSource } from "./http.js";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

export interface CredentialEnv {
  readonly AZURE_TENANT_ID?: string;
  readonly AZURE_CLIENT_ID?: string;
  readonly AZURE_CLIENT_SECRET?: string;
  readonly AZURE_CLIENT_CERTIFICATE_PATH?: string;
  readonly AZURE_CLIENT_CERTIFICATE_PASSWORD?: string;
}

/** What is missing from the environment for app-only credentials (empty when complete). */
export function missingCredentialVariables(env: CredentialEnv): string[] {
  const missing: string[] = [];
  if (!env.AZURE_TENANT_ID) missing.push("AZURE_TENANT_ID");
  if (!env.AZURE_CLIENT_ID) missing.push("AZURE_CLIENT_ID");
  if (!env.AZURE_CLIENT_SECRET && !env.AZURE_CLIENT_CERTIFICATE_PATH) missing.push("AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH");
  return missing;
}

/** A token source backed by @azure/identity (which caches and refreshes tokens itself). */
export function azureIdentityTokenSource(env: CredentialEnv, scope = GRAPH_SCOPE): TokenSource {
  let credential: Promise<{ getToken(scope: string): Promise<{ token: string } | null> }> | undefined;
  const create = async () => {
    const identity = await import("@azure/identity");
    const tenant = env.AZURE_TENANT_ID!;
    const client = env.AZURE_CLIENT_ID!;
    if (env.AZURE_CLIENT_SECRET) return new identity.ClientSecretCredential(tenant, client, env.AZURE_CLIENT_SECRET);
    return new identity.ClientCertificateCredential(tenant, client, {
      certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH!,
      certificatePassword: env.AZURE_CLIENT_CERTIFICATE_PASSWORD,
    });
  };
  return {
    async getToken() {
      credential ??= create();
      const t = await (await credential).getToken(scope);
      if (t === null) throw new Error("Entra ID returned no access token");
      return t.token;
    },
  };
}
