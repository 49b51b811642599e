import { Route, Router, type RouteSectionProps } from "@solidjs/router";
import { lazy, Suspense, type JSX } from "solid-js";
import { AppShell, RequirePerm } from "./layout/app-shell.tsx";
import { LoginPage } from "./pages/login/login-page.tsx";
import { HomePage } from "./pages/home-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { ToastRegion } from "./ui/toast-region.tsx";
import { Loading } from "./ui/states.tsx";

/** Routes mirror pages/: each area is its own chunk, precached by the service worker for offline use. */
const ProfilePage = lazy(() => import("./pages/profile/profile-page.tsx"));
const UsersPage = lazy(() => import("./pages/iam/users/users-page.tsx"));
const DepartmentsPage = lazy(() => import("./pages/iam/departments/departments-page.tsx"));
const RolesPage = lazy(() => import("./pages/iam/roles/roles-page.tsx"));
const OnlinePage = lazy(() => import("./pages/iam/online-page.tsx"));
const SettingsPage = lazy(() => import("./pages/iam/settings-page.tsx"));
const DirectorySyncPage = lazy(() => import("./pages/iam/directory-sync/directory-sync-page.tsx"));
const AuditLogsPage = lazy(() => import("./pages/audit/audit-logs-page.tsx"));
const LoginLogsPage = lazy(() => import("./pages/audit/login-logs-page.tsx"));
const InboxPage = lazy(() => import("./pages/notifications/inbox-page.tsx"));
const NotificationPrefsPage = lazy(() => import("./pages/notifications/preferences-page.tsx"));
const BindingsPage = lazy(() => import("./pages/account/bindings-page.tsx"));
const ChatPage = lazy(() => import("./pages/chat/chat-page.tsx"));
const HelpCenterPage = lazy(() => import("./pages/help/help-center-page.tsx"));
const HelpPage = lazy(() => import("./pages/help/help-page.tsx"));
const HelpEditPage = lazy(() => import("./pages/help/help-edit-page.tsx"));
const MyFeedbackPage = lazy(() => import("./pages/feedback/my-feedback-page.tsx"));
const FeedbackAdminPage = lazy(() => import("./pages/feedback/feedback-admin-page.tsx"));
const JobsPage = lazy(() => import("./pages/jobs/jobs-page.tsx"));
const JobFormPage = lazy(() => import("./pages/jobs/job-form-page.tsx"));
const JobDetailPage = lazy(() => import("./pages/jobs/job-detail-page.tsx"));
const JobRunsRedirect = lazy(() => import("./pages/jobs/job-runs-redirect.tsx"));
const RunsPage = lazy(() => import("./pages/jobs/runs-page.tsx"));
const RunPage = lazy(() => import("./pages/jobs/run-page.tsx"));
const FlowsPage = lazy(() => import("./pages/flows/flows-page.tsx"));
const FlowFormPage = lazy(() => import("./pages/flows/flow-form-page.tsx"));
const FlowDetailPage = lazy(() => import("./pages/flows/flow-detail-page.tsx"));
const FlowRunsPage = lazy(() => import("./pages/flows/flow-runs-page.tsx"));
const FlowRunPage = lazy(() => import("./pages/flows/flow-run-page.tsx"));
const TicketsBoardPage = lazy(() => import("./pages/tickets/tickets-board-page.tsx"));
const TicketNewPage = lazy(() => import("./pages/tickets/ticket-new-page.tsx"));
const TicketDetailPage = lazy(() => import("./pages/tickets/ticket-detail-page.tsx"));
const ApprovalDefinitionsPage = lazy(() => import("./pages/approval-definitions/definitions-page.tsx"));
const ApprovalDefinitionPage = lazy(() => import("./pages/approval-definitions/definition-page.tsx"));
const ApprovalsInboxPage = lazy(() => import("./pages/approvals/inbox-page.tsx"));
const ApprovalNewPage = lazy(() => import("./pages/approvals/new-page.tsx"));
const ApprovalDetailPage = lazy(() => import("./pages/approvals/detail-page.tsx"));
const WebhooksPage = lazy(() => import("./pages/webhooks/webhooks-page.tsx"));
const ApprovalDelegationsPage = lazy(() => import("./pages/approval-delegation/delegations-page.tsx"));
const ConfigHistoryPage = lazy(() => import("./pages/config/history/history-page.tsx"));
const ConfigVersionPage = lazy(() => import("./pages/config/history/version-page.tsx"));
const ConfigReleasesPage = lazy(() => import("./pages/config/releases/releases-page.tsx"));
const ChangeSetsPage = lazy(() => import("./pages/config/change-sets/change-sets-page.tsx"));
const ChangeSetPage = lazy(() => import("./pages/config/change-sets/change-set-page.tsx"));
const ConfigTablesPage = lazy(() => import("./pages/config/tables-page.tsx"));
const ConfigTableDesignerPage = lazy(() => import("./pages/config/table-designer-page.tsx"));
const ConfigRecordsPage = lazy(() => import("./pages/config/records-page.tsx"));
const ConfigRecordFormPage = lazy(() => import("./pages/config/record-form-page.tsx"));
const ApiTokensPage = lazy(() => import("./pages/api-tokens/api-tokens-page.tsx"));
const ReportsPage = lazy(() => import("./pages/reports/reports-page.tsx"));
const ReportPage = lazy(() => import("./pages/reports/report-page.tsx"));
const ReportDesignerPage = lazy(() => import("./pages/reports/designer-page.tsx"));
const ReportDatasetsPage = lazy(() => import("./pages/reports/datasets-page.tsx"));
const ReportDatasetEditorPage = lazy(() => import("./pages/reports/dataset-editor-page.tsx"));
const ReportDatasourcesPage = lazy(() => import("./pages/reports/datasources-page.tsx"));
const ReportSubscriptionsPage = lazy(() => import("./pages/reports/subscriptions-page.tsx"));
const ReportMetricsPage = lazy(() => import("./pages/reports/metrics-page.tsx"));
const MonitorBoardPage = lazy(() => import("./pages/monitor/board/board-page.tsx"));
const MonitorSeriesPage = lazy(() => import("./pages/monitor/series/series-page.tsx"));
const MonitorNodesPage = lazy(() => import("./pages/monitor/nodes/nodes-page.tsx"));
const MonitorSlowPage = lazy(() => import("./pages/monitor/slow/slow-page.tsx"));
const MonitorAlertsPage = lazy(() => import("./pages/monitor/alerts/alerts-page.tsx"));
const MonitorAlertPage = lazy(() => import("./pages/monitor/alerts/alert-detail-page.tsx"));
const MonitorRulesPage = lazy(() => import("./pages/monitor/alerts/rules-page.tsx"));
const MonitorRulePage = lazy(() => import("./pages/monitor/alerts/rule-editor-page.tsx"));
const MonitorSilencesPage = lazy(() => import("./pages/monitor/alerts/silences-page.tsx"));
const SensitiveWordsPage = lazy(() => import("./pages/notifications/sensitive-words-page.tsx"));
const NotifyWebhooksPage = lazy(() => import("./pages/notifications/notify-webhooks-page.tsx"));

