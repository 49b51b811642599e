/**
 * `POST /bot/slack/events`: Events API, slash commands and interactivity on one URL.
 * Order matters: read the raw body once; answer `ssl_check=1` unsigned (Slack sends it unsigned);
 * verify the signature and the clock window with our code before anything is parsed into an
 * inbound; then answer `url_verification`, and feed everything else to Bolt.
 */
import type { App } from "@slack/bolt";
import type { BotLogger, WebhookRoute } from "../../core/port.ts";
import { dispatch } from "./bolt-app.ts";
import { verifySlackSignature } from "./verify.ts";

export const SLACK_EVENTS_PATH = "/bot/slack/events";

type Fields = Record<string, unknown>;

export type EventsRouteDeps = {
  signingSecret: string;
  app: App;
  now: () => number;
  logger: BotLogger;
  started: () => boolean;
};

const json = (status: number, body: unknown) => Response.json(body, { status });

/** `application/x-www-form-urlencoded`, with or without `; charset=…` (Bolt's own receiver wants it bare). */
function isForm(contentType: string | null): boolean {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase() === "application/x-www-form-urlencoded";
}

/** Form bodies: interactivity wraps its JSON in a `payload` field; slash commands are flat fields. */
function parseBody(raw: string, form: boolean): Fields | null {
  try {
    if (form) {
      const fields = Object.fromEntries(new URLSearchParams(raw).entries());
      return typeof fields.payload === "string" ? (JSON.parse(fields.payload) as Fields) : fields;
    }
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Fields) : null;
  } catch {
    return null;
  }
}

function ackResponse(body: unknown): Response {
  if (body === undefined || body === null || body === "") return new Response(null, { status: 200 });
  if (typeof body === "string") return new Response(body, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  return json(200, body);
}

export function slackEventsRoute(deps: EventsRouteDeps): WebhookRoute {
  return {
    method: "POST",
    path: SLACK_EVENTS_PATH,
    async handle(request) {
      const raw = await request.text();
      const form = isForm(request.headers.get("content-type"));
      if (form && new URLSearchParams(raw).get("ssl_check") === "1") return new Response(null, { status: 200 });
      const verdict = verifySlackSignature({
        signingSecret: deps.signingSecret,
        rawBody: raw,
        signature: request.headers.get("x-slack-signature"),
        timestamp: request.headers.get("x-slack-request-timestamp"),
        nowMs: deps.now(),
      });
      if (!verdict.ok) {
        deps.logger.warn("slack: refused unsigned or stale request", { error: verdict.error });
        return json(401, { error: verdict.error });
      }
      const body = parseBody(raw, form);
      if (!body) return json(400, { error: "invalid_body" });
      if (body.type === "url_verification") return json(200, { challenge: body.challenge });
      if (!deps.started()) return json(503, { error: "not_started" });
      const retryHeader = request.headers.get("x-slack-retry-num");
      const retryNum = retryHeader !== null && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
      const outcome = await dispatch(deps.app, body, retryNum, request.headers.get("x-slack-retry-reason") ?? undefined, deps.logger);
      return outcome.status === 200 ? ackResponse(outcome.body) : json(outcome.status, outcome.body);
    },
  };
}
