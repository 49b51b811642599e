/**
 * SMS codes: sign-in by phone and SMS as a second factor. The IAM root and sibling folders reach this folder only
 * through this file.
 */
export { smsRoutes } from "./sms.routes.ts";
export { createSmsCodes, maskPhone, type SmsCodes } from "./sms-codes.ts";
export { phoneVariants } from "./sms-login.ts";
