import { useNavigate } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { TextField } from "../../ui/text-field.tsx";
import { parsePairs } from "./job-form-model.ts";

/** The words and test ids of one "run now" dialog (a job's or a flow's). */
export type RunParamsText = { title: string; started: string; submit: string; params: string; hint: string; testid: string; submitTestid: string };

/**
 * Run now with `k=v` params (one per line, editable); on success the new run's page opens.
 * Server errors show at the params field; the dialog stays open.
 */
export function RunParamsDialog(props: { text: RunParamsText; initial: string; run: (params: Record<string, string>) => Promise<{ id: string }>; runPath: (id: string) => string; onClose: () => void }): JSX.Element {
  const [params, setParams] = createSignal(props.initial);
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();
  const navigate = useNavigate();
  const submit = async () => {
    setBusy(true);
    try {
      const run = await props.run(parsePairs(params(), "="));
      notify.success(props.text.started);
      props.onClose();
      navigate(props.runPath(run.id));
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
      title={props.text.title}
      testid={props.text.testid}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={props.onClose}>{tr("common.cancel")}</Button>
          <Button type="submit" variant="primary" loading={busy()} data-testid={props.text.submitTestid}>{props.text.submit}</Button>
        </>
      }
    >
      <TextField label={props.text.params} name="params" multiline value={params()} onChange={setParams} description={props.text.hint} error={errors.of("params")} />
    </Dialog>
  );
}
