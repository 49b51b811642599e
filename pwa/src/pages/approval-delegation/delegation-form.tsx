import { createResource, createSignal, type JSX } from "solid-js";
import { approvalDelegationsApi, type ApprovalDelegation } from "../../data/approval-delegations.ts";
import { approvalsApi } from "../../data/approvals.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { UserPicker } from "../../ui/approval-form/index.ts";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { isoToLocal, localToIso } from "../audit/time-range.ts";

const DAY = 86_400_000;

/**
 * A new delegation of mine: the delegate (directory picker), the period (local date-times, sent
 * as UTC instants), optionally only some published definitions, and a reason. The API checks it
 * all; its errors show under their fields and nothing is stored.
 */
export function DelegationForm(props: { me: string; onCreated: (d: ApprovalDelegation) => void }): JSX.Element {
  const [delegate, setDelegate] = createSignal("");
  const [from, setFrom] = createSignal(isoToLocal(new Date().toISOString()));
  const [to, setTo] = createSignal(isoToLocal(new Date(Date.now() + DAY).toISOString()));
  const [keys, setKeys] = createSignal<string[]>([]);
  const [reason, setReason] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const [defs] = createResource(async () => (await approvalsApi.definitions({ status: "published", page_size: 200, sort: "name" })).items);
  const options = () => (defs() ?? []).map((d) => ({ value: d.key, label: d.name }));

  const submit = async () => {
    setBusy(true);
    errors.clear();
    try {
      // an unreadable time goes as typed, so the API names its field
      const created = await approvalDelegationsApi.create({
        delegate_id: delegate(), starts_at: localToIso(from()) ?? from(), ends_at: localToIso(to()) ?? to(),
        ...(keys().length ? { definitions: keys() } : {}), reason: reason(),
      });
      notify.success(tr("delegation.created"));
      setDelegate("");
      setKeys([]);
      setReason("");
      props.onCreated(created);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card form" data-testid="delegation-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 class="form__title">{tr("delegation.new")}</h2>
      <div class="form-grid">
        <div class="form-grid__wide">
          <UserPicker label={tr("delegation.delegate")} name="delegate_id" value={delegate()} onChange={(id) => setDelegate(id)}
            error={errors.of("delegate_id")} exclude={[props.me]} required />
        </div>
        <TextField label={tr("delegation.starts_at")} name="starts_at" type="datetime-local" required value={from()} onChange={setFrom} error={errors.of("starts_at")} />
        <TextField label={tr("delegation.ends_at")} name="ends_at" type="datetime-local" required value={to()} onChange={setTo} error={errors.of("ends_at")} />
        <div class="form-grid__wide">
          <MultiSelect label={tr("delegation.definitions")} name="definitions" options={options()} value={keys()} onChange={setKeys}
            placeholder={tr("delegation.definitions_all")} error={errors.of("definitions")} />
        </div>
        <div class="form-grid__wide">
          <TextField label={tr("delegation.reason")} name="reason" value={reason()} onChange={setReason} placeholder={tr("delegation.reason_hint")} error={errors.of("reason")} />
        </div>
      </div>
      <div>
        <Button variant="primary" type="submit" loading={busy()} data-testid="delegation-create">{tr("delegation.create")}</Button>
      </div>
    </form>
  );
}
