import { A } from "@solidjs/router";
import { createEffect, createSignal, For, on, onCleanup, Show, type JSX } from "solid-js";
import { createPagedResource } from "../../data/paged.ts";
import { notificationsApi, type InboxItem } from "../../data/notifications.ts";
import { tr } from "../../providers/i18n.ts";
import { notify, notifyError } from "../../providers/toast.tsx";
import { Button } from "../../ui/button.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Pagination } from "../../ui/pagination.tsx";
import { ResourceView } from "../../ui/states.tsx";
import { InboxRow } from "./inbox-item.tsx";
import { noteAllRead, noteRead, onLiveNotification, reconnects, unread } from "./live.ts";
import { createNow } from "./relative-time.ts";
import "./notifications.css";

type InboxFilters = { unread?: "true" };

/** My notifications, newest first; new ones arrive live on page 1 without a reload. */
export default function InboxPage(): JSX.Element {
  const list = createPagedResource(notificationsApi.list, {} as InboxFilters);
  const [fresh, setFresh] = createSignal<InboxItem[]>([]);
  const [readIds, setReadIds] = createSignal<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const now = createNow();

  onCleanup(onLiveNotification((n) => setFresh((cur) => [n, ...cur.filter((x) => x.id !== n.id)])));
  createEffect(on(reconnects, () => void list.refetch(), { defer: true }));

  const reload = (filters: InboxFilters) => {
    setFresh([]);
    setReadIds(new Set<string>());
    list.setFilters(filters);
  };
  const items = (pageItems: InboxItem[]): InboxItem[] => {
    const live = list.page() === 1 ? fresh() : [];
    const seen = new Set(live.map((n) => n.id));
    const read = readIds();
    return [...live, ...pageItems.filter((n) => !seen.has(n.id))].map((n) => (read.has(n.id) ? { ...n, read: true } : n));
  };

  /** live arrivals the loaded page does not hold yet */
  const unseen = (pageItems: InboxItem[]): number => {
    const ids = new Set(pageItems.map((n) => n.id));
    return list.page() === 1 ? fresh().filter((n) => !ids.has(n.id)).length : 0;
  };

  const open = async (n: InboxItem) => {
    setOpenId(openId() === n.id ? null : n.id);
    if (n.read) return;
    setReadIds((s) => new Set([...s, n.id]));
    try {
      await notificationsApi.markRead(n.id);
      noteRead();
    } catch (e) {
      setReadIds((s) => new Set([...s].filter((id) => id !== n.id)));
      notifyError(e);
    }
  };

  const markAll = async () => {
    setBusy(true);
    try {
      await notificationsApi.markAllRead();
      noteAllRead();
      notify.success(tr("notifications.marked_all"));
      reload({ ...list.filters() });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const onlyUnread = () => list.filters().unread === "true";
  return (
    <section class="page" data-testid="inbox-page">
      <PageHeader
        title={tr("nav.notifications")}
        actions={
          <>
            <Button data-testid="inbox-read-all" disabled={unread() === 0} loading={busy()} onClick={() => void markAll()}>{tr("notifications.mark_all_read")}</Button>
            <A href="/notifications/preferences" class="btn btn--ghost btn--md" data-testid="inbox-preferences">{tr("notifications.preferences")}</A>
          </>
        }
      />
      <div class="inbox__filters" role="group" aria-label={tr("notifications.filter")}>
        <Button size="sm" data-testid="inbox-filter-all" aria-pressed={!onlyUnread()} onClick={() => reload({})}>{tr("notifications.all")}</Button>
        <Button size="sm" data-testid="inbox-filter-unread" aria-pressed={onlyUnread()} onClick={() => reload({ unread: "true" })}>{tr("notifications.unread")}</Button>
      </div>
      <ResourceView resource={list.data} retry={list.refetch}>
        {(page) => (
          <Show when={items(page().items).length} fallback={<div class="state" data-testid="inbox-empty">{onlyUnread() ? tr("notifications.empty_unread") : tr("notifications.empty")}</div>}>
            <ul class="inbox" data-testid="inbox-list">
              <For each={items(page().items)}>
                {(n) => <InboxRow item={n} now={now()} open={openId() === n.id} onOpen={() => void open(n)} />}
              </For>
            </ul>
            <Pagination page={page().page} pages={page().pages} total={page().total + unseen(page().items)} onChange={list.setPage} />
          </Show>
        )}
      </ResourceView>
    </section>
  );
}
