import type { Locale } from "@ops/shared";
import { iso } from "../../platform/clock.ts";
import { createWebhookTransport } from "../../platform/notify-transports/webhook-http.ts";
import type { RunningWorker } from "../../platform/queue/index.ts";
import { channelAvailability, emailChannel, imChannel, smsChannel, webPushChannel } from "./channels/index.ts";
import { listSendLog, reapAbandoned, startSendLogReaper } from "./delivery/index.ts";
import { requeueStranded, sendNotification, startNotifyWorker, startStrandedSweep } from "./dispatch/index.ts";
import { createImCards, notificationCardData, recordImResult, withCardFlags, type ImResult } from "./im/index.ts";
import { createInbox, createLiveHub, createStreamTickets } from "./inbox/index.ts";
import { DEFAULT_OPTIONS, IM_QUEUE, type NotifyCtx, type NotifyDeps } from "./notify.deps.ts";
import { createNotifyEvents } from "./notify.events.ts";
import { sendBody, type BlacklistInput, type LogQuery, type PreferencesInput, type SendInput } from "./notify.schema.ts";
import { createBlacklist, loadPreferences, savePreferences, verifyUnsubscribe } from "./preferences/index.ts";
import { createPushSubscriptions, createVapid } from "./push/index.ts";
import { createTemplates } from "./templates/index.ts";
import { createWebhooks } from "./webhooks/index.ts";
import { createWordList } from "./content/index.ts";

/**
 * The notification center. Other modules call `send`; the routes use the rest. `init()` makes
 * the VAPID keys on first start; `start()` runs the delivery worker (worker role) and the stranded
 * sweep (scheduler role), `stop()` ends them and closes the live streams.
 */
export function createNotify(deps: NotifyDeps) {
  const options = { ...DEFAULT_OPTIONS, ...deps.options };
  // Without a webhook transport from the wiring, private targets stay refused.
  const transports = { ...deps.transports, webhook: deps.transports.webhook ?? createWebhookTransport({ allowPrivate: false }) };
  // the bus carries each new row to every process's streams; a row too large for one message is read back by id
  const hub = createLiveHub({ ...(deps.bus ? { bus: deps.bus } : {}), load: (userId, id) => inbox.get(userId, id), logger: deps.logger });
  const ctx = { ...deps, transports, options, hub, events: createNotifyEvents() } as NotifyCtx;
  const now = () => iso(deps.clock.now());
  const vapid = createVapid(ctx);
  ctx.content = createWordList(deps);
  ctx.channels = {
    email: emailChannel(deps.transports.mail, deps.files),
    sms: smsChannel(deps.transports.sms),
    push: webPushChannel({ db: deps.db, transport: deps.transports.push, vapid: vapid.details, ttlSeconds: options.pushTtlSeconds, now }),
    im: imChannel({ db: deps.db, queue: deps.queue, queueName: IM_QUEUE, attempts: options.attempts, backoffMs: options.backoffMs }),
  };
  const templates = createTemplates(deps);
  const blacklist = createBlacklist(deps);
  const imCards = withCardFlags(createImCards(deps), deps.db);
  const inbox = withCardRefresh(createInbox(deps), imCards);
  let worker: RunningWorker | undefined;
  let reaper: { stop(): void } | undefined;
  let stranded: { stop(): Promise<void> } | undefined;
  async function stopScheduler() {
    const sweep = stranded;
    stranded = undefined;
    await sweep?.stop();
  }

  return {
    options,
    hub: ctx.hub,
    events: ctx.events,
    inbox,
    imCards,
    templates,
    blacklist,
    /** the sensitive-word list (GET/PUT /notify/sensitive-words) */
    sensitiveWords: ctx.content,
    webhooks: createWebhooks(ctx),
    pushSubscriptions: createPushSubscriptions(deps),
    streamTickets: createStreamTickets(deps),
    vapid,
    /** Sends a notification; `by` is the acting user's id (null for the system). */
    send(input: Partial<SendInput> & Pick<SendInput, "type" | "recipients">, by: string | null = null) {
      return sendNotification(ctx, templates, sendBody.parse(input), by);
    },
    preferences: {
      get: (userId: string) => loadPreferences(deps.db, userId),
      async save(userId: string, input: PreferencesInput) {
        await savePreferences(deps.db, userId, input, now());
        return loadPreferences(deps.db, userId);
      },
    },
    /** Which channels can reach a user now, and why not (GET /notifications/channels). */
    channels: {
      availability: (userId: string, locale: Locale) => channelAvailability({ db: deps.db, transports: deps.transports }, userId, locale),
    },
    logs: (q: LogQuery) => listSendLog(deps.db, q),
    /** The bot's report on an IM delivery attempt (failures fail over like any channel's). */
    imResult: (deliveryId: string, result: ImResult) => recordImResult(ctx, deliveryId, result),
    async unsubscribe(token: string) {
      const claim = verifyUnsubscribe(deps.signingKey, token);
      await blacklist.add({ user_id: claim.userId, channel: claim.channel as BlacklistInput["channel"], type: claim.type, reason: "unsubscribe" }, claim.userId);
      return { type: claim.type, channel: claim.channel };
    },
    async init() {
      if (deps.transports.push) await vapid.keys();
    },
    /** Settles send-log rows dead workers left `sending` (the worker role runs it every minute). */
    reapSendLog: () => reapAbandoned(ctx),
    /** Sends again deliveries and digests whose enqueue was lost (dispatch/stranded.ts); the scheduler role does it every 15 s. */
    requeueStranded: (olderThanMs?: number) => requeueStranded(ctx, olderThanMs),
    /** Starts this process's part: the delivery worker and the send-log reaper (`worker` role), the stranded sweep (`scheduler` role). */
    start(roles: { worker?: boolean; scheduler?: boolean } = { worker: true }) {
      if (roles.worker) {
        worker ??= startNotifyWorker(ctx, templates);
        reaper ??= startSendLogReaper(ctx);
      }
      // deliveries whose process died (or whose queue failed) between their commit and their enqueue
      if (roles.scheduler) stranded ??= startStrandedSweep(ctx);
    },
    /** Ends the scheduler role's sweep (a shutdown's first steps) and waits for a pass under way. */
    stopScheduler,
    async stop() {
      await stopScheduler();
      ctx.hub.close();
      reaper?.stop();
      reaper = undefined;
      await worker?.stop();
      worker = undefined;
    },
  };
}

export type Notify = ReturnType<typeof createNotify>;

/** Reading a notification anywhere updates its chat cards everywhere (they lose the "mark read" button). */
function withCardRefresh(inbox: ReturnType<typeof createInbox>, imCards: ReturnType<typeof createImCards>) {
  return {
    ...inbox,
    async markRead(userId: string, id: string) {
      const before = await inbox.get(userId, id);
      const n = await inbox.markRead(userId, id);
      if (!before.read) await imCards.refresh("notification", n.id, notificationCardData(n));
      return n;
    },
    async markAllRead(userId: string) {
      const withCards = await imCards.unreadWithCards(userId);
      const result = await inbox.markAllRead(userId);
      for (const id of withCards) await imCards.refresh("notification", id, notificationCardData(await inbox.get(userId, id)));
      return result;
    },
  };
}
