import type { JSX } from "solid-js";
import { flowsApi, type Flow } from "../../data/flows.ts";
import { tr } from "../../providers/i18n.ts";
import { RunParamsDialog } from "../jobs/run-params-dialog.tsx";

export const pairsText = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join("\n");

/** Run now: the flow's default params as `k=v` lines, editable; the live run graph opens. */
export function FlowRunDialog(props: { flow: Flow; onClose: () => void }): JSX.Element {
  const text = {
    title: tr("flows.run_title", { flow: props.flow.name }), started: tr("flows.run_started", { flow: props.flow.name }), submit: tr("flows.run_now"),
    params: tr("flows.run_params"), hint: tr("flows.run_params_hint"), testid: "flow-run-dialog", submitTestid: "flow-run-submit",
  };
  return <RunParamsDialog text={text} initial={pairsText(props.flow.params ?? {})} run={(params) => flowsApi.run(props.flow.id, params)} runPath={(id) => `/flows/runs/${id}`} onClose={props.onClose} />;
}
