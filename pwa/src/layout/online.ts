import { createSignal } from "solid-js";

/** navigator.onLine as a signal. */
const [online, setOnline] = createSignal(typeof navigator === "undefined" ? true : navigator.onLine);
if (typeof window !== "undefined") {
  window.addEventListener("online", () => setOnline(true));
  window.addEventListener("offline", () => setOnline(false));
}
export { online };
