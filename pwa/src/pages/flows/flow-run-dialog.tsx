import { useNavigate } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { flowsApi, type Flow } from "../../data/flows.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { parsePairs } from "../jobs/job-form-model.ts";

export const pairsText = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("\n");

/** Run now: the flow's default params as `k=v` lines, editable; the live run graph opens. */
export function FlowRunDialog(props: { flow: Flow; onClose: () => void }): JSX.Element {
  const [params, setParams] = createSignal(pairsText(props.flow.params ?? {}));
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    setBusy(true);
    try {
      const run = await flowsApi.run(props.flow.id, parsePairs(params(), "="));
      notify.success(tr("flows.run_started", { flow: props.flow.name }));
      props.onClose();
      navigate(`/flows/runs/${run.id}`);
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && props.onClose()}
      title={tr("flows.run_title", { flow: props.flow.name })}
      testid="flow-run-dialog"
      onSubmit={submit}
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid="flow-run-submit">{tr("flows.run_now")}</Button>
        </>
      }
    >
      <TextField label={tr("flows.run_params")} name="params" multiline value={params()} onChange={setParams} description={tr("flows.run_params_hint")} error={errors.of("params")} />
    </Dialog>
  );
}
