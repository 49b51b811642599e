import { SCRIPT_LANGUAGES } from "@ops/shared/contracts/jobs.ts";
import { Match, Switch, type JSX } from "solid-js";
import { tr } from "../../providers/i18n.ts";
import type { FormErrors } from "../../ui/form-errors.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { JobForm } from "./job-form-model.ts";

export type FieldSetter = <K extends keyof JobForm>(key: K) => (value: JobForm[K]) => void;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

/** What the job does, per type, in plain text areas; errors come back named `config.<field>`. */
export function JobConfigFields(props: { form: JobForm; set: FieldSetter; errors: FormErrors }): JSX.Element {
  const e = (f: string) => props.errors.of(`config.${f}`);
  return (
    <Switch>
      <Match when={props.form.type === "http"}>
        <div class="form-grid">
          <Select label={tr("jobs.http.method")} name="method" value={props.form.method} options={METHODS.map((m) => ({ value: m, label: m }))} onChange={props.set("method")} error={e("method")} />
          <TextField label={tr("jobs.http.url")} name="url" required value={props.form.url} onChange={props.set("url")} placeholder="https://erp.example.com/sync?day={bizDate}" error={e("url")} />
          <TextField class="form-grid__wide" label={tr("jobs.http.headers")} name="headers" multiline value={props.form.headers} onChange={props.set("headers")} description={tr("jobs.http.headers_hint")} error={e("headers")} />
          <TextField class="form-grid__wide" label={tr("jobs.http.body")} name="body" multiline value={props.form.body} onChange={props.set("body")} description={tr("jobs.http.body_hint")} error={e("body")} />
          <TextField label={tr("jobs.http.expect_status")} name="expect_status" value={props.form.expect_status} onChange={props.set("expect_status")} description={tr("jobs.http.expect_status_hint")} error={e("expect_status")} />
          <TextField label={tr("jobs.http.json_path")} name="json_path" value={props.form.json_path} onChange={props.set("json_path")} placeholder="$.data.status" error={e("json_path_check.path")} />
          <TextField label={tr("jobs.http.json_equals")} name="json_equals" value={props.form.json_equals} onChange={props.set("json_equals")} description={tr("jobs.http.json_equals_hint")} error={e("json_path_check.equals")} />
        </div>
      </Match>
      <Match when={props.form.type === "shell"}>
        <div class="form-grid">
          <TextField class="form-grid__wide" label={tr("jobs.shell.command")} name="command" required multiline value={props.form.command} onChange={props.set("command")} placeholder="echo hello" error={e("command")} />
          <TextField label={tr("jobs.shell.cwd")} name="cwd" value={props.form.cwd} onChange={props.set("cwd")} placeholder="/var/app" error={e("cwd")} />
          <TextField label={tr("jobs.shell.env_allow")} name="env_allow" value={props.form.env_allow} onChange={props.set("env_allow")} description={tr("jobs.shell.env_allow_hint")} error={e("env_allow")} />
        </div>
      </Match>
      <Match when={props.form.type === "sql"}>
        <TextField label={tr("jobs.sql.statement")} name="statement" required multiline value={props.form.statement} onChange={props.set("statement")} description={tr("jobs.sql.statement_hint")} error={e("statement")} />
      </Match>
      <Match when={props.form.type === "script"}>
        <Select label={tr("jobs.script.language")} name="language" value={props.form.language} options={SCRIPT_LANGUAGES.map((l) => ({ value: l, label: l }))} onChange={props.set("language")} error={e("language")} />
        <TextField label={tr("jobs.script.source")} name="source" required multiline value={props.form.source} onChange={props.set("source")} error={e("source")} />
      </Match>
    </Switch>
  );
}
