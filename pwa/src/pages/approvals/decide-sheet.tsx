import { createEffect, createSignal, Show, type JSX } from "solid-js";
import { isApiError } from "../../data/api-error.ts";
import { approvalsApi, type ApprovalInstance, type ApprovalTask, type DefinitionVersion } from "../../data/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { UserPicker } from "../../ui/approval-form/index.ts";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";

export type SheetKind = "approve" | "reject" | "transfer" | "add";

/** Approver nodes this approval has passed (the reject targets besides the end), newest first. */
export function passedNodes(inst: ApprovalInstance, version: DefinitionVersion | undefined, current: string): Array<{ key: string; name: string }> {
  const keys = [...new Set(inst.timeline.filter((e) => e.action === "assigned" && e.node_key && e.node_key !== current).map((e) => e.node_key!))].reverse();
  return keys.map((key) => ({ key, name: version?.nodes.find((n) => n.key === key)?.name ?? key }));
}

/**
 * The sheet behind each decision button (a bottom sheet on a phone, a dialog on a desktop):
 * 同意 with an optional comment (so approving is two taps), 拒绝 with a required reason and where
 * it goes (end, the previous node, a node passed), 转交 and 加签 with the person. A 409 (someone
 * decided first) closes it and reloads the page; a 400 shows under its field.
 */
export function DecideSheet(props: {
  kind: SheetKind | null; task: ApprovalTask; inst: ApprovalInstance; version?: DefinitionVersion;
  onClose: () => void; onDone: () => void;
}): JSX.Element {
  const [comment, setComment] = createSignal("");
  const [to, setTo] = createSignal("end");
  const [user, setUser] = createSignal("");
  const [position, setPosition] = createSignal<"before" | "after">("before");
  const [busy, setBusy] = createSignal(false);
  const [local, setLocal] = createSignal<Record<string, string>>({});
  const errors = createFormErrors();
  const err = (f: string) => local()[f] ?? errors.of(f);
  createEffect(() => {
    if (props.kind) {
      setComment("");
      setTo("end");
      setUser("");
      setPosition("before");
      setLocal({});
      errors.clear();
    }
  });
  const passed = () => passedNodes(props.inst, props.version, props.task.node_key);

  const send = (): Promise<unknown> => {
    const t = props.task.id;
    const c = comment().trim() || undefined;
    switch (props.kind) {
      case "approve": return approvalsApi.approve(t, c);
      case "reject": return approvalsApi.reject(t, to(), c ?? "");
      case "transfer": return approvalsApi.transfer(t, user(), c);
      default: return approvalsApi.addApprover(t, user(), position(), c);
    }
  };
  const submit = async () => {
    errors.clear();
    const missing: Record<string, string> = {};
    if (props.kind === "reject" && !comment().trim()) missing.comment = tr("approvals.reason_required");
    if (props.kind === "transfer" && !user()) missing.to_user = tr("approvals.person_required");
    if (props.kind === "add" && !user()) missing.user = tr("approvals.person_required");
    setLocal(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      await send();
      notify.success(tr(`approvals.done.${props.kind}`));
      props.onClose();
      props.onDone();
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        notify.error(e.message);
        props.onClose();
        props.onDone();
      } else errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  // the confirm button is not a form submit: the browser's own check of the required reason would stop it before ours
  return (
    <Dialog open={props.kind !== null} onOpenChange={(o) => !o && props.onClose()} title={props.kind ? tr(`approvals.sheet.${props.kind}`) : ""} size="sm"
      testid="approval-sheet"
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button variant={props.kind === "reject" ? "danger" : "primary"} loading={busy()} data-testid="approval-sheet-confirm" onClick={() => void submit()}>
            {props.kind ? tr(`approvals.confirm.${props.kind}`) : ""}
          </Button>
        </>
      }>
      <div class="form">
        <p class="muted">{props.inst.title} · {props.task.node_name}</p>
        <Show when={props.kind === "reject"}>
          <Select name="to" label={tr("approvals.reject_to")} value={to()} onChange={setTo} error={err("to")}
            options={[
              { value: "end", label: tr("approvals.reject_to_end") },
              ...(passed().length ? [{ value: "previous", label: tr("approvals.reject_to_previous", { node: passed()[0]!.name }) }] : []),
              ...passed().slice(1).map((n) => ({ value: n.key, label: tr("approvals.reject_to_node", { node: n.name }) })),
            ]} />
        </Show>
        <Show when={props.kind === "transfer"}>
          <UserPicker name="to_user" label={tr("approvals.transfer_to")} required value={user()} onChange={(id) => setUser(id)} error={err("to_user")} exclude={[props.task.assignee_id]} />
        </Show>
        <Show when={props.kind === "add"}>
          <UserPicker name="user" label={tr("approvals.add_who")} required value={user()} onChange={(id) => setUser(id)} error={err("user")} exclude={[props.task.assignee_id]} />
          <Select name="position" label={tr("approvals.add_position")} value={position()} onChange={(v) => setPosition(v as "before" | "after")}
            options={[{ value: "before", label: tr("approvals.add_before") }, { value: "after", label: tr("approvals.add_after") }]} />
        </Show>
        <TextField name="comment" multiline label={props.kind === "reject" ? tr("approvals.reason") : tr("approvals.comment_optional")} required={props.kind === "reject"}
          value={comment()} onChange={setComment} error={err("comment")} placeholder={props.kind === "approve" ? tr("approvals.approve_placeholder") : ""} />
      </div>
    </Dialog>
  );
}
