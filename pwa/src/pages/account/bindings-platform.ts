import { tr } from "../../providers/i18n.ts";

/** 飞书 / 钉钉 / Slack; an unknown platform shows its code rather than nothing. */
export function platformLabel(platform: string): string {
  const key = `bindings.platform_${platform}`;
  const label = tr(key);
  return label === key ? platform : label;
}
