import type { Migration } from "../migrate.ts";
import { m001Iam } from "./001-iam.ts";
import { m002Audit } from "./002-audit.ts";

export const migrations: Migration[] = [m001Iam, m002Audit];
