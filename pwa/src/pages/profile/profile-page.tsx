import { A, useSearchParams } from "@solidjs/router";
import { Show, type JSX } from "solid-js";
import type { TokenData } from "../../data/types.ts";
import { acceptTokens, can } from "../../providers/auth.ts";
import { tr } from "../../providers/i18n.ts";
import { notify } from "../../providers/toast.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { Tabs } from "../../ui/tabs.tsx";
import { PasswordChangeForm } from "../account/password-change-form.tsx";
import { IdentitiesPanel } from "./identities-panel.tsx";
import { MfaPanel } from "./mfa-panel.tsx";
import { ProfileForm } from "./profile-form.tsx";
import { SessionsPanel } from "./sessions-panel.tsx";

/** My account: details, password, two-step verification, my signed-in devices and my linked accounts. */
export default function ProfilePage(): JSX.Element {
  const [params, setParams] = useSearchParams<{ tab?: string }>();
  const passwordChanged = async (tokens: TokenData) => {
    await acceptTokens(tokens);
    notify.success(tr("account.password_changed"));
  };
  return (
    <section class="page" data-testid="profile-page">
      <PageHeader
        title={tr("nav.profile")}
        actions={
          <>
            <A href="/account/bindings" class="btn btn--secondary btn--md" data-testid="profile-bindings-link">{tr("nav.bindings")}</A>
            <Show when={can("approvals:view")}><A href="/approval-delegations" class="btn btn--secondary btn--md" data-testid="profile-delegations-link">{tr("delegation.link")}</A></Show>
            {/* The API's own page (Swagger UI), outside the app: a plain link in a new tab. */}
            <a href="/api/docs" target="_blank" rel="noopener" class="btn btn--secondary btn--md" data-testid="profile-api-docs-link">{tr("profile.api_docs")}</a>
          </>
        }
      />
      <Tabs
        label={tr("nav.profile")}
        value={params.tab ?? "info"}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        tabs={[
          { value: "info", label: tr("profile.tab_info"), render: () => <ProfileForm /> },
          { value: "password", label: tr("profile.tab_password"), render: () => <div class="card card--narrow"><PasswordChangeForm onChanged={passwordChanged} /></div> },
          { value: "mfa", label: tr("profile.tab_mfa"), render: () => <MfaPanel /> },
          { value: "sessions", label: tr("profile.tab_sessions"), render: () => <SessionsPanel /> },
          { value: "identities", label: tr("profile.tab_identities"), render: () => <IdentitiesPanel /> },
        ]}
      />
    </section>
  );
}
