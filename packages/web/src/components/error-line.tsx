/** An API failure where it happened: its code and message, as text. */
export function ErrorLine({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const e = error as { code?: string; message?: string };
  return (
    <p class="error" role="alert">
      {e.code ? `${e.code}: ` : ""}
      {e.message ?? String(error)}
    </p>
  );
}
