/**
 * modifiedProperties decoded as Entra writes them (the audit-activity reference's shapes): each
 * kind of change a credential, consent or permission investigation reads, table-driven.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Json } from "@widar/kql";
import { decodeChanges, keyDescription } from "../../src/triage/changes.js";

const prop = (displayName: string, oldValue: Json, newValue: Json) => ({ displayName, oldValue, newValue });

const cases: { name: string; operation: string; target: Record<string, Json>; changes: { what: string; details: Record<string, string> }[] }[] = [
  {
    name: "a password added to an application that had one (KeyDescription)",
    operation: "Update application – Certificates and secrets management ",
    target: {
      displayName: "App",
      modifiedProperties: [
        prop(
          "KeyDescription",
          '["[KeyIdentifier=bc106fee-03e5-4ad2-9ad9-1f1e58b933a9, KeyType=Password, KeyUsage=Verify, DisplayName=prod]"]',
          '["[KeyIdentifier=bc106fee-03e5-4ad2-9ad9-1f1e58b933a9, KeyType=Password, KeyUsage=Verify, DisplayName=prod]","[KeyIdentifier=59568d4b-e37a-4039-81a4-ff589dd148a8, KeyType=Password, KeyUsage=Verify, DisplayName=backup]"]',
        ),
        prop("Included Updated Properties", null, '"KeyDescription"'),
      ],
    },
    changes: [{ what: "credential added", details: { keyId: "59568d4b-e37a-4039-81a4-ff589dd148a8", type: "Password", usage: "Verify", displayName: "backup", existingCredentials: "1" } }],
  },
  {
    name: "a certificate replaced (one removed, one added)",
    operation: "Update application – Certificates and secrets management ",
    target: {
      modifiedProperties: [
        prop("KeyDescription", '["[KeyIdentifier=aaaa, KeyType=AsymmetricX509Cert, KeyUsage=Verify, DisplayName=CN=old]"]', '["[KeyIdentifier=bbbb, KeyType=AsymmetricX509Cert, KeyUsage=Verify, DisplayName=CN=new]"]'),
      ],
    },
    changes: [
      { what: "credential added", details: { keyId: "bbbb", type: "AsymmetricX509Cert", usage: "Verify", displayName: "CN=new", existingCredentials: "1" } },
      { what: "credential removed", details: { keyId: "aaaa", type: "AsymmetricX509Cert" } },
    ],
  },
  {
    name: "a federated identity credential (a GitHub Actions subject)",
    operation: "Update application",
    target: {
      modifiedProperties: [
        prop("FederatedIdentityCredentials", "[]", '[{"Name":"github-deploy","Issuer":"https://token.actions.githubusercontent.com","Subject":"repo:org/deploy:ref:refs/heads/main","Audiences":["api://AzureADTokenExchange"]}]'),
      ],
    },
    changes: [{ what: "federated credential added", details: { name: "github-deploy", issuer: "https://token.actions.githubusercontent.com", subject: "repo:org/deploy:ref:refs/heads/main" } }],
  },
  {
    name: "a reply URL added (AppAddress)",
    operation: "Update application",
    target: {
      modifiedProperties: [
        prop(
          "AppAddress",
          '[{"AddressType":0,"Address":"https://app.contoso.com/signin","ReplyAddressClientType":1,"ReplyAddressIndex":null,"IsReplyAddressDefault":false}]',
          '[{"AddressType":0,"Address":"https://app.contoso.com/signin","ReplyAddressClientType":1},{"AddressType":0,"Address":"https://evil.example/cb","ReplyAddressClientType":1}]',
        ),
      ],
    },
    changes: [{ what: "reply URL added", details: { url: "https://evil.example/cb" } }],
  },
  {
    name: "application permissions requested (RequiredResourceAccess), before any consent",
    operation: "Update application",
    target: {
      modifiedProperties: [
        prop(
          "RequiredResourceAccess",
          '[{"ResourceAppId":"00000003-0000-0000-c000-000000000000","ResourceAccess":[{"Id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","Type":"Scope"}]}]',
          '[{"ResourceAppId":"00000003-0000-0000-c000-000000000000","ResourceAccess":[{"Id":"e1fe6dd8-ba31-4d61-89e7-88639da4683d","Type":"Scope"},{"Id":"e2a3a72e-5f79-4c64-b1b1-878b674786c9","Type":"Role"}]}]',
        ),
      ],
    },
    changes: [
      {
        what: "permissions requested",
        details: { resourceAppId: "00000003-0000-0000-c000-000000000000", permissions: "delegated e1fe6dd8-ba31-4d61-89e7-88639da4683d, application e2a3a72e-5f79-4c64-b1b1-878b674786c9" },
      },
    ],
  },
  {
    name: "an app role granted (Add app role assignment to service principal)",
    operation: "Add app role assignment to service principal",
    target: {
      displayName: "Microsoft Graph",
      modifiedProperties: [prop("AppRole.Value", null, '"RoleManagement.ReadWrite.Directory"'), prop("ServicePrincipal.DisplayName", null, '"HR-Sync"')],
    },
    changes: [{ what: "app role granted", details: { role: "RoleManagement.ReadWrite.Directory", resource: "Microsoft Graph", to: "HR-Sync" } }],
  },
  {
    name: "an admin consent to delegated scopes",
    operation: "Consent to application",
    target: {
      modifiedProperties: [
        prop("ConsentContext.IsAdminConsent", null, '"True"'),
        prop("ConsentAction.Permissions", null, '"[] => [[Id: P5e, ClientId: 6573, PrincipalId: , ResourceId: caa4, ConsentType: AllPrincipals, Scope: Mail.ReadWrite offline_access, CreatedDateTime: , LastModifiedDateTime ]]; "'),
      ],
    },
    changes: [{ what: "consent granted", details: { scopes: "Mail.ReadWrite offline_access", consentType: "AllPrincipals", adminConsent: "True" } }],
  },
  {
    name: "an owner added to an application (the user is the target)",
    operation: "Add owner to application",
    target: { userPrincipalName: "zoe@contoso.com", modifiedProperties: [prop("Application.ObjectID", null, '"35ee"'), prop("Application.DisplayName", null, '"SharepointAPI-Test"')] },
    changes: [{ what: "owner added", details: { owner: "zoe@contoso.com", application: "SharepointAPI-Test" } }],
  },
  {
    name: "a new object's first values are one change; a changed value is its own",
    operation: "Update application",
    target: { modifiedProperties: [prop("DisplayName", "[]", '["New App"]'), prop("SignInAudience", '["AzureADMyOrg"]', '["AzureADMultipleOrgs"]')] },
    changes: [
      { what: "properties set", details: { DisplayName: '["New App"]' } },
      { what: "audience changed", details: { from: '["AzureADMyOrg"]', to: '["AzureADMultipleOrgs"]' } },
    ],
  },
];

for (const c of cases) test(c.name, () => assert.deepEqual(decodeChanges(c.operation, c.target), c.changes));

test("a KeyDescription entry's fields", () => {
  assert.deepEqual(keyDescription("[KeyIdentifier=k1, KeyType=Password, KeyUsage=Verify, DisplayName=]"), { KeyIdentifier: "k1", KeyType: "Password", KeyUsage: "Verify", DisplayName: "" });
});

test("malformed values never throw: they are kept as text", () => {
  const r = decodeChanges("Update application", { modifiedProperties: [prop("KeyDescription", "[not json", "{also not"), prop("Weird", { a: 1 }, [1, 2])] } as unknown as Record<string, Json>);
  assert.ok(Array.isArray(r));
  assert.ok(r.some((c) => c.what === "Weird changed"));
});
