/**
 * What a process serves over HTTP by its roles (OPS_ROLES). Every process answers the probes (`/healthz`,
 * `/readyz`, `/metrics`) so an orchestrator can watch it; `/bot/*` (chat platforms' webhooks) needs the bot role;
 * everything else (the API, its docs, the PWA) needs the web role. The bot's own calls to the API stay in-process
 * (`app.fetch`), so a bot-only process still answers chat without serving the API to the network.
 */
const PROBES = new Set(["/healthz", "/readyz", "/metrics"]);

export function servesPath(pathname: string, roles: readonly string[]): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/$/, "") : pathname;
  if (PROBES.has(path)) return true;
  if (path === "/bot" || path.startsWith("/bot/")) return roles.includes("bot");
  return roles.includes("web");
}

/** `fetch` narrowed to what `roles` serve; the rest is 404 with a message that says which role serves it. */
export function roleFetch<S>(roles: readonly string[], fetch: (request: Request, server: S) => Response | Promise<Response>) {
  // with both roles every path is served: no URL to parse on each request
  if (roles.includes("web") && roles.includes("bot")) return fetch;
  return (request: Request, server: S): Response | Promise<Response> => {
    const { pathname } = new URL(request.url);
    if (servesPath(pathname, roles)) return fetch(request, server);
    const needs = pathname.startsWith("/bot/") ? "bot" : "web";
    const en = /^en\b/i.test(request.headers.get("accept-language") ?? "");
    const message = en
      ? `This OPS process (roles: ${roles.join(",")}) does not serve ${pathname}: processes with the ${needs} role do`
      : `此 OPS 进程（角色：${roles.join(",")}）不提供 ${pathname}：由具有 ${needs} 角色的进程提供`;
    return Response.json(
      { code: "common.route_not_found", message, data: { roles, needs }, timestamp: new Date().toISOString() },
      { status: 404, headers: { "Cache-Control": "no-store" } },
    );
  };
}
