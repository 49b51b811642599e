import type { FormField, SubprocessSpec } from "@ops/shared/contracts/approvals.ts";
import { createResource, For, Show, type JSX } from "solid-js";
import { approvalDefinitionsApi } from "../../data/approval-definitions.ts";
import { tr } from "../../providers/i18n.ts";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import type { Lookups } from "./rule-editor.tsx";

/** The fields of a definition's published version (what a child approval's form holds); none when unpublished or unreadable. */
async function childFields(key: string): Promise<FormField[]> {
  try {
    const def = await approvalDefinitionsApi.get(key);
    return def.published_version ? (await approvalDefinitionsApi.version(key, def.published_version)).form : [];
  } catch {
    return [];
  }
}

/** The spec without an optional part left empty (the API takes absent, not ""). */
function without(spec: SubprocessSpec, key: "form" | "title" | null): SubprocessSpec {
  if (key) delete spec[key];
  return spec;
}

/** A template that is just one parent field (`{form.amount}`): that field's key. */
const fieldOf = (template: string | undefined) => /^\{form\.([\w-]+)\}$/.exec(template ?? "")?.[1] ?? "";

/**
 * A sub-process node's settings: which published definition the child approval runs, its title
 * template, and its form: each child field (from the chosen definition's published version) filled
 * from a parent field or a template over `{form.<key>}` and `{instance.title}`. `error` takes the
 * spec's sub-field (`definition`, `title`, `form.<child key>`).
 */
export function SubprocessEditor(props: { spec: SubprocessSpec | undefined; onChange: (s: SubprocessSpec) => void; lookups: Lookups; error: (sub: string) => string | undefined }): JSX.Element {
  const spec = (): SubprocessSpec => props.spec ?? { definition: "" };
  /** a plain copy to change (the spec is a store proxy) */
  const copy = (): SubprocessSpec => JSON.parse(JSON.stringify(spec())) as SubprocessSpec;
  const [fields] = createResource(() => spec().definition || null, childFields, { initialValue: [] });
  const parentFields = () => props.lookups.form.map((f) => ({ value: f.key, label: `${f.label}（${f.key}）` }));
  const setMapping = (child: string, template: string) => {
    const form = copy().form ?? {};
    if (template.trim()) form[child] = template;
    else delete form[child];
    props.onChange(without({ ...copy(), form }, Object.keys(form).length ? null : "form"));
  };
  const setTitle = (title: string) => {
    props.onChange(without({ ...copy(), title }, title ? null : "title"));
  };
  return (
    <fieldset class="apd-rule" data-testid="apd-subprocess">
      <legend class="field__label">{tr("apd.subprocess.legend")}</legend>
      <Select label={tr("apd.subprocess.definition")} name="subprocess_definition" required value={spec().definition} options={props.lookups.definitions}
        placeholder={tr("apd.subprocess.definition_pick")} onChange={(definition) => props.onChange({ definition })} error={props.error("definition")} />
      <TextField label={tr("apd.subprocess.title")} name="subprocess_title" value={spec().title ?? ""} onChange={setTitle}
        placeholder={tr("apd.subprocess.title_placeholder")} description={tr("apd.subprocess.title_hint")} error={props.error("title")} />
      <Show when={spec().definition}>
        <div class="apd-submap" data-testid="apd-subprocess-form">
          <span class="field__label">{tr("apd.subprocess.form")}</span>
          <Show when={fields().length} fallback={<p class="muted">{fields.loading ? tr("common.loading") : tr("apd.subprocess.form_none")}</p>}>
            <table class="apd-submap__table">
              <thead><tr><th>{tr("apd.subprocess.child_field")}</th><th>{tr("apd.subprocess.parent_field")}</th><th>{tr("apd.subprocess.template")}</th></tr></thead>
              <tbody>
                <For each={fields()}>
                  {(f) => (
                    <tr data-testid="apd-subprocess-row" data-child={f.key}>
                      <td>{f.label}<Show when={f.required}> *</Show><br /><code class="muted">{f.key}</code></td>
                      <td>
                        <Select label={tr("apd.subprocess.parent_field")} name={`subprocess_from_${f.key}`} value={fieldOf(spec().form?.[f.key])} options={parentFields()}
                          emptyLabel={tr("apd.subprocess.parent_none")} onChange={(k) => setMapping(f.key, k ? `{form.${k}}` : "")} />
                      </td>
                      <td>
                        <TextField label={tr("apd.subprocess.template")} name={`subprocess_form_${f.key}`} value={spec().form?.[f.key] ?? ""}
                          onChange={(v) => setMapping(f.key, v)} error={props.error(`form.${f.key}`)} />
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
          <Show when={props.error("form")}>{(m) => <span class="field__error">{m()}</span>}</Show>
        </div>
      </Show>
    </fieldset>
  );
}
