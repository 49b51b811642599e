import type { Env } from "../../env.ts";
import type { Db } from "../../platform/db/db.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Logger } from "../../platform/logger.ts";
import type { SecretBox } from "../../platform/crypto.ts";
import type { RateLimiter } from "../../platform/rate-limit.ts";
import type { AuditSink } from "../audit/index.ts";
import type { SmsTransport } from "../../platform/notify-transports/ports.ts";

/** What the IAM module is given by main.ts; it imports no infrastructure of its own. */
export type IamDeps = {
  env: Env;
  db: Db;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  /** HMAC key for access tokens */
  jwtKey: string;
  /** the chat bot's credential (`Authorization: Bot <key>`), derived from OPS_SECRET_KEY */
  botKey: string;
  audit: AuditSink;
  limiter: RateLimiter;
  /** SMS codes (sign-in by phone, the SMS second factor); absent: those answer `iam.sms_unavailable` */
  sms?: SmsTransport;
};
