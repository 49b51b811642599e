import { DEMO_PASSWORD, DEMO_USERS } from "./demo/seed-demo.ts";

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
  if (input.demo) {
    lines.push(`  Demo accounts (password ${DEMO_PASSWORD}): ${DEMO_USERS.map((u) => `${u.username} ${u.name}`).join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}
