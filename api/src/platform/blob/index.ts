/** Blob storage: the port and its drivers (local disk, S3-compatible), chosen by env in openBlobStore. */
export { assertBlobKey, type BlobStore } from "./blob-store.ts";
export { localDiskBlobStore } from "./local-disk.ts";
export { s3BlobStore, type S3BlobOptions } from "./s3.ts";
export { openBlobStore, type BlobConfig } from "./open.ts";
