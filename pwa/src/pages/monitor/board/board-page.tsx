import type { JSX } from "solid-js";

/** placeholder until the page lands */
export default function Page(): JSX.Element {
  return <section class="page" data-testid="monitor-board-page" />;
}
