import { A, useSearchParams } from "@solidjs/router";
import { createResource, For, type JSX } from "solid-js";
import { approvalsApi, type ApprovalTask } from "../../../data/approvals.ts";
import type { Query } from "../../../data/client.ts";
import { CHANGE_SET_STATUSES, configFlowApi, type ConfigChangeSet } from "../../../data/config-flow.ts";
import { formatTime, tr } from "../../../providers/i18n.ts";
import { DataTable } from "../../../ui/data-table.tsx";
import { PageHeader } from "../../../ui/page-header.tsx";
import { Select } from "../../../ui/select.tsx";
import { ResourceView } from "../../../ui/states.tsx";
import { csStatusBadge, csStatusName } from "./status.ts";
import "../history/config-flow.css";

const BOXES = ["waiting", "mine", "all"] as const;
type Box = (typeof BOXES)[number];
const LOADED = 200;

/** Change sets whose approval has a pending task of mine: the todo box's approval ids matched to pending sets. */
async function waitingForMe(q: Query): Promise<ConfigChangeSet[]> {
  const [tasks, sets] = await Promise.all([
    // without approvals:view nothing waits for me
    approvalsApi.tasks("todo", { page_size: LOADED }).catch(() => ({ items: [] as ApprovalTask[] })),
    configFlowApi.changeSets({ ...q, status: "pending", page_size: LOADED }),
  ]);
  const mine = new Set(tasks.items.filter((t) => t.status === "pending").map((t) => t.instance_id));
  return sets.items.filter((s) => s.approval_id && mine.has(s.approval_id));
}

async function load(k: { box: Box; status: string; table: string }): Promise<ConfigChangeSet[]> {
  const q: Query = { table: k.table, page_size: LOADED };
  if (k.box === "waiting") return (await waitingForMe(q)).filter((s) => !k.status || s.status === k.status);
  return (await configFlowApi.changeSets({ ...q, status: k.status, mine: k.box === "mine" ? 1 : undefined })).items;
}

/** 变更单: waiting for me / mine / all, with a status filter; each row opens the set (diff, approval, release plan). */
export default function ChangeSetsPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ box?: string; status?: string; table?: string }>();
  const box = (): Box => ((BOXES as readonly string[]).includes(params.box ?? "") ? params.box : "waiting") as Box;
  const [list, { refetch }] = createResource(() => ({ box: box(), status: params.status ?? "", table: params.table ?? "" }), load);
  return (
    <section class="page" data-testid="change-sets-page">
      <PageHeader title={tr("configFlow.cs.title")} subtitle={tr("configFlow.cs.subtitle")} />
      <div class="config-flow__toolbar">
        <nav class="config-flow__tabs" role="tablist">
          <For each={BOXES}>
            {(b) => (
              <button type="button" role="tab" class="btn btn--md" classList={{ "btn--primary": box() === b, "btn--secondary": box() !== b }} aria-selected={box() === b} data-testid={`cs-box-${b}`} onClick={() => setParams({ box: b })}>
                {tr(`configFlow.cs.box.${b}`)}
              </button>
            )}
          </For>
        </nav>
        <Select
          label={tr("configFlow.cs.status_filter")} name="status" value={params.status ?? ""} emptyLabel={tr("configFlow.cs.any_status")}
          options={CHANGE_SET_STATUSES.map((s) => ({ value: s, label: csStatusName(s) }))} onChange={(v) => setParams({ status: v || undefined })}
        />
      </div>
      <ResourceView resource={list} retry={refetch}>
        {(items) => (
          <DataTable<ConfigChangeSet>
            testid="change-set-table"
            items={items()}
            empty={tr("configFlow.cs.empty")}
            rowKey={(s) => s.id}
            columns={[
              { key: "table", header: tr("configFlow.cs.table"), primary: true, render: (s) => <A href={`/config/change-sets/${s.id}`} data-col="table">{s.table}</A> },
              { key: "reason", header: tr("configFlow.reason"), render: (s) => <A href={`/config/change-sets/${s.id}`} data-col="reason">{s.reason}</A> },
              { key: "status", header: tr("configFlow.cs.status"), render: (s) => <span class={csStatusBadge(s.status)} data-col="status" data-status={s.status}>{csStatusName(s.status)}</span> },
              { key: "author", header: tr("configFlow.cs.author"), render: (s) => s.author_name ?? s.author_id },
              { key: "records", header: tr("configFlow.cs.records"), render: (s) => s.diff.length },
              { key: "at", header: tr("configFlow.history.time"), render: (s) => formatTime(s.created_at) },
            ]}
          />
        )}
      </ResourceView>
    </section>
  );
}
