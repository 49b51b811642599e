/**
 * The approval form renderer: a definition's form schema (`FormField[]`, shared/src/contracts/approvals.ts)
 * as inputs and as a read-only view. Used by the approvals pages (start, detail) and open to the
 * designer's preview.
 *
 * Editing:
 *   const [draft, setDraft] = createSignal(emptyDraft(fields));
 *   <ApprovalFormFields fields={fields} values={draft()} onChange={(k, v) => setDraft({ ...draft(), [k]: v })}
 *     error={(path) => errors()[path]} />
 *   const problems = checkDraft(fields, draft(), tr);   // required, min/max, date ranges, files: keys `form.<key>`
 *   const { form, files } = toPayload(fields, draft());  // `form` for POST /approvals; files to upload as comments
 * Reading:
 *   <ApprovalFormView fields={fields} values={instance.form} files={attachments} openFile={download} />
 * Pickers: <UserPicker label value onChange /> (one person), <UsersPicker value={PickedUser[]} onChange /> (several).
 */
import "./approval-form.css";

export { ApprovalFormFields, type ApprovalFormFieldsProps } from "./form-fields.tsx";
export { ApprovalFormView, FieldValue, type ApprovalFormViewProps } from "./form-view.tsx";
export { checkDraft, emptyDraft, toPayload, type Draft, type FieldErrors } from "./form-values.ts";
export { UserPicker, UsersPicker, type PickedUser, type UserPickerProps } from "./user-picker.tsx";
