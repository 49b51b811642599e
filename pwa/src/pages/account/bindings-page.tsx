import { useSearchParams } from "@solidjs/router";
import { createResource, type JSX } from "solid-js";
import { bindingsApi } from "../../data/bindings.ts";
import { tr } from "../../providers/i18n.ts";
import { PageHeader } from "../../ui/page-header.tsx";
import { BindForm } from "./bind-form.tsx";
import { BindingsList } from "./bindings-list.tsx";

/** /account/bindings: my chat accounts; `?code=` is the link the bot sends, asking me to confirm. */
export default function BindingsPage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ code?: string }>();
  const [bindings, { refetch }] = createResource(() => bindingsApi.mine());
  // The link's code is read once: after binding (or dismissing) it leaves the URL, so a reload does not ask again.
  const dropLinkCode = () => setParams({ code: undefined }, { replace: true });
  return (
    <section class="page" data-testid="bindings-page">
      <PageHeader title={tr("nav.bindings")} subtitle={tr("bindings.subtitle")} />
      <BindForm
        linkCode={params.code || undefined}
        onBound={() => {
          dropLinkCode();
          void refetch();
        }}
        onDismissLink={dropLinkCode}
      />
      <BindingsList bindings={bindings} refetch={refetch} />
    </section>
  );
}
