/** Built-in system tables: SMTP, IM credentials, the security policy (issue 11 item 8). */
export { createSystemSettings, type SmtpSettings, type SystemSettings } from "./system.service.ts";
export { settingsMailTransport, smtpUrlOf, type SmtpFactory } from "./smtp-mail.ts";
export { IM_TABLE, SECURITY_TABLE, SMTP_TABLE, SYSTEM_PREFIX, SYSTEM_SETTINGS_PERMISSION, SYSTEM_TABLES } from "./system-tables.ts";
export { IM_PLATFORMS, readImCredentials, usableCredentials, type ImCredentials, type ImPlatform } from "./im-credentials.ts";
export { systemRoutes } from "./system.routes.ts";
