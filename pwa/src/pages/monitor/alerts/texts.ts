import { registerUiCatalogs } from "../../../i18n/index.ts";
import { monitorAlertsText } from "../../../i18n/monitor-alerts.text.ts";
import { monitorRulesText } from "../../../i18n/monitor-rules.text.ts";

/** The alerting pages' words, registered when their chunk loads (every page of the area imports this first). */
registerUiCatalogs(monitorAlertsText, monitorRulesText);
