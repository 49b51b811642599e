import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localDiskBlobStore } from "./index.ts";

// the calls every driver shares are in blob-store.contract.test.ts; here what only the disk has: file modes
describe("local disk blob store", () => {
  const root = mkdtempSync(join(tmpdir(), "ops-blob-"));
  const blobs = localDiskBlobStore(join(root, "blobs"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("puts, gets, streams and deletes by key, files 0600 under 0700 directories", async () => {
    const bytes = new TextEncoder().encode("磁盘告警截图");
    await blobs.put("tickets/t1/a1", bytes);
    expect(new TextDecoder().decode((await blobs.get("tickets/t1/a1"))!)).toBe("磁盘告警截图");
    expect(statSync(join(root, "blobs/tickets/t1/a1")).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, "blobs/tickets/t1")).mode & 0o777).toBe(0o700);
    const streamed = await new Response((await blobs.stream("tickets/t1/a1"))!).text();
    expect(streamed).toBe("磁盘告警截图");
    await blobs.delete("tickets/t1/a1");
    await blobs.delete("tickets/t1/a1");
    expect(await blobs.get("tickets/t1/a1")).toBeNull();
    expect(await blobs.stream("tickets/t1/a1")).toBeNull();
  });
});
