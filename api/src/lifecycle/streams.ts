/**
 * Server-sent event streams open in this process, so a shutdown can end them: each `text/event-stream` response is
 * passed through a stream of our own; ending it closes the client's response cleanly (EventSource reconnects,
 * reaching another process behind the load balancer) and cancels the route's stream (its clean-up runs).
 */
export function createStreamCloser() {
  const open = new Set<() => void>();
  return {
    /** `response` as is, or with its event stream registered for `endAll` */
    track(response: Response): Response {
      // the content type first: reading `body` of a Response built from a string makes Bun create a stream for it
      if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return response;
      const body = response.body;
      if (!body) return response;
      const reader = body.getReader();
      let ended = false;
      let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
      const forget = () => {
        ended = true;
        open.delete(end);
      };
      const end = () => {
        if (ended) return;
        forget();
        reader.cancel().catch(() => {});
        try {
          controller?.close();
        } catch {
          // already closed or errored by the client going away
        }
      };
      const wrapped = new ReadableStream<Uint8Array>({
        start(c) {
          controller = c;
        },
        async pull(c) {
          try {
            const { value, done } = await reader.read();
            if (ended) return;
            if (done) {
              forget();
              c.close();
            } else c.enqueue(value);
          } catch (e) {
            if (ended) return;
            forget();
            c.error(e);
          }
        },
        cancel(reason) {
          forget();
          return reader.cancel(reason);
        },
      });
      open.add(end);
      return new Response(wrapped, { status: response.status, statusText: response.statusText, headers: response.headers });
    },
    /** Ends every stream open now; how many there were. */
    endAll(): number {
      const all = [...open];
      for (const end of all) end();
      return all.length;
    },
    get open() {
      return open.size;
    },
  };
}

export type StreamCloser = ReturnType<typeof createStreamCloser>;
