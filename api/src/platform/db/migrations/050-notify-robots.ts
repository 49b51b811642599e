import type { Migration } from "../migrate.ts";

/**
 * Group robots as notification webhooks (notify/webhooks): `kind` generic (signed JSON, as before) or wecom (a WeCom
 * group robot: markdown, @ by mobile). A robot's URL carries its key, so for a robot `secret` holds the sealed URL and
 * `url` only its masked form; `mentions` lists the mobiles to @ (JSON array).
 */
export const m050NotifyRobots: Migration = {
  version: 50,
  name: "notify-robots",
  statements: () => [
    "ALTER TABLE notify_webhooks ADD COLUMN kind TEXT NOT NULL DEFAULT 'generic'",
    "ALTER TABLE notify_webhooks ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]'",
  ],
};
