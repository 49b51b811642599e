/**
 * One DingTalk Stream connection with the real dingtalk-stream 2.1.5 `DWClient`, supervised from
 * outside (supervisor.ts). Each (re)connection is a fresh client: the SDK's own reconnect and
 * keepAlive are off (fixed 1 s retry, leaked heartbeat timer), the gateway request is ours (the
 * SDK's URL is a constant; DINGTALK_GATEWAY_URL points it at a stand-in), and frames are reported
 * to the supervisor's idle watchdog before the SDK dispatches them.
 */
import { DWClient, type DWClientDownStream, TOPIC_CARD, TOPIC_ROBOT } from "dingtalk-stream";
import type { BotLogger } from "../../core/port.ts";
import type { ConnectionHooks, SupervisedConnection } from "./supervisor.ts";

export type StreamConfig = { clientId: string; clientSecret: string; gatewayUrl: string };

/** What the adapter does with a CALLBACK frame; the ack is already sent when this runs. */
export type FrameHandler = (frame: DWClientDownStream) => void;

/** A gateway or socket that neither answers nor fails must not stall the supervisor. */
const CONNECT_TIMEOUT_MS = 15_000;

type SocketLike = { on(event: string, fn: (...args: unknown[]) => void): unknown; close(): void; terminate?(): void };

/** Our own subscriptions: 2.1.5 shares one default array between all clients (see scripts/fakes). */
function subscriptions() {
  return [
    { type: "EVENT", topic: "*" },
    { type: "CALLBACK", topic: TOPIC_ROBOT },
    { type: "CALLBACK", topic: TOPIC_CARD },
  ];
}

class SupervisedDWClient extends DWClient {
  constructor(
    private readonly cfg: StreamConfig,
    private readonly hooks: ConnectionHooks,
  ) {
    // The constructor's public type omits these, but the SDK reads them from the merged config.
    super({ clientId: cfg.clientId, clientSecret: cfg.clientSecret, keepAlive: false, autoReconnect: false, subscriptions: subscriptions() } as ConstructorParameters<typeof DWClient>[0]);
  }

  /** POST the gateway ourselves: same body and `Accept: application/json` as the SDK sends. */
  override async getEndpoint(): Promise<this> {
    const { clientId, clientSecret, ua, subscriptions: subs } = this.getConfig();
    const res = await fetch(this.cfg.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ clientId, clientSecret, ua, subscriptions: subs }),
      signal: AbortSignal.timeout(CONNECT_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string };
    if (!res.ok || !body.endpoint || !body.ticket) throw new Error(`dingtalk gateway refused the connection: HTTP ${res.status}`);
    // `dw_url` is TS-private in 2.1.5 but it is what `_connect()` opens.
    (this as unknown as { dw_url: string }).dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  override onDownStream(data: string): void {
    this.hooks.onFrame();
    try {
      super.onDownStream(data);
    } catch {
      // A malformed frame must not take down the socket's message handler.
    }
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic === "disconnect") {
      const reason = String((safeJson(downstream.data) as { reason?: unknown } | null)?.reason ?? "");
      this.hooks.onDisconnectRequested(reason);
    }
  }

  liveSocket(): SocketLike | undefined {
    return (this as unknown as { socket?: SocketLike }).socket;
  }
}

/**
 * Opens one connection: gateway, WebSocket, listeners. Robot and card callbacks are acked on the
 * socket they came in on, at once, before the handler runs (a late ack means a redelivery).
 */
export async function openStreamConnection(
  cfg: StreamConfig,
  hooks: ConnectionHooks,
  handlers: { robot: FrameHandler; card: FrameHandler },
  logger: BotLogger,
): Promise<SupervisedConnection> {
  const client = new SupervisedDWClient(cfg, hooks);
  const dispatch = (topic: string, respond: unknown, handle: FrameHandler) =>
    client.registerCallbackListener(topic, (frame) => {
      client.socketCallBackResponse(frame.headers.messageId, respond);
      try {
        handle(frame);
      } catch (err) {
        logger.error("dingtalk stream frame handler failed", { topic, error: String(err) });
      }
    });
  dispatch(TOPIC_ROBOT, null, handlers.robot);
  dispatch(TOPIC_CARD, {}, handlers.card);
  // EVENT frames (subscribed as "*") are acked SUCCESS by the SDK's default listener; none is used yet.

  await client.getEndpoint();
  await withTimeout(client._connect(), CONNECT_TIMEOUT_MS, () => client.liveSocket()?.terminate?.());
  const socket = client.liveSocket();
  let closed = false;
  socket?.on("close", () => {
    if (closed) return;
    closed = true;
    hooks.onClosed();
  });
  return {
    close(graceful) {
      // Listeners stay: frames still in flight on a socket being replaced are handled and acked.
      closed = true;
      const s = client.liveSocket();
      if (graceful || !s?.terminate) s?.close();
      else s.terminate();
    },
  };
}

async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`dingtalk stream socket did not open within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}
