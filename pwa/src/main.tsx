import { render } from "solid-js/web";
import { App } from "./app.tsx";
import { configureClient } from "./data/client.ts";
import { forgetSession, loadMe } from "./providers/auth.ts";
import { applyDocumentLocale, locale, tr } from "./providers/i18n.ts";
import "./styles/base.css";
import "./styles/layout.css";
import "./styles/controls.css";
import "./styles/table.css";
import "./styles/pages.css";

configureClient({ locale, onAuthLost: forgetSession, onRestricted: () => void loadMe(), offlineMessage: () => tr("common.offline") });
applyDocumentLocale();
void loadMe();

render(() => <App />, document.getElementById("root")!);
