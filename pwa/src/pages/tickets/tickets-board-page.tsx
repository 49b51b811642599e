import { A, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, createSignal, For, Show, type JSX } from "solid-js";
import { TICKET_KINDS, TICKET_PRIORITIES, TICKET_STATUSES, ticketNumber, ticketsApi, type Ticket, type TicketStatus } from "../../data/tickets.ts";
import { can } from "../../providers/auth.ts";
import { formatTime, tr } from "../../providers/i18n.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { Select } from "../../ui/select.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { kindName, priorityBadge, priorityName, statusName } from "./status.ts";
import "./tickets.css";

const BOARD_SIZE = 200;
const VIEWS = ["all", "mine", "assigned", "to_review", "to_assign"] as const;
type Params = { kind?: string; priority?: string; view?: string; q?: string; status?: string };

function TicketCard(props: { t: Ticket }): JSX.Element {
  return (
    <A class="tk-card" href={`/tickets/${props.t.id}`} data-testid="ticket-card" data-id={props.t.id} data-status={props.t.status}>
      <div class="tk-card__no">{ticketNumber(props.t.no)} · {kindName(props.t.kind)}</div>
      <div class="tk-card__title">{props.t.title}</div>
      <div class="tk-card__meta">
        <span class={priorityBadge(props.t.priority)}>{priorityName(props.t.priority)}</span>
        <Show when={props.t.sla_breached}><span class="badge badge--danger" data-testid="ticket-breached">{tr("tickets.breached")}</span></Show>
        <span>{props.t.reporter?.display_name}</span>
        <Show when={props.t.assignee}><span>→ {props.t.assignee!.display_name}</span></Show>
        <span>{formatTime(props.t.created_at)}</span>
      </div>
    </A>
  );
}

/**
 * The board: every status as a column with its count (desktop), or one status at a time under tabs
 * (phone). Filters and the phone's tab live in the URL, so a link or reload brings the same view back.
 */
export default function TicketsBoardPage(): JSX.Element {
  const [params, setParams] = useSearchParams<Params>();
  const [q, setQ] = createSignal(params.q ?? "");
  const query = createMemo(() => JSON.stringify({ kind: params.kind || undefined, priority: params.priority || undefined, view: params.view || "all", q: params.q || undefined, page_size: BOARD_SIZE }));
  const [board, { refetch }] = createResource(query, (key) => ticketsApi.list(JSON.parse(key) as Record<string, string>));
  const active = (): TicketStatus => ((TICKET_STATUSES as readonly string[]).includes(params.status ?? "") ? params.status : "pending_review") as TicketStatus;
  const set = (next: Partial<Params>) => setParams({ ...next }, { replace: false });

  return (
    <section class="page" data-testid="tickets-page">
      <PageHeader
        title={tr("tickets.title")} subtitle={tr("tickets.subtitle")}
        actions={<Show when={can("tickets:create")}><A class="btn btn--primary btn--md" href="/tickets/new" data-testid="ticket-new">{tr("tickets.new")}</A></Show>}
      />
      <form class="tk-filters" data-testid="tickets-filters" onSubmit={(e) => {
        e.preventDefault();
        set({ q: q().trim() || undefined });
      }}>
        <Select name="view" label={tr("tickets.filter.view")} value={params.view ?? "all"} onChange={(v) => set({ view: v === "all" ? undefined : v })}
          options={VIEWS.map((v) => ({ value: v, label: tr(`tickets.view.${v}`) }))} />
        <Select name="kind" label={tr("tickets.field.kind")} value={params.kind ?? ""} emptyLabel={tr("tickets.filter.all")} onChange={(v) => set({ kind: v || undefined })}
          options={TICKET_KINDS.map((k) => ({ value: k, label: kindName(k) }))} />
        <Select name="priority" label={tr("tickets.field.priority")} value={params.priority ?? ""} emptyLabel={tr("tickets.filter.all")} onChange={(v) => set({ priority: v || undefined })}
          options={TICKET_PRIORITIES.map((p) => ({ value: p, label: priorityName(p) }))} />
        <TextField name="q" type="search" label={tr("tickets.filter.q")} placeholder={tr("tickets.filter.q_placeholder")} value={q()} onChange={setQ} />
        <button class="btn btn--secondary btn--md" type="submit" data-testid="tickets-search">{tr("tickets.search")}</button>
      </form>
      <ResourceView resource={board} retry={refetch}>
        {(b) => {
          const byStatus = (s: TicketStatus) => b().items.filter((t) => t.status === s);
          return (
            <>
              <div class="tk-tabs" role="tablist" data-testid="tickets-tabs">
                <For each={TICKET_STATUSES}>
                  {(s) => (
                    <button type="button" role="tab" class="tk-tab" aria-selected={active() === s} data-status={s} onClick={() => set({ status: s })}>
                      {statusName(s)} <span data-testid="tickets-count">{b().counts[s] ?? 0}</span>
                    </button>
                  )}
                </For>
              </div>
              <div class="tk-board" data-testid="tickets-board">
                <For each={TICKET_STATUSES}>
                  {(s) => (
                    <div class="tk-col" data-testid="tickets-column" data-status={s} data-active={active() === s ? "" : undefined}>
                      <div class="tk-col__head"><span>{statusName(s)}</span><span class="badge badge--muted" data-testid="tickets-column-count">{b().counts[s] ?? 0}</span></div>
                      <For each={byStatus(s)} fallback={<p class="muted">{tr("tickets.empty_column")}</p>}>{(t) => <TicketCard t={t} />}</For>
                      <Show when={(b().counts[s] ?? 0) > byStatus(s).length}>
                        <p class="muted">{tr("tickets.more_in_column", { count: (b().counts[s] ?? 0) - byStatus(s).length })}</p>
                      </Show>
                    </div>
                  )}
                </For>
              </div>
            </>
          );
        }}
      </ResourceView>
    </section>
  );
}
