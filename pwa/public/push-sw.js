/* Imported into the generated service worker (vite.config.ts workbox.importScripts):
   shows Web Push messages and opens the app on click. Payload: {title, body, url} (api notify webpush channel). */
self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { body: event.data ? event.data.text() : "" };
  }
  const title = payload.title || "OPS";
  event.waitUntil(
    self.registration.showNotification(title, { body: payload.body || "", icon: "/icon.svg", data: { url: payload.url || "/notifications" } }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || "/notifications";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const w of windows) if ("focus" in w) return w.navigate(url).then((c) => (c || w).focus());
      return self.clients.openWindow(url);
    }),
  );
});
