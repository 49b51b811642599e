import { createEffect, createSignal, type JSX } from "solid-js";
import { tr } from "../../../providers/i18n.ts";
import { notify } from "../../../providers/toast.tsx";
import { Button } from "../../../ui/button.tsx";
import { Dialog } from "../../../ui/dialog.tsx";
import { createFormErrors } from "../../../ui/form-errors.ts";
import { Select } from "../../../ui/select.tsx";
import { TextField } from "../../../ui/text-field.tsx";
import { silencesApi, type AlertRule } from "./alerts-api.ts";
import { parsePairs } from "../../jobs/job-form-model.ts";

/** `datetime-local` wants local "YYYY-MM-DDTHH:mm"; the default end is two hours from now. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A new silence: one rule or any, label matchers (key=value per line), when it ends, why. */
export function SilenceDialog(props: { open: boolean; rules: AlertRule[]; onClose: () => void; onSaved: () => void }): JSX.Element {
  const errors = createFormErrors();
  const [ruleId, setRuleId] = createSignal("");
  const [matchers, setMatchers] = createSignal("");
  const [endsAt, setEndsAt] = createSignal("");
  const [reason, setReason] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  createEffect(() => {
    if (!props.open) return;
    setRuleId("");
    setMatchers("");
    setEndsAt(localInput(new Date(Date.now() + 2 * 3600_000)));
    setReason("");
    errors.clear();
  });
  const save = async () => {
    setBusy(true);
    try {
      const end = new Date(endsAt());
      await silencesApi.create({ rule_id: ruleId() || null, matchers: parsePairs(matchers(), "="), ends_at: Number.isNaN(end.getTime()) ? endsAt() : end.toISOString(), reason: reason().trim() });
      notify.success(tr("silences.done.created"));
      props.onSaved();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={props.open} onOpenChange={(o) => !o && props.onClose()} title={tr("silences.new")} testid="silence-dialog" onSubmit={() => void save()}
      footer={<Button variant="primary" type="submit" loading={busy()} data-testid="silence-save">{tr("common.save")}</Button>}>
      <div class="form">
        <Select label={tr("silences.rule")} name="rule_id" value={ruleId()} emptyLabel={tr("silences.any_rule")} options={props.rules.map((r) => ({ value: r.id, label: r.name }))} onChange={setRuleId} error={errors.of("rule_id")} />
        <TextField label={tr("silences.matchers")} name="matchers" multiline value={matchers()} onChange={setMatchers} placeholder="route=/api/v1/jobs" description={tr("silences.matchers_hint")} error={errors.of("matchers")} />
        <TextField label={tr("silences.ends_at")} name="ends_at" type="datetime-local" required value={endsAt()} onChange={setEndsAt} error={errors.of("ends_at")} />
        <TextField label={tr("silences.reason")} name="reason" required value={reason()} onChange={setReason} error={errors.of("reason")} />
      </div>
    </Dialog>
  );
}
