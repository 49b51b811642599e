import type { ConfigVersion } from "../../../data/config-flow.ts";
import { tr } from "../../../providers/i18n.ts";

/** A version's kind in the UI's words, and its +added ~changed -removed summary. */
export const kindName = (k: ConfigVersion["kind"]) => tr(`configFlow.kind.${k}`);
export const summaryText = (s: ConfigVersion["summary"]) => `+${s.added} ~${s.changed} -${s.removed}`;
