import { createEffect, createSignal, onCleanup, onMount, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { RequiredMark } from "../required-mark.tsx";
import type { CodeEditor } from "./code-editor.ts";

/**
 * A code or JSON value in CodeMirror (lazy). Until the editor's chunk has loaded, and if it fails
 * to load (offline on a first visit), a plain textarea edits the same text. `problem` is the
 * browser's own finding (JSON that does not parse); `error` the server's (JSON Schema, length).
 */
export type CodeFieldProps = {
  name: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  language: string;
  required?: boolean;
  disabled?: boolean;
  description?: string;
  problem?: string | null;
  error?: string;
};

export function CodeField(props: CodeFieldProps): JSX.Element {
  const el: { host?: HTMLDivElement } = {};
  const [editor, setEditor] = createSignal<CodeEditor | null>(null);
  const [failed, setFailed] = createSignal(false);
  let alive = true;
  onMount(() => {
    import("./code-editor.ts")
      .then((m) => m.mountCodeEditor(el.host!, { doc: props.value, language: props.language, label: props.label, readOnly: !!props.disabled, onChange: (t) => props.onChange(t) }))
      .then((ed) => (alive ? setEditor(ed) : ed.destroy()), () => setFailed(true));
  });
  // a value set from outside (a reload after a conflict) reaches the editor
  createEffect(() => editor()?.set(props.value));
  onCleanup(() => {
    alive = false;
    editor()?.destroy();
  });
  return (
    <div class="field cfg-code" data-field={props.name} data-invalid={props.error || props.problem ? "" : undefined}>
      <span class="field__label">{props.label}<RequiredMark when={props.required} /> <span class="badge badge--muted">{props.language || "text"}</span></span>
      <div class="cfg-code__editor" classList={{ "cfg-code__editor--ready": !!editor() }} ref={(r) => (el.host = r)} data-testid="code-editor" />
      <Show when={!editor()}>
        <textarea class="input input--area cfg-code__fallback" aria-label={props.label} value={props.value} disabled={props.disabled}
          placeholder={failed() ? "" : tr("common.loading")} onInput={(e) => props.onChange(e.currentTarget.value)} />
      </Show>
      <Show when={props.description}><span class="field__hint">{props.description}</span></Show>
      <Show when={props.problem}><span class="field__error" data-testid="json-parse-error">{tr("config.json_parse_error", { message: props.problem ?? "" })}</span></Show>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </div>
  );
}
