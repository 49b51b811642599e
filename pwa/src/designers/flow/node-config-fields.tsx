import { SCRIPT_LANGUAGES } from "@ops/shared/contracts/jobs.ts";
import type { FlowNode } from "@ops/shared/contracts/flows.ts";
import { Match, Switch, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import { Select, type Option } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ApprovalGateField } from "./approval-gate-field.tsx";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/**
 * What a node does, by type: the saved job it runs, an inline step's runner config (the job
 * form's shapes), or a condition's expression. `error(field)` gives the API's message for
 * `nodes.<i>.<field>`.
 */
export function NodeConfigFields(props: {
  node: FlowNode;
  jobs: Option[];
  patch: (fields: Partial<FlowNode>) => void;
  error: (field: string) => string | undefined;
}): JSX.Element {
  const c = () => props.node.config ?? {};
  const text = (k: string) => {
    const v = c()[k];
    return v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v);
  };
  const setConfig = (k: string) => (v: string) => props.patch({ config: { ...c(), [k]: v } });
  return (
    <Switch>
      <Match when={props.node.type === "job"}>
        <Select label={tr("flows.node.job")} name="job" required value={props.node.job ?? ""} options={props.jobs} placeholder={tr("flows.node.job_pick")} onChange={(job) => props.patch({ job })} error={props.error("job")} />
      </Match>
      <Match when={props.node.type === "http"}>
        <Select label={tr("jobs.http.method")} name="method" value={text("method") || "GET"} options={METHODS.map((m) => ({ value: m, label: m }))} onChange={setConfig("method")} error={props.error("config.method")} />
        <TextField label={tr("jobs.http.url")} name="url" required value={text("url")} onChange={setConfig("url")} placeholder="https://erp.example.com/sync?day={bizDate}" error={props.error("config.url")} />
        <TextField label={tr("jobs.http.body")} name="body" multiline value={text("body")} onChange={setConfig("body")} error={props.error("config.body")} />
      </Match>
      <Match when={props.node.type === "shell"}>
        <TextField label={tr("jobs.shell.command")} name="command" required multiline value={text("command")} onChange={setConfig("command")} placeholder="echo hello" error={props.error("config.command")} />
      </Match>
      <Match when={props.node.type === "sql"}>
        <TextField label={tr("jobs.sql.statement")} name="statement" required multiline value={text("statement")} onChange={setConfig("statement")} error={props.error("config.statement")} />
      </Match>
      <Match when={props.node.type === "script"}>
        <Select label={tr("jobs.script.language")} name="language" value={text("language") || "typescript"} options={SCRIPT_LANGUAGES.map((l) => ({ value: l, label: l }))} onChange={setConfig("language")} error={props.error("config.language")} />
        <TextField label={tr("jobs.script.source")} name="source" required multiline value={text("source")} onChange={setConfig("source")} error={props.error("config.source")} />
      </Match>
      <Match when={props.node.type === "condition"}>
        <TextField label={tr("flows.node.condition")} name="condition" required value={props.node.condition ?? ""} onChange={(condition) => props.patch({ condition })} placeholder="nodes.A.output.count > 100" description={tr("flows.node.condition_hint")} error={props.error("condition")} />
      </Match>
      <Match when={props.node.type === "wait"}>
        <ApprovalGateField node={props.node} patch={props.patch} error={props.error} />
      </Match>
    </Switch>
  );
}
