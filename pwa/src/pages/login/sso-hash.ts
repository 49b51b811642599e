/** Reads and clears `#sso_ticket=...` / `#sso_error=...` left by the SSO callback redirect. */
export function readSsoHash(): { ticket?: string; error?: string } | null {
  const hash = window.location.hash.replace(/^#/, "");
  if (!hash) return null;
  const params = new URLSearchParams(hash);
  const ticket = params.get("sso_ticket") ?? undefined;
  const error = params.get("sso_error") ?? undefined;
  if (!ticket && !error) return null;
  // the ticket is single-use: keep it out of history and bookmarks
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return { ticket, error };
}
