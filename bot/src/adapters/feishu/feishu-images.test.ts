import { reportDigestCard } from "@ops/cards";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FeishuFake, startFeishuFake } from "../../../../scripts/fakes/index.ts";
import { imageFetcher } from "../../core/card-images.ts";
import type { BotLogger, HttpChatAdapter } from "../../core/port.ts";
import { createFeishuAdapter } from "./index.ts";

/**
 * Feishu shows an image only by an uploaded image_key: the adapter reads a card's image (through the API for its own
 * URLs), uploads it with the Lark SDK's im.image.create to the stand-in, and the card's `img` names the key.
 */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const APP = "https://ops.example.com";
const warnings: string[] = [];
const logger: BotLogger = { debug: () => undefined, info: () => undefined, warn: (m) => void warnings.push(m), error: () => undefined };
const digest = (chartUrl: string) => reportDigestCard({ reportId: "r1", name: "城市销售", period: "本月", generatedAt: "2026-12-04T08:30:00Z", metrics: [{ label: "成交额", value: "¥1" }], chartUrl });

let fake: FeishuFake;
let adapter: HttpChatAdapter;
const apiAsked: string[] = [];
beforeAll(async () => {
  fake = await startFeishuFake();
  // the API in process: serves the signed chart PNG, refuses anything else
  const apiFetch = (r: Request) => {
    apiAsked.push(new URL(r.url).pathname);
    return new URL(r.url).pathname === "/api/v1/report-images/good.png"
      ? new Response(PNG, { headers: { "content-type": "image/png" } })
      : Response.json({ code: 40401 }, { status: 404 });
  };
  adapter = createFeishuAdapter(
    { appId: fake.appId, appSecret: fake.appSecret, verificationToken: fake.verificationToken, domain: fake.url },
    { now: () => Date.now(), logger, appUrl: APP, fetchImage: imageFetcher({ appUrl: APP, apiFetch, logger }) },
  );
});
afterAll(async () => {
  await adapter?.stop();
  await fake?.stop();
});

describe("Feishu card images", () => {
  it("uploads a card's image once and shows it by its image_key, also after an update", async () => {
    const card = digest(`${APP}/api/v1/report-images/good.png`);
    const ref = await adapter.sendToUser!("ou_fake_alice", card);
    expect(apiAsked).toEqual(["/api/v1/report-images/good.png"]);
    expect(fake.images.items).toHaveLength(1);
    expect(Buffer.from(fake.images.items[0]!.bytes).equals(Buffer.from(PNG))).toBe(true);
    const key = fake.images.items[0]!.image_key;
    expect(fake.message(ref.messageId)!.content).toContain(`"tag":"img","img_key":"${key}"`);

    await adapter.update(ref, card);
    expect(fake.images.items).toHaveLength(1);
    expect(fake.message(ref.messageId)!.content).toContain(`"img_key":"${key}"`);
  });

  it("sends the card with the chart as a link when the image cannot be read", async () => {
    const url = `${APP}/api/v1/report-images/expired.png`;
    const ref = await adapter.sendToUser!("ou_fake_alice", digest(url));
    const content = fake.message(ref.messageId)!.content;
    expect(content).not.toContain("img_key");
    expect(content).toContain(url);
    expect(warnings).toContain("card image not readable");
  });

  it("the stand-in refuses a card naming an image nobody uploaded, and an upload that is not an image", async () => {
    const token = (await (await fetch(`${fake.url}/open-apis/auth/v3/tenant_access_token/internal`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ app_id: fake.appId, app_secret: fake.appSecret }) })).json()) as { tenant_access_token: string };
    const card = { schema: "2.0", body: { elements: [{ tag: "img", img_key: "img_v3_nobody", alt: { tag: "plain_text", content: "x" } }] } };
    const sent = await fetch(`${fake.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token.tenant_access_token}` },
      body: JSON.stringify({ receive_id: "oc_fake_ops", msg_type: "interactive", content: JSON.stringify(card) }),
    });
    expect(((await sent.json()) as { code: number }).code).toBe(230099);
    const form = new FormData();
    form.set("image_type", "message");
    form.set("image", new Blob(["not an image"]), "x.png");
    const up = await fetch(`${fake.url}/open-apis/im/v1/images`, { method: "POST", headers: { authorization: `Bearer ${token.tenant_access_token}` }, body: form });
    expect(((await up.json()) as { code: number }).code).toBe(234011);
  });
});
