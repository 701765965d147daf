/**
 * User agents of the real tools that touch Entra, as they appear in AuditLogs'
 * `AdditionalDetails["User-Agent"]` and the sign-in logs' `UserAgent`. A detection that keys on
 * the tool (AzureHound, python-requests from a fresh SP) needs the tool's real string.
 */
export const USER_AGENTS = {
  edgeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  chromeMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  safariMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  firefoxLinux: "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0",
  outlookDesktop: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17628; Pro)",
  teamsDesktop:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 Teams/24165.1410.2974.6689",
  iosOutlook: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  graphPowerShell:
    "Mozilla/5.0 (Windows NT 10.0; Microsoft Windows 10.0.22631; en-US) PowerShell/7.4.3 Microsoft.Graph.Authentication/2.19.0",
  azurePowerShell: "AzurePowershell/v12.0.0 PSVersion/v7.4.3 Az.Resources/7.1.0",
  azureCli:
    "AZURECLI/2.61.0 (DEB) azsdk-python-identity/1.16.0 Python/3.11.8 (Linux-5.15.0-1064-azure-x86_64-with-glibc2.35)",
  terraform:
    "HashiCorp Terraform/1.8.5 (+https://www.terraform.io) Terraform Plugin SDK/2.10.1 terraform-provider-azuread/2.53.1 pid-222c6c49-1b0a-5959-a213-6608f9eb8820",
  azureHound: "azurehound/v2.1.7",
  pythonRequests: "python-requests/2.32.3",
  msalDotnet: "MSAL.NetCore/4.61.3.0 (.NET 8.0.6; Linux 5.15.0-1064-azure #73-Ubuntu SMP)",
  msalPython: "MSAL.Python/1.28.0 (Linux 5.15.0-1064-azure)",
  azureIdentityJs: "azsdk-js-identity/4.3.0 core-rest-pipeline/1.16.0 Node/v20.14.0 OS/(x64-Linux-6.5.0-1022-azure)",
  githubAzureLogin: "azsdk-js-identity/4.3.0 core-rest-pipeline/1.16.0 Node/v20.13.1 OS/(x64-Linux-6.5.0-1021-azure) GitHubActions/azure-login",
  adoAgent: "VSServices/19.240.35026.1 (NetStandard; Linux 5.15.0-1064-azure #73-Ubuntu SMP)",
  curl: "curl/8.5.0",
} as const;

export type UserAgentName = keyof typeof USER_AGENTS;
