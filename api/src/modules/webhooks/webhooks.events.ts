/** What happened to a delivery, for tests and metrics to await (never persisted). */
export type WebhookEvent =
  | { kind: "attempt"; deliveryId: string; attempt: number; status: "delivered" | "retrying" | "failed"; responseCode: number | null }
  | { kind: "queued"; deliveryId: string; eventId: string; subscriptionId: string };

export type WebhookEvents = {
  on(listener: (e: WebhookEvent) => void): () => void;
  emit(e: WebhookEvent): void;
};

export function createWebhookEvents(): WebhookEvents {
  const listeners = new Set<(e: WebhookEvent) => void>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(e) {
      for (const l of listeners) {
        try {
          l(e);
        } catch {
          // a listener's bug must not break a delivery
        }
      }
    },
  };
}
