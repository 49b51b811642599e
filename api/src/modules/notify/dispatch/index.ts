/** The send pipeline: fan an event out to recipients, run delivery jobs, the queue worker. Siblings and the notify root import from here. */
export { sendNotification } from "./send.ts";
export { startNotifyWorker } from "./worker.ts";
export { requeueStranded, startStrandedSweep, STRANDED_AFTER_MS, STRANDED_SWEEP_MS } from "./stranded.ts";
