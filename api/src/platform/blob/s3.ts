import { assertBlobKey, type BlobStore } from "./blob-store.ts";

export type S3BlobOptions = {
  /** e.g. https://s3.eu-central-1.amazonaws.com, http://minio:9000; absent: AWS's own for the region */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://endpoint/bucket/key` (MinIO, most self-hosted stores) instead of `https://bucket.endpoint/key` */
  forcePathStyle: boolean;
};

const missingKey = (e: unknown) => (e as { code?: string })?.code === "NoSuchKey";

/**
 * Blobs in an S3-compatible bucket through Bun's built-in S3 client (SigV4, path or virtual-hosted
 * style, streaming reads): no SDK to install. Keys are the port's keys as they are. Gotchas
 * handled here: a missing object makes a read throw S3Error NoSuchKey (→ null), and `stream()`
 * of a missing object fails only when read, so it asks with HEAD first.
 */
export function s3BlobStore(o: S3BlobOptions): BlobStore {
  const client = new Bun.S3Client({
    bucket: o.bucket, region: o.region, accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}), virtualHostedStyle: !o.forcePathStyle,
  });
  const file = (key: string) => {
    assertBlobKey(key);
    return client.file(key);
  };
  return {
    async put(key, bytes) {
      await file(key).write(bytes);
    },
    async putStream(key, body) {
      // Bun's client sends a body of unknown length as a multipart upload (5 MiB parts), so memory stays at a part
      return await file(key).write(new Response(body));
    },
    async get(key) {
      try {
        return new Uint8Array(await file(key).arrayBuffer());
      } catch (e) {
        if (missingKey(e)) return null;
        throw e;
      }
    },
    async stream(key) {
      const f = file(key);
      if (!(await f.exists())) return null;
      return f.stream() as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      // S3 answers 204 for a key that is not there: deleting twice is fine
      await file(key).delete();
    },
  };
}
