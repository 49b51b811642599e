import type { Envelope } from "@ops/shared/envelope.ts";
import type { Datasource } from "@ops/shared/contracts/reports.ts";
import { ApiError } from "./api-error.ts";
import { buildUrl, request } from "./client.ts";
import type { UploadPreview } from "./reports.ts";
import { loadTokens } from "./tokens.ts";

/**
 * CSV/XLSX uploads for `upload` datasources. The file goes through XMLHttpRequest because fetch
 * reports no upload progress; the preview (nothing stored) goes through the normal client.
 */
export type UploadMode = "replace" | "append";

function form(file: File, name?: string): FormData {
  const f = new FormData();
  f.set("file", file);
  if (name) f.set("name", name);
  return f;
}

/** Sends a multipart POST and calls `onProgress` with 0..100 as the bytes leave. */
function xhrUpload<T>(path: string, body: FormData, onProgress: (pct: number) => void, query: Record<string, string> = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", buildUrl(path, query));
    const token = loadTokens()?.access_token;
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onerror = () => reject(new ApiError("offline", 0, 0, "client.offline"));
    xhr.onload = () => {
      let env: Envelope<T> | null = null;
      try {
        env = JSON.parse(xhr.responseText) as Envelope<T>;
      } catch {
        env = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && env) {
        onProgress(100);
        resolve(env.data);
      } else reject(new ApiError(env?.message ?? `HTTP ${xhr.status}`, xhr.status, env?.code ?? xhr.status * 100 + 1, env?.reason ?? "", env?.errors ?? []));
    };
    xhr.send(body);
  });
}

export const uploadsApi = {
  preview: (file: File) => request<UploadPreview>("POST", "/datasources/upload/preview", { form: form(file) }),
  create: (file: File, name: string, onProgress: (pct: number) => void) => xhrUpload<Datasource>("/datasources/upload", form(file, name), onProgress),
  reupload: (id: string, file: File, mode: UploadMode, onProgress: (pct: number) => void) =>
    xhrUpload<Datasource>(`/datasources/${encodeURIComponent(id)}/upload`, form(file), onProgress, { mode }),
};
