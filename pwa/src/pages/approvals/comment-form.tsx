import type { JSX } from "solid-js";
import { APPROVAL_ATTACHMENT_TYPES, APPROVAL_LIMITS, approvalsApi, type ApprovalInstance } from "../../data/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { CommentForm as CommentFormBase } from "../../ui/comment-form.tsx";

/** A comment on the approval's timeline, with up to three files. */
export function CommentForm(props: { inst: ApprovalInstance; onChanged: (i: ApprovalInstance) => void }): JSX.Element {
  return (
    <CommentFormBase
      class="ap-comment" testId="approval" textField="text" accept={APPROVAL_ATTACHMENT_TYPES}
      send={async (text, files) => props.onChanged(await approvalsApi.comment(props.inst.id, text, files))}
      words={{
        label: tr("approvals.comment"), placeholder: tr("approvals.comment_placeholder"), attach: tr("approvals.attach"), send: tr("approvals.comment_send"),
        hint: tr("approval_form.files_hint", { max: APPROVAL_LIMITS.attachmentsPerComment, kb: APPROVAL_LIMITS.attachmentBytes / 1024 }),
      }}
    />
  );
}
