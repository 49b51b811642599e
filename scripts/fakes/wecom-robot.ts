/**
 * A local WeCom (企业微信) group robot: `POST /cgi-bin/webhook/send?key=<key>` with the robot's JSON messages
 * (`{msgtype: "markdown", markdown: {content}}`, `{msgtype: "text", text: {content, mentioned_mobile_list}}`), answered
 * HTTP 200 with `{errcode, errmsg}` as WeCom does (93000 for an unknown key, 40008 for a bad message type).
 * It records every message and can be told to answer the next ones with an errcode (45009: rate limited).
 * Run alone: `bun scripts/fakes/wecom-robot.ts` (PORT, default 8026; key "test-robot-key").
 */
import { createRecorder, type Recorder } from "./notify-recorder.ts";

export type RobotMessage = { key: string; msgtype: "markdown" | "text"; content: string; mentions: string[] };

export type FakeWecomRobot = {
  /** the robot's webhook URL (with its key) */
  url: string;
  messages: Recorder<RobotMessage>;
  /** the next `count` messages are answered with this errcode */
  fail(count: number, errcode: number): void;
  close(): Promise<void>;
};

export function startFakeWecomRobot(options: { port?: number; key?: string } = {}): FakeWecomRobot {
  const key = options.key ?? "test-robot-key";
  const messages = createRecorder<RobotMessage>();
  const failures: number[] = [];
  const answer = (errcode: number, errmsg: string) => Response.json({ errcode, errmsg });
  const server = Bun.serve({
    port: options.port ?? 0,
    hostname: "127.0.0.1",
    async fetch(req) {
      const url = new URL(req.url);
      if (req.method !== "POST" || url.pathname !== "/cgi-bin/webhook/send") return new Response("not found", { status: 404 });
      if (url.searchParams.get("key") !== key) return answer(93000, "invalid webhook url");
      const body = (await req.json().catch(() => null)) as { msgtype?: string; markdown?: { content?: string }; text?: { content?: string; mentioned_mobile_list?: string[] } } | null;
      const part = body?.msgtype === "markdown" ? body.markdown : body?.msgtype === "text" ? body.text : undefined;
      if (!part || typeof part.content !== "string") return answer(40008, "invalid message type");
      if (new TextEncoder().encode(part.content).length > (body!.msgtype === "markdown" ? 4096 : 2048)) return answer(40058, "content exceed max length");
      const errcode = failures.shift();
      if (errcode) return answer(errcode, "scripted failure");
      const mentions = body!.msgtype === "text" ? (body!.text?.mentioned_mobile_list ?? []) : [];
      messages.add({ key, msgtype: body!.msgtype as RobotMessage["msgtype"], content: part.content, mentions });
      return answer(0, "ok");
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}/cgi-bin/webhook/send?key=${key}`,
    messages,
    fail(count, errcode) {
      for (let i = 0; i < count; i++) failures.push(errcode);
    },
    close: () => server.stop(true),
  };
}

if (import.meta.main) {
  const robot = startFakeWecomRobot({ port: Number(process.env.PORT ?? 8026) });
  console.log(`WeCom robot stand-in: ${robot.url}`);
}
