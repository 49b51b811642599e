const PROBE_ORIGIN = "http://ops.invalid";

/**
 * Where to go after sign-in: a path on this site only. Anything that could leave it (`//host`,
 * `/\host`, `https://…`, control characters) becomes "/", so the login cannot be an open redirect.
 */
export function safeRedirectPath(value: string | undefined | null): string {
  if (!value || value.length > 1000) return "/";
  if (!value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return "/";
  if ([...value].some(isControl)) return "/";
  try {
    const url = new URL(value, PROBE_ORIGIN);
    return url.origin === PROBE_ORIGIN ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
