import { useNavigate } from "@solidjs/router";
import { createSignal, type JSX } from "solid-js";
import { TICKET_KINDS, TICKET_LIMITS, TICKET_PRIORITIES, ticketNumber, ticketsApi, type TicketKind, type TicketPriority } from "../../data/tickets.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { createFormErrors } from "../../ui/form-errors.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { kindName, priorityName } from "./status.ts";
import "./tickets.css";

/** 新建工单: title, kind, priority, description; the API checks every field (400 names it, shown under it). */
export default function TicketNewPage(): JSX.Element {
  const navigate = useNavigate();
  const [title, setTitle] = createSignal("");
  const [kind, setKind] = createSignal<TicketKind>("issue");
  const [priority, setPriority] = createSignal<TicketPriority>("medium");
  const [description, setDescription] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const errors = createFormErrors();

  const submit = async (e: Event) => {
    e.preventDefault();
    errors.clear();
    setBusy(true);
    try {
      const t = await ticketsApi.create({ title: title(), kind: kind(), priority: priority(), description: description() });
      notify.success(tr("tickets.created", { number: ticketNumber(t.no) }));
      navigate(`/tickets/${t.id}`);
    } catch (err) {
      errors.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="page" data-testid="ticket-new-page">
      <PageHeader title={tr("tickets.new_title")} subtitle={tr("tickets.new_subtitle")} />
      <form class="form" onSubmit={(e) => void submit(e)} data-testid="ticket-form" noValidate>
        <TextField name="title" label={tr("tickets.field.title")} value={title()} onChange={setTitle} required error={errors.of("title")}
          description={`${Array.from(title()).length} / ${TICKET_LIMITS.titleMax}`} />
        <Select name="kind" label={tr("tickets.field.kind")} value={kind()} onChange={(v) => setKind(v as TicketKind)} error={errors.of("kind")}
          options={TICKET_KINDS.map((k) => ({ value: k, label: kindName(k) }))} />
        <Select name="priority" label={tr("tickets.field.priority")} value={priority()} onChange={(v) => setPriority(v as TicketPriority)} error={errors.of("priority")}
          options={TICKET_PRIORITIES.map((p) => ({ value: p, label: priorityName(p) }))} />
        <TextField name="description" label={tr("tickets.field.description")} multiline value={description()} onChange={setDescription}
          placeholder={tr("tickets.field.description_placeholder")} error={errors.of("description")} />
        <div class="row">
          <Button type="submit" variant="primary" loading={busy()} data-testid="ticket-submit">{tr("tickets.submit")}</Button>
        </div>
      </form>
    </section>
  );
}
