import { createEffect, createResource, createSignal, Show, type JSX } from "solid-js";
import { rolesApi } from "../../data/directory.ts";
import { reportsApi, subscriptionsApi, type ReportSubscription, type SubscriptionInput } from "../../data/reports.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { departments } from "../../ui/approval-form/lookups.ts";
import { UsersPicker, type PickedUser } from "../../ui/approval-form/index.ts";
import { Button } from "../../ui/button.tsx";
import { Checkbox } from "../../ui/checkbox.tsx";
import { Dialog } from "../../ui/dialog.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { MultiSelect } from "../../ui/multi-select.tsx";
import { Select } from "../../ui/select.tsx";
import { Switch } from "../../ui/switch.tsx";
import { TextField } from "../../ui/text-field.tsx";

const blank = (): SubscriptionInput => ({ report_id: "", name: "", frequency: "daily", time: "09:00", time_zone: "Asia/Shanghai", params: {}, recipients: [], channels: ["im"], attach_xlsx: false, enabled: true });

const paramsText = (p: Record<string, string | string[]>) => Object.entries(p).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(",") : v}`).join("\n");
const parseParams = (text: string) => Object.fromEntries(text.split("\n").map((l) => l.split("=").map((x) => x.trim())).filter((x) => x.length === 2 && x[0]).map(([k, v]) => [k!, v!]));

/** Create or edit a subscription: report, when (daily/weekly/monthly at HH:mm), fixed control values, recipients, channels. */
export function SubscriptionDialog(props: { open: boolean; sub: ReportSubscription | null; onClose: () => void; onSaved: () => void }): JSX.Element {
  const errors = createFormErrors();
  const [d, setD] = createSignal<SubscriptionInput>(blank());
  const [users, setUsers] = createSignal<PickedUser[]>([]);
  const [params, setParams] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [reports] = createResource(() => props.open || null, () => reportsApi.list().then((p) => p.items));
  const [roles] = createResource(() => props.open || null, () => rolesApi.list().catch(() => []));
  const [depts] = createResource(() => props.open || null, () => departments());
  createEffect(() => {
    if (!props.open) return;
    const s = props.sub;
    setD(s ? { ...blank(), ...s, day: s.day } : blank());
    setUsers((s?.recipients ?? []).filter((r) => r.type === "user").map((r) => ({ id: r.id, label: r.id })));
    setParams(paramsText(s?.params ?? {}));
    errors.clear();
  });
  const set = (patch: Partial<SubscriptionInput>) => setD({ ...d(), ...patch });
  const ofType = (t: "role" | "dept") => d().recipients.filter((r) => r.type === t).map((r) => r.id);
  const setType = (t: "role" | "dept", ids: string[]) => set({ recipients: [...d().recipients.filter((r) => r.type !== t), ...ids.map((id) => ({ type: t, id }))] });
  const save = async () => {
    setBusy(true);
    const body: SubscriptionInput = {
      ...d(),
      params: parseParams(params()),
      recipients: [...users().map((u) => ({ type: "user" as const, id: u.id })), ...d().recipients.filter((r) => r.type !== "user")],
    };
    if (body.frequency === "daily") delete body.day;
    try {
      if (props.sub) await subscriptionsApi.update(props.sub.id, body);
      else await subscriptionsApi.create(body);
      notify.success(tr("common.saved"));
      props.onSaved();
    } catch (e) {
      errors.fail(e);
    } finally {
      setBusy(false);
    }
  };
  const channel = (c: "im" | "email", on: boolean) => set({ channels: on ? [...new Set([...d().channels, c])] : d().channels.filter((x) => x !== c) });
  return (
    <Dialog open={props.open} onOpenChange={(o) => !o && props.onClose()} title={props.sub ? props.sub.name : tr("reports.sub.new")} size="lg" testid="subscription-dialog" onSubmit={() => void save()}
      footer={<Button variant="primary" type="submit" loading={busy()} data-testid="subscription-save">{tr("common.save")}</Button>}>
      <div class="rpt-form">
        <Select label={tr("reports.report")} name="report_id" required value={d().report_id} error={errors.of("report_id")} options={(reports() ?? []).map((r) => ({ value: r.id, label: r.title }))} onChange={(v) => set({ report_id: v })} />
        <TextField label={tr("reports.sub.name")} name="name" required value={d().name} error={errors.of("name")} onChange={(v) => set({ name: v })} />
        <div class="rpt-row">
          <Select label={tr("reports.sub.frequency")} name="frequency" value={d().frequency} options={["daily", "weekly", "monthly"].map((f) => ({ value: f, label: tr(`reports.sub.freq_${f}`) }))} onChange={(v) => set({ frequency: v as SubscriptionInput["frequency"], day: v === "daily" ? undefined : d().day ?? 1 })} />
          <TextField label={tr("reports.sub.time")} name="time" value={d().time} error={errors.of("time")} placeholder="09:00" onChange={(v) => set({ time: v })} />
          <Show when={d().frequency !== "daily"}>
            <TextField label={tr(d().frequency === "weekly" ? "reports.sub.weekday" : "reports.sub.monthday")} name="day" type="number" value={String(d().day ?? 1)} error={errors.of("day")} onChange={(v) => set({ day: Number(v) })} />
          </Show>
          <TextField label={tr("reports.sub.time_zone")} name="time_zone" value={d().time_zone} error={errors.of("time_zone")} onChange={(v) => set({ time_zone: v })} />
        </div>
        <TextField label={tr("reports.sub.params")} name="params" multiline value={params()} description={tr("reports.d.drill_params_hint")} error={errors.of("params")} onChange={setParams} />
        <UsersPicker label={tr("reports.sub.users")} name="recipients.users" value={users()} onChange={setUsers} error={errors.of("recipients")} />
        <MultiSelect label={tr("reports.sub.roles")} name="recipients.roles" value={ofType("role")} options={(roles() ?? []).map((r) => ({ value: r.id, label: r.name }))} onChange={(v) => setType("role", v)} />
        <MultiSelect label={tr("reports.sub.depts")} name="recipients.depts" value={ofType("dept")} options={(depts() ?? []).map((x) => ({ value: x.id, label: `${"　".repeat(x.depth)}${x.name}` }))} onChange={(v) => setType("dept", v)} />
        <div class="rpt-row">
          <Checkbox label={tr("reports.sub.channel_im")} checked={d().channels.includes("im")} onChange={(v) => channel("im", v)} value="im" />
          <Checkbox label={tr("reports.sub.channel_email")} checked={d().channels.includes("email")} onChange={(v) => channel("email", v)} value="email" />
          <Checkbox label={tr("reports.sub.attach_xlsx")} checked={d().attach_xlsx} onChange={(v) => set({ attach_xlsx: v })} value="attach_xlsx" />
        </div>
        <Switch label={tr("reports.sub.enabled")} checked={d().enabled} onChange={(v) => set({ enabled: v })} />
      </div>
    </Dialog>
  );
}
