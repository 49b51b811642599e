import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DIR_MODE, FILE_MODE } from "../data-dir.ts";
import { newId } from "../crypto.ts";
import { assertBlobKey, type BlobStore } from "./blob-store.ts";

const missing = (e: unknown) => (e as NodeJS.ErrnoException).code === "ENOENT";

/**
 * Blobs as files under `root` (OPS_DATA_DIR/blobs by default): directories 0700 and files 0600,
 * like the rest of the data dir, whatever the umask. A put writes a temp file and renames it,
 * so a reader never sees half a blob.
 */
export function localDiskBlobStore(root: string): BlobStore {
  const pathOf = (key: string) => {
    assertBlobKey(key);
    return join(root, key);
  };

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      const tmp = `${path}.${newId()}.tmp`;
      const fh = await open(tmp, "wx", FILE_MODE);
      try {
        await fh.writeFile(bytes);
        await fh.chmod(FILE_MODE);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, path);
    },
    async putStream(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: DIR_MODE });
      const tmp = `${path}.${newId()}.tmp`;
      const fh = await open(tmp, "wx", FILE_MODE);
      let bytes = 0;
      try {
        await pipeline(Readable.fromWeb(body as never), createWriteStream("", { fd: fh.fd, autoClose: false }));
        await fh.chmod(FILE_MODE);
        await fh.sync();
        bytes = (await fh.stat()).size;
      } catch (e) {
        await fh.close();
        await rm(tmp, { force: true });
        throw e;
      }
      await fh.close();
      await rename(tmp, path);
      return bytes;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
    },
    async stream(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch (e) {
        if (missing(e)) return null;
        throw e;
      }
      // node:stream and DOM stream types differ only in their declarations: same object at run time.
      return Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
