import type { DeliveryChannel, SendLogStatus } from "./notify.schema.ts";

/**
 * What the notification center reports as it works: one event per settled attempt and per
 * queue outcome. Tests await these instead of sleeping; metrics or logs may listen too.
 */
export type NotifyEvent =
  | { kind: "attempt"; deliveryId: string; channel: DeliveryChannel; status: SendLogStatus; userId: string | null; error?: string }
  | { kind: "job"; name: string; outcome: "completed" | "retry" | "dead" | "lease_lost"; error?: string }
  | { kind: "digest"; userId: string; type: string; eventId: string; count: number };

export type NotifyListener = (event: NotifyEvent) => void;

export type NotifyEvents = {
  on(listener: NotifyListener): () => void;
  emit(event: NotifyEvent): void;
};

export function createNotifyEvents(): NotifyEvents {
  const listeners = new Set<NotifyListener>();
  return {
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // An observer's bug must not break a delivery.
        }
      }
    },
  };
}
