/**
 * A local SMS provider speaking the notification center's HTTP SMS interface: `POST /send`
 * with JSON `{to, text, sender?}` (Bearer token when configured) → `{id}`. It records every
 * message and can be told to answer the next requests with an error status.
 * Run alone: `bun scripts/fakes/sms.ts` (PORT, default 8025; then OPS_SMS_URL=http://127.0.0.1:8025/send).
 */
import { createFailures, createRecorder, type Recorder } from "./notify-recorder.ts";

export type ReceivedSms = { id: string; to: string; text: string; sender?: string };

export type FakeSms = {
  /** The endpoint to give OPS_SMS_URL. */
  url: string;
  sms: Recorder<ReceivedSms>;
  /** The next `count` requests are answered `status` (e.g. 503 transient, 400 permanent). */
  fail(count: number, status: number): void;
  close(): Promise<void>;
};

export function startFakeSms(options: { port?: number; token?: string } = {}): FakeSms {
  const sms = createRecorder<ReceivedSms>();
  const failures = createFailures();
  let seq = 0;
  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/send") return Response.json({ error: "not_found" }, { status: 404 });
      if (options.token && req.headers.get("authorization") !== `Bearer ${options.token}`) {
        return Response.json({ error: "unauthorized" }, { status: 401 });
      }
      const body = (await req.json().catch(() => null)) as Partial<ReceivedSms> | null;
      if (!body || typeof body.to !== "string" || typeof body.text !== "string") return Response.json({ error: "bad_request" }, { status: 400 });
      const status = failures.take();
      if (status) return Response.json({ error: "scripted_failure" }, { status });
      const id = `sms-${++seq}`;
      sms.add({ id, to: body.to, text: body.text, ...(body.sender ? { sender: body.sender } : {}) });
      return Response.json({ id });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/send`,
    sms,
    fail: (count, status) => failures.fail(count, status),
    close: async () => {
      await server.stop(true);
    },
  };
}

if (import.meta.main) {
  const fake = startFakeSms({ port: Number(process.env.PORT ?? 8025), token: process.env.OPS_SMS_TOKEN });
  console.log(`fake SMS provider on ${fake.url} (OPS_SMS_URL=${fake.url})`);
}
