import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startFakeS3, type FakeS3 } from "../../../../scripts/fakes/s3.ts";
import { localDiskBlobStore, openBlobStore, s3BlobStore, type BlobStore } from "./index.ts";

/** One suite, every driver (DESIGN.md §6 contract suites): disk, and S3 through the local stand-in speaking the S3 REST format. */
const root = mkdtempSync(join(tmpdir(), "ops-blob-contract-"));
let fake: FakeS3 | undefined;
const s3 = () => {
  fake ??= startFakeS3();
  return s3BlobStore({ endpoint: fake.endpoint, bucket: fake.bucket, region: fake.region, accessKeyId: fake.accessKeyId, secretAccessKey: fake.secretAccessKey, forcePathStyle: true });
};
const DRIVERS: Array<[string, () => BlobStore]> = [["disk", () => localDiskBlobStore(join(root, "blobs"))], ["s3", s3]];

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await fake?.close();
});

describe.each(DRIVERS)("blob store contract (%s)", (_name, make) => {
  const blobs = make();

  it("puts, gets, streams, overwrites and deletes by key; absent keys read as null and delete quietly", async () => {
    const text = new TextEncoder().encode("磁盘告警截图");
    await blobs.put("tickets/t1/a1", text);
    expect(new TextDecoder().decode((await blobs.get("tickets/t1/a1"))!)).toBe("磁盘告警截图");
    expect(await new Response((await blobs.stream("tickets/t1/a1"))!).text()).toBe("磁盘告警截图");
    await blobs.put("tickets/t1/a1", new Uint8Array([1, 2, 3]));
    expect(await blobs.get("tickets/t1/a1")).toEqual(new Uint8Array([1, 2, 3]));
    await blobs.delete("tickets/t1/a1");
    await blobs.delete("tickets/t1/a1");
    expect(await blobs.get("tickets/t1/a1")).toBeNull();
    expect(await blobs.stream("tickets/t1/a1")).toBeNull();
  });

  it("keeps a 10 MiB attachment byte for byte", async () => {
    const big = new Uint8Array(10 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    await blobs.put("approvals/i1/big", big);
    const back = new Uint8Array(await new Response((await blobs.stream("approvals/i1/big"))!).arrayBuffer());
    expect(back.length).toBe(big.length);
    expect(Buffer.compare(back, big)).toBe(0);
    await blobs.delete("approvals/i1/big");
  });

  it("puts from a stream without the whole blob in hand: chunked bytes arrive whole, an overwrite replaces", async () => {
    // under 5 MiB: on S3 one PUT (larger streams go as a multipart upload, which the stand-in does not speak)
    const chunks = Array.from({ length: 40 }, (_, i) => new Uint8Array(64 * 1024).fill(i));
    const body = () => new ReadableStream<Uint8Array>({ pull(c) { const next = chunks[sent++]; if (next) c.enqueue(next); else c.close(); } });
    let sent = 0;
    expect(await blobs.putStream("reports/exports/e1.csv", body())).toBe(40 * 64 * 1024);
    const back = (await blobs.get("reports/exports/e1.csv"))!;
    expect(back.length).toBe(40 * 64 * 1024);
    expect([back[0], back[64 * 1024], back.at(-1)]).toEqual([0, 1, 39]);
    sent = 30;
    expect(await blobs.putStream("reports/exports/e1.csv", body())).toBe(10 * 64 * 1024);
    expect((await blobs.get("reports/exports/e1.csv"))![0]).toBe(30);
    await blobs.delete("reports/exports/e1.csv");
    await expect(blobs.putStream("../escape", body())).rejects.toThrow(/invalid blob key/);
  });
  it("refuses keys that could leave their place", async () => {
    await expect(blobs.put("../escape", new Uint8Array(1))).rejects.toThrow(/invalid blob key/);
    await expect(blobs.get("a/../../b")).rejects.toThrow(/invalid blob key/);
  });
});

describe("S3 driver against the stand-in", () => {
  it("signs every request (SigV4, path style): a wrong secret is refused by the store and nothing is kept", async () => {
    const good = s3();
    await good.put("k/one", new Uint8Array([7]));
    expect([...fake!.objects.keys()]).toContain("k/one");
    const bad = s3BlobStore({ endpoint: fake!.endpoint, bucket: fake!.bucket, region: fake!.region, accessKeyId: fake!.accessKeyId, secretAccessKey: "wrong", forcePathStyle: true });
    await expect(bad.put("k/two", new Uint8Array([8]))).rejects.toThrow(/signature/i);
    expect(fake!.objects.has("k/two")).toBe(false);
    expect(fake!.requests.at(-1)).toMatchObject({ method: "PUT", path: `/${fake!.bucket}/k/two`, status: 403 });
  });

  it("is chosen by OPS_BLOB_DRIVER=s3, which names every missing variable at once", () => {
    const base = { OPS_DATA_DIR: root, OPS_S3_REGION: "us-east-1", OPS_S3_FORCE_PATH_STYLE: true };
    expect(() => openBlobStore({ ...base, OPS_BLOB_DRIVER: "s3" })).toThrow("OPS_BLOB_DRIVER=s3 needs OPS_S3_BUCKET, OPS_S3_ACCESS_KEY_ID, OPS_S3_SECRET_ACCESS_KEY");
  });
});
