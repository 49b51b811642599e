import { join, resolve } from "node:path";
import type { BlobStore } from "./blob-store.ts";
import { localDiskBlobStore } from "./local-disk.ts";
import { s3BlobStore } from "./s3.ts";

export type BlobConfig = {
  OPS_DATA_DIR: string;
  OPS_BLOB_DRIVER: "disk" | "s3";
  OPS_S3_ENDPOINT?: string;
  OPS_S3_BUCKET?: string;
  OPS_S3_REGION: string;
  OPS_S3_ACCESS_KEY_ID?: string;
  OPS_S3_SECRET_ACCESS_KEY?: string;
  OPS_S3_FORCE_PATH_STYLE: boolean;
};

/** The blob store the env chooses: disk under OPS_DATA_DIR/blobs (default) or an S3-compatible bucket; every missing S3 variable named at once. */
export function openBlobStore(env: BlobConfig): BlobStore {
  if (env.OPS_BLOB_DRIVER === "disk") return localDiskBlobStore(join(resolve(env.OPS_DATA_DIR), "blobs"));
  const missing = (["OPS_S3_BUCKET", "OPS_S3_ACCESS_KEY_ID", "OPS_S3_SECRET_ACCESS_KEY"] as const).filter((k) => !env[k]);
  if (missing.length) throw new Error(`OPS_BLOB_DRIVER=s3 needs ${missing.join(", ")}`);
  return s3BlobStore({
    endpoint: env.OPS_S3_ENDPOINT, bucket: env.OPS_S3_BUCKET!, region: env.OPS_S3_REGION, accessKeyId: env.OPS_S3_ACCESS_KEY_ID!,
    secretAccessKey: env.OPS_S3_SECRET_ACCESS_KEY!, forcePathStyle: env.OPS_S3_FORCE_PATH_STYLE,
  });
}
