/** Delivery records and their attempts: send log, retries, failover, rate limits, the abandoned-attempt reaper. Siblings and the notify root import from here. */
export { logBase, settleFailure, SUPERSEDED } from "./attempts.ts";
export { createDelivery, deliveryKey, enqueueDelivery, enqueueJob, loadDelivery, settleDelivery, type DeliveryRecord } from "./deliveries.ts";
export { failOver } from "./failover.ts";
export { planDeliveries } from "./plan.ts";
export { takeSlot } from "./rate.ts";
export { reapAbandoned, startSendLogReaper } from "./send-log-reaper.ts";
export { closeAttempt, closeInterrupted, listSendLog, openAttempt } from "./send-log.ts";
