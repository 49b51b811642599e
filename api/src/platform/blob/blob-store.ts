/**
 * The BlobStore port: bytes by key (attachments, exports). Modules see only this; the driver is
 * chosen by the composition root (local disk under OPS_DATA_DIR today; an S3-compatible driver
 * implements the same four calls later). Keys are opaque paths the caller makes unique
 * (`tickets/<ticket id>/<attachment id>`); only [A-Za-z0-9._/-] is allowed, no `..`.
 */
export interface BlobStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** a put from a stream (large exports), never holding the whole blob in memory; resolves to the bytes stored */
  putStream(key: string, body: ReadableStream<Uint8Array>): Promise<number>;
  /** null when there is no blob under the key */
  get(key: string): Promise<Uint8Array | null>;
  /** a stream of the blob (for downloads), null when absent */
  stream(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** absent keys are fine: deleting twice is not an error */
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

export function assertBlobKey(key: string): void {
  if (!KEY.test(key) || key.split("/").some((part) => part === "." || part === "..") || key.length > 512) {
    throw new Error(`invalid blob key: ${key}`);
  }
}
