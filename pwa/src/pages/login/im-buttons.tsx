import type { JSX } from "solid-js";
import type { Provider } from "../../data/types.ts";
import { tr } from "../../providers/i18n.ts";

/**
 * Small inline marks in each platform's colour (not their trademarked logos): a bird-like
 * wing for Feishu, a wing for DingTalk, two bubbles for WeCom. Decorative; the label names it.
 */
const ICONS: Record<string, () => JSX.Element> = {
  feishu: () => (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="#3370FF" />
      <path d="M6 8.5l6.5 4.5L18 9.5 15 16H9.5z" fill="#fff" />
    </svg>
  ),
  dingtalk: () => (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="#0089FF" />
      <path d="M6 7l12 3.5-4 1.5 2.5 1.5-5.5 4.5 1.5-3.5-3-1z" fill="#fff" />
    </svg>
  ),
  wecom: () => (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <rect width="24" height="24" rx="6" fill="#07C160" />
      <ellipse cx="10" cy="10.5" rx="5" ry="4" fill="#fff" />
      <ellipse cx="15" cy="14" rx="4" ry="3.2" fill="#fff" opacity="0.85" />
    </svg>
  ),
};

/** "飞书登录" / "钉钉登录" / "企业微信登录": a link to the API's start URL; rel="external" keeps the router from treating it as an in-app route. */
export function ImSignInButton(props: { provider: Provider; href: string }): JSX.Element {
  const icon = ICONS[props.provider.id];
  return (
    <a class="btn btn--secondary btn--md btn--block login__im" href={props.href} rel="external" data-provider={props.provider.id} data-testid={`login-im-${props.provider.id}`}>
      {icon?.()}
      <span>{imLabel(props.provider)}</span>
    </a>
  );
}

export function imLabel(p: Provider): string {
  const key = `login.im_${p.id}`;
  const text = tr(key);
  return text === key ? p.name : text;
}
