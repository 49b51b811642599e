/**
 * Long-connection mode (FEISHU_MODE=ws): the SDK's WSClient receives events and callbacks in
 * plaintext over its protobuf socket and calls the same EventDispatcher as the HTTP route; the
 * handler's `{}` becomes the frame's ack. WSClient reconnects on its own.
 *
 * Known gap (im-protocols.md §2.8): WSClient 1.74 drops frames of type "card"; card clicks that
 * arrive as "event" frames (the usual case) work.
 */
import { type EventDispatcher, WSClient } from "@larksuiteoapi/node-sdk";
import type { AdapterDeps } from "../../core/port.ts";
import { sdkLogger } from "./sdk-logger.ts";

/** How long start() waits for the first handshake before resolving anyway (the SDK keeps retrying). */
export const FEISHU_WS_READY_WAIT_MS = 15_000;

export type FeishuWsConfig = { appId: string; appSecret: string; domain?: string };

export type FeishuWs = {
  close(): void;
  /** the long connection is open now (readiness): after ready or a reconnect, not while reconnecting or failed */
  connected(): boolean;
};

/** WSClient.start() returns silently, never connecting, for an app id of another shape. */
const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

export async function openFeishuWs(config: FeishuWsConfig, dispatcher: EventDispatcher, deps: AdapterDeps): Promise<FeishuWs> {
  if (!WS_APP_ID.test(config.appId)) throw new Error(`feishu: long connection needs a self-built app id (cli_ + 16 hex digits), got ${config.appId}`);
  let settle: (error?: Error) => void = () => undefined;
  let up = false;
  const ready = new Promise<void>((resolve, reject) => {
    settle = (error) => (error ? reject(error) : resolve());
  });
  const ws = new WSClient({
    appId: config.appId,
    appSecret: config.appSecret,
    ...(config.domain ? { domain: config.domain } : {}),
    logger: sdkLogger(deps.logger),
    onReady: () => {
      up = true;
      deps.logger.info("feishu: long connection ready");
      settle();
    },
    onError: (error) => {
      up = false;
      deps.logger.error("feishu: long connection failed", { error: error.message });
      settle(error);
    },
    onReconnecting: () => {
      up = false;
    },
    onReconnected: () => {
      up = true;
      deps.logger.info("feishu: long connection re-established");
    },
  });
  ready.catch(() => undefined);
  // start() resolves before the socket is open; onReady / onError say how the first attempt went.
  await ws.start({ eventDispatcher: dispatcher });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<"slow">((resolve) => {
    timer = setTimeout(() => resolve("slow"), FEISHU_WS_READY_WAIT_MS);
  });
  try {
    if ((await Promise.race([ready.then(() => "ready" as const), waited])) === "slow")
      deps.logger.warn("feishu: long connection not ready yet; the SDK keeps trying", { waitedMs: FEISHU_WS_READY_WAIT_MS });
  } catch (error) {
    ws.close({ force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    close: () => {
      up = false;
      ws.close();
    },
    connected: () => up,
  };
}
