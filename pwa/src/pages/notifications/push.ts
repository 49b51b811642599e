import { notificationsApi, type PushSubscriptionJson } from "../../data/notifications.ts";

/**
 * This browser's Web Push subscription, through the service worker vite-plugin-pwa registers.
 * Headless or private browsers often lack a push service: every failure maps to a state the
 * page can explain instead of an exception.
 */
export type PushState = "checking" | "unsupported" | "denied" | "off" | "on";

const SW_WAIT_MS = 5000;

export function pushSupported(): boolean {
  return typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

async function registration(): Promise<ServiceWorkerRegistration | null> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), SW_WAIT_MS));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

export async function currentPushState(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  const reg = await registration();
  if (!reg) return "unsupported";
  return (await reg.pushManager.getSubscription()) ? "on" : "off";
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + "=".repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

export async function enablePush(): Promise<PushState> {
  if (!pushSupported()) return "unsupported";
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return permission === "denied" ? "denied" : "off";
  const reg = await registration();
  if (!reg) return "unsupported";
  const { public_key } = await notificationsApi.pushPublicKey();
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(public_key) });
  await notificationsApi.subscribePush(sub.toJSON() as PushSubscriptionJson);
  return "on";
}

export async function disablePush(): Promise<PushState> {
  const reg = pushSupported() ? await registration() : null;
  const sub = await reg?.pushManager.getSubscription();
  if (sub) {
    const endpoint = sub.endpoint;
    await sub.unsubscribe();
    await notificationsApi.unsubscribePush(endpoint).catch(() => undefined);
  }
  return "off";
}
