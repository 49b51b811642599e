import { createMemo, createResource, createSignal, For, Match, Show, Switch, type JSX } from "solid-js";
import { reportsApi, type ControlOption, type ParamValues, type Report, type ReportControl } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { Button } from "../../ui/button.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { TreeSelect } from "../../ui/tree-select.tsx";
import { dependants, isPreset, parentValues } from "./control-values.ts";
import { stableOptions } from "./stable-options.ts";

const PRESETS = ["today", "yesterday", "last_7_days", "last_30_days", "this_week", "this_month", "last_month", "this_quarter", "this_year"] as const;

const flat = (opts: ControlOption[]) => opts.map((o) => ({ value: o.value, label: o.label }));

/** Options of one select-like control: static ones, else the options route with its ancestors' values (cascading). */
function useOptions(report: () => Report, control: ReportControl, values: () => ParamValues) {
  const key = createMemo(() => JSON.stringify(parentValues(report().controls, control, values())));
  const [opts] = createResource(
    () => (control.options?.static ? null : { id: report().id, key: key() }),
    (k) => reportsApi.options(k.id, control.name, JSON.parse(k.key) as ParamValues),
  );
  // while a new parent value's options load, none are offered: the old list would let a city outlive its region
  return () => control.options?.static ?? (opts.error || opts.loading ? [] : opts.latest ?? []);
}

function DateRange(props: { control: ReportControl; value: string; onChange: (v: string) => void }): JSX.Element {
  const preset = () => (isPreset(props.value) ? props.value : props.value ? "custom" : "");
  const [from, to] = [() => (isPreset(props.value) ? "" : props.value.split(",")[0] ?? ""), () => (isPreset(props.value) ? "" : props.value.split(",")[1] ?? "")];
  return (
    <div class="rpt-daterange" data-control={props.control.name}>
      <Select
        label={props.control.label}
        name={`control-${props.control.name}`}
        value={preset()}
        emptyLabel={tr("reports.all")}
        options={[...PRESETS.map((p) => ({ value: p, label: tr(`reports.preset_${p}`) })), { value: "custom", label: tr("reports.preset_custom") }]}
        onChange={(v) => props.onChange(v === "custom" ? `${from()},${to()}` : v)}
      />
      <Show when={preset() === "custom"}>
        <div class="rpt-daterange__dates">
          <TextField label={tr("reports.date_from")} type="date" name={`control-${props.control.name}-from`} value={from()} onChange={(v) => props.onChange(`${v},${to()}`)} />
          <TextField label={tr("reports.date_to")} type="date" name={`control-${props.control.name}-to`} value={to()} onChange={(v) => props.onChange(`${from()},${v}`)} />
        </div>
      </Show>
    </div>
  );
}

/** One control as its type asks. */
export function ControlInput(props: { report: Report; control: ReportControl; values: ParamValues; onChange: (v: string | string[]) => void }): JSX.Element {
  const c = props.control;
  const options = useOptions(() => props.report, c, () => props.values);
  const flatOptions = stableOptions(() => flat(options()));
  // an unset control shows its default: that is what the server applies
  const given = () => props.values[c.name] ?? c.default;
  const one = () => {
    const v = given();
    return Array.isArray(v) ? v.join(",") : v ?? "";
  };
  const many = () => {
    const v = given();
    return Array.isArray(v) ? v : v ? v.split(",") : [];
  };
  const name = `control-${c.name}`;
  return (
    <div class="rpt-control" data-control={c.name} data-type={c.type}>
      <Switch fallback={<TextField label={c.label} name={name} value={one()} onChange={props.onChange} type="search" />}>
        <Match when={c.type === "number"}>
          <TextField label={c.label} name={name} value={one()} onChange={props.onChange} type="number" inputMode="decimal" />
        </Match>
        <Match when={c.type === "date"}>
          <TextField label={c.label} name={name} value={one()} onChange={props.onChange} type="date" />
        </Match>
        <Match when={c.type === "daterange"}>
          <DateRange control={c} value={one()} onChange={props.onChange} />
        </Match>
        <Match when={c.type === "select"}>
          <Select label={c.label} name={name} value={one()} options={flatOptions()} emptyLabel={c.required ? undefined : tr("reports.all")} onChange={props.onChange} />
        </Match>
        <Match when={c.type === "multiselect"}>
          <MultiSelect label={c.label} name={name} value={many()} options={flatOptions()} placeholder={tr("reports.all")} onChange={props.onChange} />
        </Match>
        <Match when={c.type === "tree"}>
          <TreeSelect<ControlOption>
            label={c.label}
            nodes={options()}
            id={(n) => n.value}
            name={(n) => n.label}
            children={(n) => n.children ?? []}
            value={one()}
            onChange={props.onChange}
            emptyLabel={tr("reports.all")}
            testid={name}
          />
        </Match>
      </Switch>
    </div>
  );
}

/**
 * The report's controls: a bar above the chart on a desktop (each change applies at once), and on a
 * phone a 筛选 button with the count of set values that opens them in a bottom sheet (applied with 确定).
 * Changing a control clears its dependants, so a city never outlives its region.
 */
export function ReportControls(props: { report: Report; values: ParamValues; onApply: (v: ParamValues) => void; phone: boolean }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  const [draft, setDraft] = createSignal<ParamValues>({});
  const change = (base: ParamValues, name: string, v: string | string[]): ParamValues => {
    const next = { ...base, [name]: v };
    for (const d of dependants(props.report.controls, name)) delete next[d];
    return next;
  };
  const setCount = () => Object.values(props.values).filter((v) => (Array.isArray(v) ? v.length : v)).length;
  const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(",") : v ?? "");
  // a select re-announces its value when its options arrive; only a real change applies (and clears dependants)
  const list = (values: () => ParamValues, onChange: (name: string, v: string | string[]) => void) => (
    <For each={props.report.controls}>
      {(c) => <ControlInput report={props.report} control={c} values={values()} onChange={(v) => text(v) !== text(values()[c.name] ?? c.default) && onChange(c.name, v)} />}
    </For>
  );
  return (
    <Show when={props.report.controls.length > 0}>
      <Show
        when={props.phone}
        fallback={
          <div class="rpt-controls" data-testid="report-controls">
            {list(() => props.values, (name, v) => props.onApply(change(props.values, name, v)))}
            <Button variant="ghost" size="sm" onClick={() => props.onApply({})} data-testid="report-controls-reset">{tr("reports.reset")}</Button>
          </div>
        }
      >
        <Button
          variant="secondary"
          onClick={() => {
            setDraft({ ...props.values });
            setOpen(true);
          }}
          data-testid="report-filter-open"
        >
          {tr("reports.filter")}
          <Show when={setCount() > 0}> <span class="badge badge--menu">{setCount()}</span></Show>
        </Button>
        <Dialog
          open={open()}
          onOpenChange={setOpen}
          title={tr("reports.filter")}
          testid="report-filter-sheet"
          onSubmit={() => {
            props.onApply(draft());
            setOpen(false);
          }}
          footer={
            <>
              <Button variant="ghost" onClick={() => setDraft({})}>{tr("reports.reset")}</Button>
              <Button variant="primary" type="submit" data-testid="report-filter-apply">{tr("common.confirm")}</Button>
            </>
          }
        >
          <div class="rpt-sheet">{list(draft, (name, v) => setDraft(change(draft(), name, v)))}</div>
        </Dialog>
      </Show>
    </Show>
  );
}
