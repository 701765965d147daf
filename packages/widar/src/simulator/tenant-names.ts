/** Name pools for the simulated tenant's people, apps and resources. */

export const TENANT_NAMES = [
  { name: "contoso", displayName: "Contoso Ltd" },
  { name: "fabrikam", displayName: "Fabrikam, Inc." },
  { name: "northwindtraders", displayName: "Northwind Traders" },
  { name: "woodgrovebank", displayName: "Woodgrove Bank" },
  { name: "tailspintoys", displayName: "Tailspin Toys" },
  { name: "adatum", displayName: "A. Datum Corporation" },
] as const;

export const FIRST_NAMES = [
  "Aisha", "Alex", "Ana", "Ben", "Carlos", "Chen", "Dana", "David", "Elena", "Emma", "Fatima", "Felix", "Grace", "Hannah",
  "Hiro", "Ingrid", "Isaac", "Jamal", "Jana", "Jonas", "Julia", "Karan", "Kate", "Lars", "Laura", "Leon", "Lina", "Lucas",
  "Maya", "Mia", "Mohammed", "Nadia", "Noah", "Olga", "Omar", "Priya", "Rahul", "Rosa", "Sam", "Sara", "Sofia", "Tom",
  "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe",
];

export const LAST_NAMES = [
  "Anderson", "Becker", "Brown", "Chen", "Dubois", "Fischer", "Garcia", "Gupta", "Hansen", "Hoffmann", "Ito", "Johnson",
  "Kaur", "Khan", "Kim", "Kowalski", "Larsen", "Lee", "Lopez", "Martin", "Meyer", "Miller", "Moreau", "Murphy", "Nguyen",
  "Novak", "Okafor", "Patel", "Petrov", "Rossi", "Schmidt", "Schneider", "Shah", "Silva", "Singh", "Smith", "Tanaka",
  "Taylor", "Walker", "Weber", "Williams", "Wilson", "Wong", "Yilmaz",
];

export const DEPARTMENTS = ["Finance", "Sales", "Marketing", "Human Resources", "Operations", "Legal", "Customer Success"];

export const STAFF_TITLES = ["Analyst", "Manager", "Specialist", "Coordinator", "Associate", "Director"];

export const ENGINEER_TITLES = ["Software Engineer", "Senior Software Engineer", "DevOps Engineer", "Data Engineer", "Cloud Architect"];

export const ADMIN_TITLES = ["Identity Administrator", "Cloud Platform Administrator", "IT Systems Engineer", "Security Engineer"];

/** In-house application names (first ones are reserved for the named objects). */
export const IN_HOUSE_APPS = [
  "HR-Sync", "Finance-Reporting", "Payroll-Connector", "Inventory-API", "Customer-Portal-Backend", "DataLake-Ingest",
  "Teams-Notification-Bot", "Intune-Compliance-Export", "SIEM-Connector", "Backup-Orchestrator", "Expense-Approval-Flow",
  "CRM-Integration", "Contract-Archive", "License-Reconciler", "Onboarding-Workflow", "Mailbox-Audit-Export",
  "Warehouse-Scanner-Gateway", "Pricing-Engine", "Ticket-Router", "Asset-Tracker", "Compliance-Scanner",
  "Sales-Forecast-ETL", "Document-Classifier", "Calendar-Sync", "Partner-Portal-API",
];

/** Multi-tenant SaaS apps consented into the tenant (their home tenant is the vendor's). */
export const SAAS_APPS = [
  "Salesforce", "ServiceNow", "Zoom", "Slack", "DocuSign", "Adobe Acrobat Sign", "Atlassian Cloud", "Workday", "Box",
  "Dropbox Business", "Veeam Backup for Microsoft 365", "AvePoint Cloud Backup", "Mimecast", "KnowBe4", "Snowflake",
  "Tableau Cloud", "Miro", "Asana",
];

/** Azure resources with managed identities: [name, resource provider path]. */
export const MANAGED_RESOURCES: readonly (readonly [string, string])[] = [
  ["func-orders-prod", "Microsoft.Web/sites"],
  ["vm-build-agent-01", "Microsoft.Compute/virtualMachines"],
  ["logic-invoice-approval", "Microsoft.Logic/workflows"],
  ["id-aks-workload-prod", "Microsoft.ManagedIdentity/userAssignedIdentities"],
  ["adf-finance-etl", "Microsoft.DataFactory/factories"],
  ["app-customer-portal", "Microsoft.Web/sites"],
  ["id-github-deployer", "Microsoft.ManagedIdentity/userAssignedIdentities"],
  ["func-report-mailer", "Microsoft.Web/sites"],
  ["vmss-batch-render", "Microsoft.Compute/virtualMachineScaleSets"],
  ["apim-gateway-prod", "Microsoft.ApiManagement/service"],
];

/** Names pipelines give the short-lived apps they create (one per pull-request environment). */
export const PIPELINE_APP_PREFIXES = ["pr-env", "preview", "ephemeral-api", "review-app"];

/** Names an attacker gives bulk-created apps: bland, to blend in. */
export const ATTACKER_APP_NAMES = [
  "Azure Sync Helper", "Graph Connector", "Backup Service", "M365 Reporting", "Teams Integration", "Compliance Agent",
  "Mail Archiver", "Directory Insights", "Update Service", "Health Monitor", "Cloud Scanner", "Sync Agent",
  "Office Add-in Service", "Storage Optimizer", "Telemetry Collector",
];
