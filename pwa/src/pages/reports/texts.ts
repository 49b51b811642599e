import { registerUiCatalogs } from "../../i18n/index.ts";
import { reportsAdminText } from "../../i18n/reports-admin.text.ts";
import { reportsViewerText } from "../../i18n/reports-viewer.text.ts";
import { reportsSourcesText } from "../../i18n/reports-sources.text.ts";
import { reportsSubscriptionsText } from "../../i18n/reports-subscriptions.text.ts";
import { reportsMetricsText } from "../../i18n/reports-metrics.text.ts";

/** The reports area's words, registered when its chunk loads (every page of the area imports this first). */
registerUiCatalogs(reportsViewerText, reportsAdminText, reportsSourcesText, reportsSubscriptionsText, reportsMetricsText);
