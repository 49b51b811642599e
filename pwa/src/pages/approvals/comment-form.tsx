import { createSignal, Show, type JSX } from "solid-js";
import { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS, approvalsApi, type ApprovalInstance } from "../../data/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";

/** A comment on the timeline, with up to three files. */
export function CommentForm(props: { inst: ApprovalInstance; onChanged: (i: ApprovalInstance) => void }): JSX.Element {
  const [text, setText] = createSignal("");
  const [files, setFiles] = createSignal<File[]>([]);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const inputRef: { el?: HTMLInputElement } = {};
  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      props.onChanged(await approvalsApi.comment(props.inst.id, text(), files()));
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
    <form class="form ap-comment" data-testid="approval-comment-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField name="text" label={tr("approvals.comment")} multiline value={text()} onChange={setText} placeholder={tr("approvals.comment_placeholder")} error={errors.of("text")} />
      <label class="field">
        <span class="field__label">{tr("approvals.attach")}</span>
        <input ref={(el) => (inputRef.el = el)} type="file" multiple data-testid="approval-files" accept={APPROVAL_ATTACHMENT_TYPES.join(",")}
          onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))} />
        <span class="field__hint">{tr("approval_form.files_hint", { max: APPROVAL_LIMITS.attachmentsPerComment, kb: APPROVAL_LIMITS.attachmentBytes / 1024 })}</span>
        <Show when={fileError()}><span class="field__error">{fileError()}</span></Show>
      </label>
      <div class="row"><Button type="submit" size="sm" loading={busy()} disabled={!text().trim() && !files().length} data-testid="approval-comment-send">{tr("approvals.comment_send")}</Button></div>
    </form>
  );
}
