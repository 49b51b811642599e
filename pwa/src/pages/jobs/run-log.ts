import { createSignal, onCleanup } from "solid-js";
import { API_BASE } from "../../config.ts";
import { runsApi, type JobRun, type LogChunk } from "../../data/jobs.ts";

const MAX_BACKOFF_MS = 30_000;

/**
 * A run's log: what is stored, then, while the run is not over, a live tail. EventSource cannot
 * send Authorization, so every (re)connect asks for a one-use ticket first. After an error the
 * gap is read through the API client (which refreshes an expired token) from the last seq seen,
 * then the stream reopens with backoff; the browser's own retry would replay the spent ticket.
 * `onEnd` gets the finished run from the stream's `end` event.
 */
export function createRunLog(runId: string, live: boolean, onEnd: (run: JobRun) => void) {
  const [chunks, setChunks] = createSignal<LogChunk[]>([]);
  const [following, setFollowing] = createSignal(false);
  let last = 0;
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let backoff = 1000;
  let stopped = false;

  const add = (list: LogChunk[]) => {
    const fresh = list.filter((c) => c.seq > last);
    if (!fresh.length) return;
    last = fresh[fresh.length - 1]!.seq;
    setChunks((prev) => [...prev, ...fresh]);
  };
  const catchUp = async () => add((await runsApi.log(runId, last || undefined)).chunks);

  const open = async () => {
    if (stopped) return;
    let ticket: string;
    try {
      ({ ticket } = await runsApi.logTicket(runId));
    } catch {
      return reopenLater();
    }
    if (stopped) return;
    const es = new EventSource(`${API_BASE}/runs/${encodeURIComponent(runId)}/log/stream?ticket=${encodeURIComponent(ticket)}&after=${last}`);
    source = es;
    es.onopen = () => {
      backoff = 1000;
      setFollowing(true);
    };
    es.addEventListener("log", (e) => add([JSON.parse((e as MessageEvent<string>).data) as LogChunk]));
    es.addEventListener("end", (e) => {
      stop();
      onEnd(JSON.parse((e as MessageEvent<string>).data) as JobRun);
    });
    es.onerror = () => {
      es.close();
      source = null;
      setFollowing(false);
      reopenLater();
    };
  };
  const reopenLater = () => {
    if (stopped) return;
    const wait = backoff;
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    timer = setTimeout(() => void catchUp().then(open, reopenLater), wait);
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = null;
    setFollowing(false);
  };

  // the stored part first; the stream then sends only what is newer (by seq)
  void catchUp().then(() => (live ? open() : undefined), () => (live ? open() : undefined));
  onCleanup(stop);
  return { chunks, following, reload: catchUp };
}
