import { createResource, createSignal, onCleanup, Show, type JSX } from "solid-js";
import { configApi } from "../../data/config.ts";
import { fetchAuthed } from "../../data/client.ts";
import { tr } from "../../providers/i18n.ts";
import { notifyError } from "../../providers/toast.tsx";
import { Button } from "../button.tsx";
import { RequiredMark } from "../required-mark.tsx";

const ACCEPT = "image/png,image/jpeg,image/webp,image/gif";

/**
 * An image value is the key of a file uploaded to this table (`POST …/uploads`). The preview is
 * fetched with the session's token (the upload route checks read access) and shown as a blob: URL.
 */
export function ImageField(props: { table: string; name: string; label: string; value: string; onChange: (key: string) => void; required?: boolean; disabled?: boolean; error?: string }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [preview] = createResource(
    () => props.value || null,
    async (key) => {
      const res = await fetchAuthed("GET", configApi.uploadUrl(props.table, key));
      return res.ok ? URL.createObjectURL(await res.blob()) : null;
    },
  );
  const urls: string[] = [];
  onCleanup(() => urls.forEach((u) => URL.revokeObjectURL(u)));
  const src = () => {
    const u = preview();
    if (u && !urls.includes(u)) urls.push(u);
    return u ?? undefined;
  };
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    try {
      const up = await configApi.upload(props.table, file);
      props.onChange(up.key);
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="field cfg-image" data-field={props.name} data-invalid={props.error ? "" : undefined}>
      <span class="field__label">{props.label}<RequiredMark when={props.required} /></span>
      <Show when={props.value}>
        <div class="cfg-image__preview">
          <Show when={src()} fallback={<span class="muted">{preview.loading ? tr("common.loading") : props.value}</span>}>
            <img src={src()} alt={props.label} data-testid="image-preview" />
          </Show>
          <Button size="sm" variant="danger" disabled={props.disabled} data-testid="image-remove" onClick={() => props.onChange("")}>{tr("config.image_remove")}</Button>
        </div>
      </Show>
      <input type="file" accept={ACCEPT} disabled={props.disabled || busy()} aria-label={props.label} data-testid="image-input"
        onChange={(e) => {
          void upload(e.currentTarget.files?.[0]);
          e.currentTarget.value = "";
        }} />
      <span class="field__hint">{busy() ? tr("config.image_uploading") : tr("config.image_hint")}</span>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </div>
  );
}
