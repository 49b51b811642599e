/**
 * Live-inbox clients (`GET /api/v1/notifications/stream`), opened the way the PWA opens them: a one-use ticket
 * from `POST /notifications/stream-tickets`, then the stream. Each client records every `notification` event's id
 * (and how often it came), so the checks can ask: did each client on each web process see every new
 * notification, exactly once?
 */
import type { Api } from "./api.ts";
import { within } from "./waits.ts";

export type SseClient = {
  name: string;
  /** notification id → times received */
  seen: Map<string, number>;
  /** set when the stream ended before close() (server gone, network error) */
  endedEarly: string | null;
  close(): void;
};

/** How long opening a stream may take (its answer, then its `ready` event). */
export const OPEN_TIMEOUT_MS = 15_000;

/** Opens a stream and resolves once its `ready` event arrived (the server subscribes before writing it). */
export async function openSseClient(name: string, api: Api): Promise<SseClient> {
  const { ticket } = await api.ok<{ ticket: string }>("POST", "/notifications/stream-tickets");
  const abort = new AbortController();
  const state = { stage: "waiting for the answer's headers", bytes: 0, events: [] as string[] };
  const describe = () => `${state.stage}, ${state.bytes} bytes received${state.events.length ? `, events: ${state.events.slice(-5).join(", ")}` : ""}`;
  const res = await within(`${name}: GET /notifications/stream on ${api.name}`, OPEN_TIMEOUT_MS,
    fetch(`${api.base}/api/v1/notifications/stream?ticket=${encodeURIComponent(ticket)}`, { signal: abort.signal }), describe)
    .catch((e) => {
      abort.abort();
      throw e;
    });
  if (res.status !== 200 || !res.body) {
    abort.abort();
    throw new Error(`${name}: stream answered HTTP ${res.status}`);
  }
  state.stage = "HTTP 200, waiting for its ready event";
  const client: SseClient = { name, seen: new Map(), endedEarly: null, close: () => abort.abort() };
  const ready = Promise.withResolvers<void>();
  const onEvent = (event: string, id: string | undefined) => {
    state.events = [...state.events.slice(-4), event];
    if (event === "ready") ready.resolve();
    if (event === "notification" && id) client.seen.set(id, (client.seen.get(id) ?? 0) + 1);
  };
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        state.bytes += value.length;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          let id: string | undefined;
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("id:")) id = line.slice(3).trim();
          }
          onEvent(event, id);
        }
      }
      if (!abort.signal.aborted) client.endedEarly = "the server ended the stream";
    } catch (e) {
      if (!abort.signal.aborted) client.endedEarly = (e as Error).message;
    }
    ready.reject(new Error(`${name}: stream ended before ready (${client.endedEarly})`));
  })();
  await within(`${name}: the stream's ready event from ${api.name}`, OPEN_TIMEOUT_MS, ready.promise, describe).catch((e) => {
    abort.abort();
    throw e;
  });
  return client;
}
