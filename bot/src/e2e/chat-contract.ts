/**
 * The chat-ops contract every platform keeps, end to end through its stand-in and real SDK:
 * signed message → fast ack → card posted; identity and RBAC as the bound user; forged or stale
 * callbacks refused with no side effect; redeliveries applied once; a button click and a change
 * made elsewhere both update the posted card in place.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBotHarness, type BotHarness } from "../testing/bot-harness.ts";
import { untilPosted, type ChatDriver, type Posted } from "./chat-drivers.ts";

export function describeChatPlatform(driver: ChatDriver, label: string = driver.platform) {
  describe(`chat ops on ${label}`, () => {
    let h: BotHarness;
    const [alice, bob] = driver.users;
    beforeAll(async () => {
      h = await startBotHarness({ ...driver.options, notify: true });
    });
    afterAll(async () => {
      await h?.close();
    });

    const until = (pred: (posted: Posted[]) => boolean, what: string, timeoutMs = 8000) => untilPosted(driver, h, pred, what, timeoutMs);
    const chatInbound = () => h.system.queue.stats("chat-inbound");

    it("answers an unbound account in the group with what anyone may do, and sends the one-time bind link to them alone", async () => {
      const before = driver.posted(h).length;
      const sent = await driver.send(h, "help", alice);
      expect(sent.status).toBe(200);
      const inGroup = (p: Posted[]) => p.slice(before).filter((x) => x.group);
      await until((p) => inGroup(p).length >= 2 && driver.privateTo(h, alice).length > 0, "help + notice in the group, bind link privately");
      await h.settled();
      const [help, notice, ...rest] = inGroup(driver.posted(h));
      expect(rest).toEqual([]);
      expect(help!.content).toContain("whoami");
      expect(help!.content).not.toContain("backfill");
      expect(notice!.content).toContain("绑定链接已私信发给你");
      // A bind link is a credential: never in a message others can read.
      for (const p of driver.posted(h)) if (p.group) expect(p.content).not.toContain("/account/bindings?code=");
      const mine = driver.privateTo(h, alice).join("\n");
      expect(mine).toContain("请先绑定 OPS 账号");
      expect(mine).toContain("https://ops.example.com/account/bindings?code=");
      expect(driver.privateTo(h, bob)).toEqual([]);
    });

    it("acts as the bound OPS user: whoami and a help that lists only what they may do", async () => {
      await h.bind(driver.platform, alice, "lina");
      let before = driver.posted(h).length;
      expect((await driver.send(h, "whoami", alice)).status).toBe(200);
      const who = (await until((p) => p.length > before, "whoami card")).at(-1)!;
      expect(who.content).toContain("李娜");
      await h.settled();
      const refs = await h.system.db.all<{ card_kind: string; entity_type: string }>("SELECT card_kind, entity_type FROM im_messages WHERE platform = ?", [driver.platform]);
      if (!who.ref.startsWith("webhook:")) expect(refs).toContainEqual({ card_kind: "whoami", entity_type: "user" });

      await h.bind(driver.platform, bob, "admin");
      before = driver.posted(h).length;
      await driver.send(h, "帮助", bob);
      const adminHelp = (await until((p) => p.length > before, "admin help")).at(-1)!;
      expect(adminHelp.content).toContain("backfill");
      before = driver.posted(h).length;
      await driver.send(h, "帮助", alice);
      const linaHelp = (await until((p) => p.length > before, "lina help")).at(-1)!;
      expect(linaHelp.content).not.toContain("backfill");
    });

    it("refuses forged and stale callbacks with no side effect", async () => {
      await h.settled();
      const jobs = await chatInbound();
      const before = driver.posted(h).length;
      expect((await driver.send(h, "whoami", alice, "forged")).status).toBe(401);
      expect((await driver.send(h, "whoami", alice, "stale")).status).toBe(401);
      await h.settled();
      expect(await chatInbound()).toEqual(jobs);
      expect(driver.posted(h).length).toBe(before);
    });

    it("refuses an oversized callback before reading it all, and unknown webhook paths", async () => {
      const big = await fetch(`${h.url}/bot/${driver.platform}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(2 * 1024 * 1024) });
      expect(big.status).toBe(413);
      expect((await fetch(`${h.url}/bot/nowhere`, { method: "POST", body: "{}" })).status).toBe(404);
    });

    it("applies the same event delivered five times once", async () => {
      await h.settled();
      const jobs = await chatInbound();
      const before = driver.posted(h).length;
      const sent = await driver.send(h, "whoami", alice);
      for (let i = 0; i < 4; i++) expect(await sent.redeliver()).toBe(200);
      await until((p) => p.length > before, "one whoami card");
      await h.settled();
      expect((await chatInbound()).completed).toBe(jobs.completed + 1);
      expect(driver.posted(h).length).toBe(before + 1);
    });

    it("updates a card in place when its button is clicked (unbind from whoami)", async () => {
      const before = driver.posted(h).length;
      await driver.send(h, "whoami", alice);
      const who = (await until((p) => p.length > before, "whoami card")).at(-1)!;
      await driver.click(h, who.ref, "identity.unbind", alice);
      const privately = driver.privateTo(h, alice).length;
      const updated = (await until((p) => p.find((x) => x.ref === who.ref)!.versions > who.versions, "card update")).find((x) => x.ref === who.ref)!;
      expect(updated.content).toContain("请先绑定 OPS 账号");
      // The card others see loses the account, not gains a link: a fresh link goes to alice alone.
      expect(updated.content).not.toContain("/account/bindings?code=");
      await until(() => driver.privateTo(h, alice).length > privately, "a fresh bind link, privately");
      expect(driver.privateTo(h, alice).at(-1)).toContain("/account/bindings?code=");
      const me = await h.req("GET", "/api/v1/auth/me", { headers: h.asChat(driver.platform, alice) });
      expect(me.body.reason).toBe("im.unbound");
    });

    it("delivers a notification to the bound account and updates it everywhere when read", async () => {
      const admin = await h.login("admin");
      const adminId = (await h.req("GET", "/api/v1/auth/me", { token: admin })).body.data.id;
      const before = driver.posted(h).length;
      const sent = await h.req("POST", "/api/v1/notify/send", {
        token: admin, body: { type: "job.failed", recipients: [adminId], data: { title: "日报任务失败", body: "exit code 1" }, critical: true },
      });
      expect(sent.status).toBe(201);
      const card = (await until((p) => p.slice(before).some((x) => x.content.includes("日报任务失败")), "notification card"))
        .slice(before).find((x) => x.content.includes("日报任务失败"))!;
      void sent;
      expect(card.content).toContain("标记已读");
      await h.settled("im-delivery");
      // Read in the app: the chat card loses its button, in place.
      const inbox = await h.req("GET", "/api/v1/notifications?unread=true", { token: admin });
      await h.req("POST", `/api/v1/notifications/${inbox.body.data.items[0].id}/read`, { token: admin });
      const read = (await until((p) => p.find((x) => x.ref === card.ref)!.versions > card.versions, "card marked read")).find((x) => x.ref === card.ref)!;
      expect(read.content).not.toContain("标记已读");
      expect(read.content).toContain("已读");
    });
  });
}
