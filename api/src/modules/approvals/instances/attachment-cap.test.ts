import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "../../../../../scripts/fakes/s3.ts";
import { createTestSystem, type TestSystem } from "../../../testing/harness.ts";
import { approvalsApi, simpleDef } from "../approvals.testkit.ts";

/** a per-file cap over the API's general 1 MiB body limit (OPS_ATTACHMENT_MAX_BYTES), small enough for a quick test */
const CAP = 1536 * 1024;

/** the blob store the env chooses: disk, or S3 through the local stand-in (scripts/fakes/s3.ts) */
function blobEnv(driver: string, fake: FakeS3 | undefined): Record<string, string> {
  if (driver === "disk" || !fake) return {};
  return {
    OPS_BLOB_DRIVER: "s3", OPS_S3_ENDPOINT: fake.endpoint, OPS_S3_BUCKET: fake.bucket, OPS_S3_REGION: fake.region,
    OPS_S3_ACCESS_KEY_ID: fake.accessKeyId, OPS_S3_SECRET_ACCESS_KEY: fake.secretAccessKey, OPS_S3_FORCE_PATH_STYLE: "1",
  };
}

// The limits are HTTP-level, the same on either store (SQLite only); the files go to each blob driver.
describe.each(["disk", "s3"])("approvals: comment attachments up to OPS_ATTACHMENT_MAX_BYTES (%s)", (driver) => {
  let s: TestSystem;
  let a: ReturnType<typeof approvalsApi>;
  let fake: FakeS3 | undefined;
  beforeAll(async () => {
    fake = driver === "s3" ? startFakeS3() : undefined;
    s = await createTestSystem({ demoSeeders: ["company"], env: { OPS_ATTACHMENT_MAX_BYTES: String(CAP), ...blobEnv(driver, fake) } });
    a = approvalsApi(s);
    await a.signIn(["admin", "lina", "zhoujie"]);
  });
  afterAll(async () => {
    await s?.close();
    await fake?.close();
  });

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
    if (fake) expect(fake.objects.get(`approvals/${inst.id}/${att.id}`)?.bytes.length).toBe(CAP);
    // a JSON route keeps the general 1 MiB limit
    const json = await a.api("POST", `/approvals/${inst.id}/withdraw`, a.tok.lina, { comment: "w".repeat(1024 * 1024) });
    expect(json.status).toBe(413);
  });
});
