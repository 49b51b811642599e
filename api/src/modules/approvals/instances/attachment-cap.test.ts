import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

/** a per-file cap over the API's general 1 MiB body limit (OPS_ATTACHMENT_MAX_BYTES), small enough for a quick test */
const CAP = 1536 * 1024;

// The limits are HTTP-level, the same on either store: SQLite only.
describe("approvals: comment attachments up to OPS_ATTACHMENT_MAX_BYTES", () => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  beforeAll(async () => {
    s = await createTestSystem({ demoSeeders: ["company"], env: { OPS_ATTACHMENT_MAX_BYTES: String(CAP) } });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "zhoujie"]);
  });
  afterAll(() => s?.close());

  it("takes a file at the cap past the 1 MiB body limit, refuses one byte more with 413 naming the file and stores nothing; other routes keep 1 MiB", async () => {
    const inst = await a.start("lina", await a.publish(simpleDef("cap", { type: "users", users: [a.ids.zhoujie] })));
    const over = await a.commentWithFiles("lina", inst.id, "太大", [{ name: "big.txt", type: "text/plain", bytes: "x".repeat(CAP + 1) }]);
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ reason: "approvals.attachment_too_large", errors: [{ field: "files[0]", message: "附件须为 1 字节到 1536 KB" }] });
    expect((await a.get("lina", inst.id)).timeline.some((e: { action: string }) => e.action === "comment")).toBe(false);
    // three files over the cap together: the upload route's own body limit answers first
    const many = await a.commentWithFiles("lina", inst.id, "很多", Array.from({ length: 3 }, (_, i) => ({ name: `f${i}.txt`, type: "text/plain", bytes: "y".repeat(CAP + 512 * 1024) })));
    expect(many.status).toBe(413);
    expect(many.body.errors[0]).toMatchObject({ field: "files" });
    const ok = await a.commentWithFiles("lina", inst.id, "日志", [{ name: "full.txt", type: "text/plain", bytes: "z".repeat(CAP) }]);
    expect(ok.status).toBe(200);
    const att = ok.body.data.timeline.at(-1).data.attachments[0];
    expect(att).toMatchObject({ name: "full.txt", size: CAP });
    expect((await (await a.download("lina", inst.id, att.id)).arrayBuffer()).byteLength).toBe(CAP);
    // a JSON route keeps the general 1 MiB limit
    const json = await a.api("POST", `/approvals/${inst.id}/withdraw`, a.tok.lina, { comment: "w".repeat(1024 * 1024) });
    expect(json.status).toBe(413);
  });
});
