import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENGINES, createTestSystem, type TestSystem } from "../../testing/harness.ts";
import { ticketsApi } from "./tickets.testkit.ts";

/** a per-file cap over the API's general 1 MiB body limit, small enough for a quick test */
const CAP = 1536 * 1024;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

describe.each(ENGINES)("tickets: comments with attachments (%s)", (engine) => {
  let s: TestSystem;
  let tk: ReturnType<typeof ticketsApi>;
  const tokens: Record<string, string> = {};
  let id: string;
  beforeAll(async () => {
    s = await createTestSystem({ engine, demoSeeders: ["company", "tickets"], env: { OPS_ATTACHMENT_MAX_BYTES: String(CAP) } });
    tk = ticketsApi(s);
    for (const u of ["songjia", "luoting", "hejun", "lina"]) tokens[u] = await s.login(u);
    id = (await tk.open(tokens.songjia!)).body.data.id;
  });
  afterAll(() => s?.close());

  it("stores files through the blob store and streams them back to those who may see the ticket", async () => {
    const r = await tk.comment(tokens.songjia!, id, "截图和日志见附件", [
      { name: "磁盘.png", type: "image/png", bytes: PNG },
      { name: "../../df.txt", type: "text/plain", bytes: "Filesystem 95%" },
    ]);
    expect(r.status).toBe(201);
    const event = r.body.data.events.at(-1);
    expect(event).toMatchObject({ kind: "comment", comment: "截图和日志见附件", actor: { username: "songjia" } });
    expect(event.attachments.map((a: { name: string; mime: string; size: number }) => [a.name, a.mime, a.size])).toEqual([
      ["磁盘.png", "image/png", PNG.length], ["df.txt", "text/plain", 14],
    ]);
    const png = await s.system.app.request(`/api/v1/tickets/${id}/attachments/${event.attachments[0].id}`, { headers: { authorization: `Bearer ${tokens.luoting}` } });
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("content-disposition")).toContain("filename*=UTF-8''%E7%A3%81%E7%9B%98.png");
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(PNG);
    // 李娜 neither reported it nor may see its department's tickets: 404, bytes never leave
    const denied = await s.system.app.request(`/api/v1/tickets/${id}/attachments/${event.attachments[0].id}`, { headers: { authorization: `Bearer ${tokens.lina}` } });
    expect(denied.status).toBe(404);
    expect((await tk.inbox(tokens.luoting!, "ticket.updated")).length).toBeGreaterThan(0);
  });

  it("refuses a bad type, an oversize file or an empty comment naming the field, storing nothing", async () => {
    const blobsBefore = listBlobs(id);
    const eventsBefore = await tk.count("ticket_events");
    const exe = await tk.comment(tokens.songjia!, id, "程序", [{ name: "x.exe", type: "application/x-msdownload", bytes: "MZ" }]);
    expect(exe.status).toBe(400);
    expect(exe.body.errors[0]).toMatchObject({ field: "files[0]", message: "不支持的附件类型：application/x-msdownload" });
    // just over the cap (OPS_ATTACHMENT_MAX_BYTES): 413 naming the file
    const big = await tk.comment(tokens.songjia!, id, "大文件", [{ name: "a.txt", type: "text/plain", bytes: new Uint8Array(CAP + 1) }]);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 41301, reason: "tickets.attachment_too_large" });
    expect(big.body.errors[0]).toMatchObject({ field: "files[0]", message: "附件不能超过 1536 KB" });
    const empty = await tk.comment(tokens.songjia!, id, "  ");
    expect(empty.body.errors[0]).toMatchObject({ field: "content" });
    const outsider = await tk.comment(tokens.hejun!, id, "我看看");
    expect(outsider.status).toBe(404);
    expect(await tk.count("ticket_events")).toBe(eventsBefore);
    expect(await tk.count("ticket_attachments")).toBe(2);
    expect(listBlobs(id)).toEqual(blobsBefore);
    // at the cap, past the general 1 MiB body limit: stored
    const atCap = await tk.comment(tokens.songjia!, id, "日志", [{ name: "full.txt", type: "text/plain", bytes: new Uint8Array(CAP).fill(65) }]);
    expect(atCap.status, atCap.body.message).toBe(201);
    expect(listBlobs(id)).toHaveLength(blobsBefore.length + 1);
  });
});

function listBlobs(ticketId: string): string[] {
  try {
    return readdirSync(join(".tmp/test-data/blobs/tickets", ticketId)).sort();
  } catch {
    return [];
  }
}
