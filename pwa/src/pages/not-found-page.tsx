import { A } from "@solidjs/router";
import type { JSX } from "solid-js";
import { tr } from "../providers/i18n.ts";

export function NotFoundPage(): JSX.Element {
  return (
    <section class="page state">
      <h1>404</h1>
      <p>{tr("common.page_not_found")}</p>
      <A href="/" class="btn btn--primary btn--md">{tr("nav.home")}</A>
    </section>
  );
}