const gated = (code: string, Page: () => JSX.Element) => () => (
  <RequirePerm code={code}>
    <Page />
  </RequirePerm>
);

function Root(props: RouteSectionProps): JSX.Element {
  return (
    <>
      <Suspense fallback={<Loading />}>{props.children}</Suspense>
      <ToastRegion />
    </>
  );
}

export function App(): JSX.Element {
  return (
    <Router root={Root}>
      <Route path="/login" component={LoginPage} />
      <Route path="/" component={AppShell}>
        <Route path="/" component={HomePage} />
        <Route path="/profile" component={ProfilePage} />
        <Route path="/account/bindings" component={BindingsPage} />
        <Route path="/iam/users" component={gated("menu:iam:users", UsersPage)} />
        <Route path="/iam/departments" component={gated("menu:iam:departments", DepartmentsPage)} />
        <Route path="/iam/roles" component={gated("menu:iam:roles", RolesPage)} />
        <Route path="/iam/online" component={gated("menu:iam:online", OnlinePage)} />
        <Route path="/iam/settings" component={gated("menu:iam:settings", SettingsPage)} />
        <Route path="/iam/directory-sync" component={gated("iam:user:sync", DirectorySyncPage)} />
        <Route path="/audit/logs" component={gated("menu:audit:logs", AuditLogsPage)} />
        <Route path="/audit/login-logs" component={gated("menu:audit:login-logs", LoginLogsPage)} />
        <Route path="/notifications" component={InboxPage} />
        <Route path="/notifications/preferences" component={NotificationPrefsPage} />
        <Route path="/chat" component={ChatPage} />
        <Route path="/help" component={HelpCenterPage} />
        <Route path="/help/new" component={gated("help:page:edit", HelpEditPage)} />
        <Route path="/help/:slug" component={HelpPage} />
        <Route path="/help/:slug/edit" component={gated("help:page:edit", HelpEditPage)} />
        <Route path="/tickets" component={gated("menu:tickets", TicketsBoardPage)} />
        <Route path="/tickets/new" component={gated("tickets:create", TicketNewPage)} />
        <Route path="/tickets/:id" component={gated("menu:tickets", TicketDetailPage)} />
        <Route path="/approvals" component={gated("menu:approvals", ApprovalsInboxPage)} />
        <Route path="/approvals/new" component={gated("approvals:submit", ApprovalNewPage)} />
        <Route path="/approvals/:id" component={gated("menu:approvals", ApprovalDetailPage)} />
        <Route path="/approval-delegations" component={gated("approvals:view", ApprovalDelegationsPage)} />
        <Route path="/approval-definitions" component={gated("approvals:design", ApprovalDefinitionsPage)} />
        <Route path="/approval-definitions/new" component={gated("approvals:design", ApprovalDefinitionPage)} />
        <Route path="/approval-definitions/:id" component={gated("approvals:design", ApprovalDefinitionPage)} />
        <Route path="/feedback" component={gated("menu:feedback", FeedbackAdminPage)} />
        <Route path="/webhooks" component={gated("webhooks:manage", WebhooksPage)} />
        <Route path="/feedback/mine" component={MyFeedbackPage} />
        <Route path="/jobs" component={gated("menu:jobs", JobsPage)} />
        <Route path="/jobs/new" component={gated("jobs:manage", JobFormPage)} />
        <Route path="/jobs/runs" component={gated("menu:jobs", RunsPage)} />
        <Route path="/jobs/runs/:id" component={gated("menu:jobs", RunPage)} />
        <Route path="/jobs/:id" component={gated("menu:jobs", JobDetailPage)} />
        <Route path="/jobs/:id/edit" component={gated("jobs:manage", JobFormPage)} />
        <Route path="/jobs/:id/runs" component={gated("menu:jobs", JobRunsRedirect)} />
        <Route path="/flows" component={gated("menu:flows", FlowsPage)} />
        <Route path="/flows/new" component={gated("flows:manage", FlowFormPage)} />
        <Route path="/flows/runs" component={gated("menu:flows", FlowRunsPage)} />
        <Route path="/flows/runs/:id" component={gated("menu:flows", FlowRunPage)} />
        <Route path="/flows/:id" component={gated("menu:flows", FlowDetailPage)} />
        <Route path="/flows/:id/edit" component={gated("flows:manage", FlowFormPage)} />
        <Route path="/config" component={gated("config:view", ConfigTablesPage)} />
        <Route path="/config/tables/new" component={gated("config:design", ConfigTableDesignerPage)} />
        <Route path="/config/change-sets" component={gated("config:view", ChangeSetsPage)} />
        <Route path="/config/change-sets/:id" component={gated("config:view", ChangeSetPage)} />
        <Route path="/config/:table/history" component={gated("config:view", ConfigHistoryPage)} />
        <Route path="/config/:table/history/:version" component={gated("config:view", ConfigVersionPage)} />
        <Route path="/config/:table/releases" component={gated("config:view", ConfigReleasesPage)} />
        <Route path="/config/:table" component={gated("config:view", ConfigRecordsPage)} />
        <Route path="/config/:table/design" component={gated("config:design", ConfigTableDesignerPage)} />
        <Route path="/config/:table/records/new" component={gated("config:edit", ConfigRecordFormPage)} />
        <Route path="/config/:table/records/:key" component={gated("config:view", ConfigRecordFormPage)} />
        <Route path="/api-tokens" component={gated("iam:token:manage", ApiTokensPage)} />
        <Route path="/reports" component={gated("reports:view", ReportsPage)} />
        <Route path="/reports/new" component={gated("reports:manage", ReportDesignerPage)} />
        <Route path="/reports/datasets" component={gated("reports:manage", ReportDatasetsPage)} />
        <Route path="/reports/datasets/new" component={gated("reports:manage", ReportDatasetEditorPage)} />
        <Route path="/reports/datasets/:id" component={gated("reports:manage", ReportDatasetEditorPage)} />
        <Route path="/reports/datasources" component={gated("reports:datasource", ReportDatasourcesPage)} />
        <Route path="/reports/subscriptions" component={gated("reports:subscribe", ReportSubscriptionsPage)} />
        <Route path="/reports/metrics" component={gated("reports:view", ReportMetricsPage)} />
        <Route path="/reports/:id" component={gated("reports:view", ReportPage)} />
        <Route path="/reports/:id/edit" component={gated("reports:manage", ReportDesignerPage)} />
        <Route path="/monitor" component={gated("monitor:view", MonitorBoardPage)} />
        <Route path="/monitor/series" component={gated("monitor:view", MonitorSeriesPage)} />
        <Route path="/monitor/nodes" component={gated("monitor:view", MonitorNodesPage)} />
        <Route path="/monitor/slow" component={gated("monitor:view", MonitorSlowPage)} />
        <Route path="/monitor/alerts" component={gated("monitor:view", MonitorAlertsPage)} />
        <Route path="/monitor/alerts/:id" component={gated("monitor:view", MonitorAlertPage)} />
        <Route path="/monitor/rules" component={gated("monitor:view", MonitorRulesPage)} />
        <Route path="/monitor/rules/new" component={gated("monitor:manage", MonitorRulePage)} />
        <Route path="/monitor/rules/:id" component={gated("monitor:view", MonitorRulePage)} />
        <Route path="/monitor/silences" component={gated("monitor:view", MonitorSilencesPage)} />
        <Route path="/notify/sensitive-words" component={gated("notify:manage", SensitiveWordsPage)} />
        <Route path="/notify/webhooks" component={gated("notify:manage", NotifyWebhooksPage)} />
        <Route path="*" component={NotFoundPage} />
      </Route>
    </Router>
  );
}
