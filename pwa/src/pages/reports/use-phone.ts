import { createSignal, onCleanup } from "solid-js";

/** Whether the screen is phone-sized (the layout's breakpoint, 640 px), following rotation and resizes. */
export function usePhone(): () => boolean {
  const mq = window.matchMedia("(max-width: 639px)");
  const [phone, setPhone] = createSignal(mq.matches);
  const on = (e: MediaQueryListEvent) => setPhone(e.matches);
  mq.addEventListener("change", on);
  onCleanup(() => mq.removeEventListener("change", on));
  return phone;
}
