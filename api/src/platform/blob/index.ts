/** Blob storage: the port and its drivers. */
export { assertBlobKey, type BlobStore } from "./blob-store.ts";
export { localDiskBlobStore } from "./local-disk.ts";
