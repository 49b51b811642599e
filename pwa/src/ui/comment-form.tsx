import { createSignal, Show, type JSX } from "solid-js";
import { Button } from "./button.tsx";
import { createFormErrors } from "./form-errors.ts";
import { TextField } from "./text-field.tsx";

export type CommentFormWords = { label: string; placeholder: string; attach: string; hint: string; send: string };

/**
 * A comment with up to a few files, as tickets and approvals take them: `send` posts it and its errors land on the
 * text (the API's `textField`) or the files (`files`, `files[i]`).
 */
export function CommentForm(props: {
  /** posts the comment; throws the API's error */
  send: (text: string, files: File[]) => Promise<void>;
  /** the API's name of the text field (errors name it) */
  textField: string;
  accept: readonly string[];
  words: CommentFormWords;
  /** data-testid prefix: `<p>-comment-form`, `<p>-files`, `<p>-files-error`, `<p>-comment-send` */
  testId: string;
  class?: string;
}): JSX.Element {
  const [text, setText] = createSignal("");
  const [files, setFiles] = createSignal<File[]>([]);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  // the file input keeps its own selection: cleared through its element once the comment is posted
  const inputRef: { el?: HTMLInputElement } = {};
  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      await props.send(text(), files());
      setText("");
      setFiles([]);
      if (inputRef.el) inputRef.el.value = "";
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };
  const fileError = () => errors.of("files") ?? errors.of("files[0]") ?? errors.of("files[1]") ?? errors.of("files[2]");
  return (
    <form class={props.class ? `form ${props.class}` : "form"} data-testid={`${props.testId}-comment-form`} onSubmit={(e) => void submit(e)} noValidate>
      <TextField name={props.textField} label={props.words.label} multiline value={text()} onChange={setText} placeholder={props.words.placeholder} error={errors.of(props.textField)} />
      <label class="field">
        <span class="field__label">{props.words.attach}</span>
        <input ref={(el) => (inputRef.el = el)} type="file" multiple data-testid={`${props.testId}-files`} accept={props.accept.join(",")}
          onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))} />
        <span class="field__description muted">{props.words.hint}</span>
        <Show when={fileError()}><span class="field__error" data-testid={`${props.testId}-files-error`}>{fileError()}</span></Show>
      </label>
      <div class="row"><Button type="submit" size="sm" loading={busy()} disabled={!text().trim() && !files().length} data-testid={`${props.testId}-comment-send`}>{props.words.send}</Button></div>
    </form>
  );
}
