import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES } from "../../../testing/harness.ts";
import type { ImDeliveryJob } from "../index.ts";
import { bindIm, createNotifyKit, logRows, type NotifyKit } from "../notify.testkit.ts";
import { compileMatcher, maskWord } from "./matcher.ts";
import { createWordList, normaliseWords, RECHECK_MS } from "./words.ts";

describe("sensitive-word matcher", () => {
  it("masks every match case-insensitively, CJK included, longest word first", () => {
    const m = compileMatcher(["赌博", "赌博网站", "Secret", "a.b", "c|d"]);
    expect(m.mask("访问赌博网站，SECRET 与 secret，a.b 而非 axb，c|d")).toBe("访问***，*** 与 ***，*** 而非 axb，***");
    expect(m.find("访问赌博网站与赌博 SeCrEt")).toEqual(["赌博网站", "赌博", "Secret"]);
    expect(compileMatcher([]).mask("任何内容")).toBe("任何内容");
    expect(maskWord("赌博")).toBe("赌*");
    expect(maskWord("Secret")).toBe("S*****");
    expect(normaliseWords([" 赌博 ", "Secret", "secret", "赌博"])).toEqual(["赌博", "Secret"]);
  });
});

describe.each(ENGINES)("notification sensitive words (%s)", (engine) => {
  let kit: NotifyKit;
  let admin: string;
  let zhangwei: string;
  const words = (token: string, body?: unknown) => kit.api(body === undefined ? "GET" : "PUT", "/notify/sensitive-words", token, body);
  const send = (data: Record<string, unknown>) => kit.api("POST", "/notify/send", admin, { type: "ops.notice", recipients: [zhangwei], data });

  beforeAll(async () => {
    kit = await createNotifyKit({ engine });
    admin = await kit.s.login("admin");
    zhangwei = await kit.userId("zhangwei");
    await bindIm(kit, zhangwei, "feishu", "ou_zhangwei");
  });
  afterAll(() => kit?.close());

  it("validates the list (field named, nothing changed), needs notify:manage, and audits counts only", async () => {
    const lina = await kit.s.login("lina");
    expect((await words(lina)).status).toBe(403);
    expect((await words(lina, { mode: "mask", words: ["x"] })).status).toBe(403);
    expect((await words(admin)).body.data).toEqual({ mode: "mask", words: [], updated_at: null, updated_by: null });
    for (const [body, field] of [
      [{ mode: "drop", words: [] }, "mode"],
      [{ mode: "mask", words: ["ok", "   "] }, "words.1"],
      [{ mode: "mask", words: ["x".repeat(51)] }, "words.0"],
      [{ mode: "mask", words: Array.from({ length: 2001 }, (_, i) => `w${i}`) }, "words"],
    ] as const) {
      const r = await words(admin, body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      if (field === "words") expect(r.body.errors[0].message).toBe("敏感词最多 2000 个");
    }
    expect((await words(admin)).body.data.words).toEqual([]);

    const saved = await words(admin, { mode: "mask", words: [" 赌博 ", "Secret", "secret", "赌博网站", "x".repeat(50)] });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ mode: "mask", words: ["赌博", "Secret", "赌博网站", "x".repeat(50)], added: 4, removed: 0 });
    const again = await words(admin, { mode: "mask", words: ["赌博", "Secret", "赌博网站"] });
    expect(again.body.data).toMatchObject({ added: 0, removed: 1 });
    const audit = await kit.s.system.db.all<{ before_data: string; after_data: string }>(
      "SELECT before_data, after_data FROM audit_logs WHERE action = 'sensitive_words.update' AND status = 200 ORDER BY seq",
    );
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[1]!.after_data)).toEqual({ mode: "mask", count: 3, added: 0, removed: 1 });
    expect(audit[1]!.after_data).not.toContain("赌博");
  });

  it("another process's change is seen within the recheck interval (one cheap read), a local save at once", async () => {
    let t = 0;
    const other = createWordList({ db: kit.s.system.db, clock: kit.s.clock, now: () => t });
    const before = (await other.current()).words;
    await kit.s.system.db.run("UPDATE notify_sensitive_words SET words = ?, updated_at = ? WHERE id = 'default'", [JSON.stringify(["新词"]), "2099-01-01T00:00:00.000Z"]);
    t += RECHECK_MS - 1;
    expect((await other.current()).words).toEqual(before);
    t += 1;
    expect((await other.current()).words).toEqual(["新词"]);
    expect((await other.current()).matcher.mask("一个新词")).toBe("一个***");
    await other.save({ mode: "mask", words: before }, null);
    expect((await other.current()).words).toEqual(before);
  });

  it("mask: every channel's text shows *** (inbox, IM card job, e-mail)", async () => {
    await words(admin, { mode: "mask", words: ["赌博", "Secret", "赌博网站"] });
    const sent = await send({ title: "公告：SECRET 上线", body: "请勿访问赌博网站，secret 不外传" });
    expect(sent.status).toBe(201);
    const eventId = sent.body.data.event_id as string;
    const inbox = await kit.s.system.db.get<{ title: string; body: string }>("SELECT title, body FROM notifications WHERE event_id = ?", [eventId]);
    expect(inbox).toEqual({ title: "公告：*** 上线", body: "请勿访问***，*** 不外传" });
    const [mail] = await kit.smtp.mail.waitFor(1);
    expect(mail!.subject).toBe("公告：*** 上线");
    expect(mail!.text).toContain("请勿访问***，*** 不外传");
    expect(mail!.text).not.toMatch(/赌博|secret/i);
    await kit.until(async () => (await logRows(kit, { eventId })).some((r) => r.channel === "im" && r.status === "sent"), "IM handed to the bot");
    const im = await kit.s.system.queue.reserve<ImDeliveryJob>("im-delivery");
    expect(im?.payload.card.data).toMatchObject({ title: "公告：*** 上线", body: "请勿访问***，*** 不外传" });
    expect(JSON.stringify(im?.payload)).not.toMatch(/赌博|secret/i);
  });

  it("block: the send is refused on every channel, logged with the reason and masked words; the API caller gets 422 with the words", async () => {
    await words(admin, { mode: "block", words: ["赌博", "Secret"] });
    const mails = kit.smtp.mail.items.length;
    const refused = await send({ title: "周报", body: "含有 SECRET 与赌博的内容" });
    expect(refused.status).toBe(422);
    expect(refused.body.reason).toBe("notify.sensitive_blocked");
    expect(refused.body.errors.map((e: { field: string; message: string }) => e.message).join(" ")).toMatch(/Secret/);
    expect(refused.body.message).toContain("赌博");
    const logs = (await kit.api("GET", "/notify/logs?status=blocked", admin)).body.data.items as Array<Record<string, unknown>>;
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.every((l) => l.error === "notify.sensitive_blocked" && l.username === "zhangwei")).toBe(true);
    expect(String(logs[0]!.detail)).toMatch(/S\*{5}/);
    expect(String(logs[0]!.detail)).not.toMatch(/赌博|secret/i);
    const eventId = String(logs[0]!.event_id);
    expect(await kit.s.system.db.get("SELECT id FROM notifications WHERE event_id = ?", [eventId])).toBeUndefined();
    const deliveries = await kit.s.system.db.all<{ status: string }>("SELECT status FROM notify_deliveries WHERE event_id = ?", [eventId]);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.status === "blocked")).toBe(true);
    // a module's own send is refused the same way, without an exception
    const internal = await kit.notify.send({ type: "ops.notice", recipients: [zhangwei], data: { title: "赌博", body: "" } });
    expect(internal).toMatchObject({ deliveries: 0, blocked: ["赌博"] });
    // a clean send still goes
    expect((await send({ title: "周报", body: "一切正常" })).status).toBe(201);
    await kit.smtp.mail.waitFor(mails + 1);
    expect(kit.smtp.mail.items.length).toBe(mails + 1);
  });
});
