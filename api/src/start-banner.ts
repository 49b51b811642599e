import { t } from "@ops/shared";
import { DEMO_DEPTS, DEMO_PASSWORD, DEMO_TOTP_SECRET, DEMO_USERS, type DemoUser } from "./demo/seed-demo.ts";

export type BannerInput = {
  host: string;
  port: number;
  publicUrl?: string;
  /** the first admin's generated password, on the start that created it */
  generatedPassword?: string;
  demo: boolean;
};

/**
 * What a person starting OPS reads on the console: where to open it (a link a terminal makes
 * clickable: `localhost` for a server bound to every interface), how the admin signs in, and the
 * demo accounts. Logs stay JSON for machines; this is for the operator.
 */
export function startBanner(input: BannerInput): string {
  const host = input.host === "0.0.0.0" || input.host === "::" ? "localhost" : input.host;
  const local = `http://${host.includes(":") ? `[${host}]` : host}:${input.port}`;
  const lines = ["", `  OPS 智能运营系统 is running: ${local}`];
  if (input.publicUrl && input.publicUrl !== local) lines.push(`  public URL: ${input.publicUrl}`);
  if (input.generatedPassword) {
    // Printed once: the password is not stored anywhere in clear.
    lines.push(`  First admin created. username: admin  password: ${input.generatedPassword}`);
    lines.push("  (you will be asked to change it at first login)");
  }
  lines.push("  Lost the admin password? npm run ops -- admin reset-password admin");
  if (input.demo) lines.push(...demoAccounts());
  return `${lines.join("\n")}\n`;
}

const STATE_NOTE: Record<NonNullable<DemoUser["state"]>, string> = {
  mfa: "MFA (TOTP secret below)",
  locked: "locked (failed sign-ins)",
  disabled: "disabled",
  expiring: "password expires in 5 days",
};

/** The demo accounts as a compact table; Chinese characters take two terminal columns. */
function demoAccounts(): string[] {
  const dept = new Map(DEMO_DEPTS.map((d) => [d.key, d.name]));
  const rows = [["username", "name", "role", "department", "title", "note"], ...DEMO_USERS.map((u) => [
    u.username, u.name, t("zh-CN", `iam.builtin.role.${u.role}`), dept.get(u.dept) ?? "", u.title, u.state ? STATE_NOTE[u.state] : "",
  ])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
  const line = (r: string[]) => `    ${r.map((cell, i) => cell + " ".repeat(widths[i]! - displayWidth(cell))).join("  ")}`.trimEnd();
  return [
    `  Demo accounts (password ${DEMO_PASSWORD} for all):`,
    ...rows.map(line),
    `  MFA accounts: add TOTP secret ${DEMO_TOTP_SECRET} to an authenticator app.`,
  ];
}

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
