import type { NotifyKit } from "./notify.testkit.ts";

export type SseEvent = { event: string; data: string; id?: string };

/** A block of only `:` lines: the stream's keep-alive comments. */
export type SseComment = { comment: string };

/** Opens the live inbox through the app and reads it event by event (comments skipped). */
export async function openStream(kit: NotifyKit, auth: { token?: string; ticket?: string; queryToken?: string; acceptEncoding?: string }) {
  const query = new URLSearchParams();
  if (auth.ticket) query.set("ticket", auth.ticket);
  if (auth.queryToken) query.set("access_token", auth.queryToken);
  const path = `/api/v1/notifications/stream${query.size ? `?${query}` : ""}`;
  const headers: Record<string, string> = auth.token ? { authorization: `Bearer ${auth.token}` } : {};
  if (auth.acceptEncoding) headers["accept-encoding"] = auth.acceptEncoding;
  const res = await kit.s.system.app.request(path, { headers });
  // A refused stream keeps its (JSON) body readable for the test.
  const reader = res.ok ? res.body?.getReader() : undefined;
  const decoder = new TextDecoder();
  let buffer = "";
  const nextBlock = async (): Promise<SseEvent | SseComment> => {
    if (!reader) throw new Error(`no stream: ${res.status}`);
    for (;;) {
      const cut = buffer.indexOf("\n\n");
      if (cut >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        return parseBlock(block);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error("stream ended");
      buffer += decoder.decode(value, { stream: true });
    }
  };
  /** The next event, skipping keep-alive comments. */
  const next = async (): Promise<SseEvent> => {
    for (;;) {
      const block = await nextBlock();
      if ("event" in block) return block;
    }
  };
  /** The next keep-alive comment, skipping events. */
  const nextComment = async (): Promise<string> => {
    for (;;) {
      const block = await nextBlock();
      if ("comment" in block) return block.comment;
    }
  };
  return { res, next, nextComment, close: () => reader?.cancel() };
}

function parseBlock(block: string): SseEvent | SseComment {
  const lines = block.split("\n").filter((l) => !l.startsWith(":"));
  if (lines.length === 0) return { comment: block.replace(/^:\s?/gm, "") };
  const field = (name: string) => lines.filter((l) => l.startsWith(`${name}:`)).map((l) => l.slice(name.length + 1).trimStart());
  return { event: field("event")[0] ?? "message", data: field("data").join("\n"), id: field("id")[0] };
}
