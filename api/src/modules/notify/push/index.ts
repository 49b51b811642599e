/** Web push: VAPID keys and subscriptions. Siblings and the notify root import from here. */
export { createPushSubscriptions } from "./push-subscriptions.ts";
export { createVapid } from "./vapid.ts";
