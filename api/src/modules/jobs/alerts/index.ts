/** Job alerts: failure, timeout, missed start, failure streaks, long runs; one alert per episode plus a recovery. */
export { createJobAlerts, type JobAlerts } from "./job-alerts.ts";
export { ALERT_TYPES, type AlertSender } from "./alert-notices.ts";
export { jobAlertsSchema } from "./alerts.schema.ts";
export { alertRecipients, unknownRecipients } from "./recipients.ts";
export { createEpisodes } from "./episodes.ts";
