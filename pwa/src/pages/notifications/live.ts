import { createSignal, onCleanup } from "solid-js";
import { API_BASE } from "../../config.ts";
import { api } from "../../data/client.ts";
import { notificationsApi, type InboxItem } from "../../data/notifications.ts";
import { loadTokens } from "../../data/tokens.ts";
import { notify } from "../../providers/toast.tsx";

/**
 * The live inbox: one EventSource per signed-in shell. It keeps the unread count for the
 * top bar and hands new notifications to whoever listens (the inbox page prepends them).
 * EventSource cannot send Authorization, and a token in the URL would land in logs: every
 * (re)connect first asks the API for a one-use stream ticket (60 s) and opens the stream with it.
 * EventSource cannot read HTTP statuses either, so after any error we go through the API client
 * (which refreshes an expired token, or ends the session) before reopening with backoff; the
 * browser's own retry would only replay the spent ticket, so the source is closed at once.
 */
const [unread, setUnread] = createSignal(0);
/** true between `ready` and the next error: the bell shows it (and tests wait for it) */
const [connected, setConnected] = createSignal(false);
/** Bumped on every `ready` after a reconnect: what arrived in the gap is only in the API now. */
const [reconnects, setReconnects] = createSignal(0);
export { connected, reconnects, unread };

type Listener = (n: InboxItem) => void;
const listeners = new Set<Listener>();

export function onLiveNotification(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function noteRead(count = 1): void {
  setUnread((n) => Math.max(0, n - count));
}

export function noteAllRead(): void {
  setUnread(0);
}

const MAX_BACKOFF_MS = 30_000;

/** Opens the stream for the lifetime of the calling component (the signed-in shell). */
export function useNotificationStream(): void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backoff = 1000;
  let stopped = false;
  let opened = false;

  const open = async () => {
    if (stopped || !loadTokens()?.access_token) return;
    let ticket: string;
    try {
      ({ ticket } = await api.post<{ ticket: string; expires_at: string }>("/notifications/stream-tickets"));
    } catch {
      return scheduleReopen();
    }
    if (stopped) return;
    source = new EventSource(`${API_BASE}/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
    source.addEventListener("ready", (e) => {
      backoff = 1000;
      setConnected(true);
      if (opened) setReconnects((n) => n + 1);
      opened = true;
      const data = JSON.parse((e as MessageEvent<string>).data) as { unread_count: number };
      setUnread(data.unread_count);
    });
    source.addEventListener("notification", (e) => {
      const n = JSON.parse((e as MessageEvent<string>).data) as InboxItem;
      if (!n.read) setUnread((c) => c + 1);
      notify.info(n.title);
      for (const fn of listeners) fn(n);
    });
    source.onerror = () => {
      setConnected(false);
      source?.close();
      source = null;
      scheduleReopen();
    };
  };

  const scheduleReopen = () => {
    if (stopped) return;
    const wait = backoff;
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    timer = setTimeout(() => {
      // A cheap authed call: a 401 here refreshes the token (or signs out) through the client.
      notificationsApi.unreadCount().then((r) => setUnread(r.count)).then(() => void open(), scheduleReopen);
    }, wait);
  };

  void open();
  onCleanup(() => {
    stopped = true;
    setConnected(false);
    clearTimeout(timer);
    source?.close();
    source = null;
  });
}
