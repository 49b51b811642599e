import { createEffect, createSignal, For, onCleanup, onMount, Show, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { RequiredMark } from "../required-mark.tsx";
import type { RichCommand, RichTextEditor } from "./rich-text-editor.ts";

/** A rich-text value: a small toolbar over Squire (lazy). The stored HTML is what the server sanitized. */
export type RichTextFieldProps = {
  name: string;
  label: string;
  value: string;
  onChange: (html: string) => void;
  required?: boolean;
  disabled?: boolean;
  error?: string;
};

const COMMANDS: Array<{ cmd: RichCommand; label: string; text: string }> = [
  { cmd: "bold", label: "config.rich.bold", text: "B" },
  { cmd: "italic", label: "config.rich.italic", text: "I" },
  { cmd: "underline", label: "config.rich.underline", text: "U" },
  { cmd: "ul", label: "config.rich.ul", text: "•" },
  { cmd: "ol", label: "config.rich.ol", text: "1." },
  { cmd: "clear", label: "config.rich.clear", text: "⌫" },
];

export function RichTextField(props: RichTextFieldProps): JSX.Element {
  const el: { root?: HTMLDivElement } = {};
  const [editor, setEditor] = createSignal<RichTextEditor | null>(null);
  const [failed, setFailed] = createSignal(false);
  let alive = true;
  onMount(() => {
    import("./rich-text-editor.ts")
      .then((m) => m.mountRichText(el.root!, { html: props.value, onChange: (h) => props.onChange(h) }))
      .then((ed) => (alive ? setEditor(ed) : ed.destroy()), () => setFailed(true));
  });
  createEffect(() => editor()?.set(props.value));
  onCleanup(() => {
    alive = false;
    editor()?.destroy();
  });
  const link = () => {
    const url = window.prompt(tr("config.rich.link_prompt"), "https://");
    if (url && /^https?:\/\//i.test(url)) editor()?.link(url);
  };
  return (
    <div class="field cfg-rich" data-field={props.name} data-invalid={props.error ? "" : undefined}>
      <span class="field__label">{props.label}<RequiredMark when={props.required} /></span>
      <div class="cfg-rich__toolbar" role="toolbar" aria-label={props.label}>
        <For each={COMMANDS}>
          {(c) => (
            <button type="button" class="cfg-rich__btn" title={tr(c.label)} aria-label={tr(c.label)} disabled={!editor() || props.disabled}
              onMouseDown={(e) => e.preventDefault()} onClick={() => editor()?.command(c.cmd)}>{c.text}</button>
          )}
        </For>
        <button type="button" class="cfg-rich__btn" title={tr("config.rich.link")} aria-label={tr("config.rich.link")} disabled={!editor() || props.disabled}
          onMouseDown={(e) => e.preventDefault()} onClick={link}>🔗</button>
      </div>
      <div class="input cfg-rich__body" ref={(r) => (el.root = r)} contentEditable={!props.disabled} role="textbox" aria-multiline="true" aria-label={props.label} data-testid="rich-text" />
      <Show when={failed()}><span class="field__error">{tr("config.editor_failed")}</span></Show>
      <Show when={props.error}><span class="field__error">{props.error}</span></Show>
    </div>
  );
}
