/** Hand-written AuditLogs records shaped as Entra writes them, for the seed-rule fixtures. */
export interface Initiator {
  readonly kind: "user" | "app";
  readonly id: string;
  readonly name: string;
}

export const alice: Initiator = { kind: "user", id: "11111111-1111-1111-1111-111111111111", name: "alice@contoso.com" };
export const pipeline: Initiator = { kind: "app", id: "22222222-2222-2222-2222-222222222222", name: "Deploy-Pipeline" };

function initiatedBy(who: Initiator): Record<string, unknown> {
  return who.kind === "user"
    ? { user: { id: who.id, userPrincipalName: who.name, displayName: "Alice", ipAddress: "203.0.113.7" } }
    : { app: { servicePrincipalId: who.id, displayName: who.name, appId: "app-of-pipeline" }, user: null };
}

let seq = 0;

export function audit(
  time: string,
  operation: string,
  who: Initiator,
  target: { id: string; displayName: string },
  result = "success",
): Record<string, unknown> {
  seq++;
  return {
    TimeGenerated: time,
    Id: `Directory_${seq}`,
    CorrelationId: `c0ffee00-0000-0000-0000-${String(seq).padStart(12, "0")}`,
    Category: "ApplicationManagement",
    OperationName: operation,
    Result: result,
    ResultReason: "",
    LoggedByService: "Core Directory",
    InitiatedBy: initiatedBy(who),
    TargetResources: [{ id: target.id, displayName: target.displayName, type: "ServicePrincipal", modifiedProperties: [] }],
    AdditionalDetails: [{ key: "User-Agent", value: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" }],
  };
}

/** `n` "Add service principal" events by `who`, one every `everyMinutes`, starting at `start` (HH:MM on 2026-11-21). */
export function creations(who: Initiator, prefix: string, n: number, start: string, everyMinutes = 1): Record<string, unknown>[] {
  const [h, m] = start.split(":").map(Number) as [number, number];
  const out: Record<string, unknown>[] = [];
  for (let k = 0; k < n; k++) {
    const t = new Date(Date.UTC(2026, 10, 21, h, m + k * everyMinutes));
    out.push(audit(t.toISOString(), "Add service principal", who, { id: `${prefix}-${k + 1}`, displayName: `${prefix} app ${k + 1}` }));
  }
  return out;
}
