import { Client, InvalidCredentialsError, SizeLimitExceededError, type Entry } from "ldapts";
import type { Logger } from "../../../platform/logger.ts";
import { ssoUnavailable } from "./sso.errors.ts";
import { userFilter } from "./ldap-filter.ts";
import type { ExternalIdentity, LdapProvider } from "./sso.types.ts";

export type LdapSettings = {
  id: string;
  name: string;
  url: string;
  bindDn?: string;
  bindPassword?: string;
  baseDn: string;
  userFilter: string;
};

const TIMEOUT_MS = 5_000;
const ATTRIBUTES = ["entryUUID", "objectGUID", "uid", "sAMAccountName", "userPrincipalName", "mail", "displayName", "cn"];

/**
 * Search-then-bind against LDAP / Active Directory: the service account finds the entry, then
 * the user's own password is proven by binding as that entry. Directory outages surface as
 * `iam.sso_unavailable`; a wrong password or unknown user as null.
 */
export function createLdapDirectory(settings: LdapSettings, logger: Logger): LdapProvider {
  async function authenticate(username: string, password: string): Promise<ExternalIdentity | null> {
    // An empty password makes a simple bind "unauthenticated", which many servers accept.
    if (!username || !password) return null;
    const client = new Client({ url: settings.url, timeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS });
    try {
      if (settings.bindDn) await serviceBind(client);
      const entry = await findEntry(client, username);
      if (!entry) return null;
      try {
        await client.bind(entry.dn, password);
      } catch (e) {
        if (e instanceof InvalidCredentialsError) return null;
        throw e;
      }
      return identityOf(entry, username);
    } catch (e) {
      logger.warn("ldap sign-in failed", { provider: settings.id, err: e });
      throw ssoUnavailable(settings.name, e);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async function serviceBind(client: Client): Promise<void> {
    try {
      await client.bind(settings.bindDn!, settings.bindPassword ?? "");
    } catch (e) {
      // A rejected service account is a configuration problem, not the user's wrong password.
      if (e instanceof InvalidCredentialsError) logger.error("ldap service bind rejected: check OPS_LDAP_BIND_DN / OPS_LDAP_BIND_PASSWORD");
      throw e;
    }
  }

  async function findEntry(client: Client, username: string): Promise<Entry | null> {
    try {
      const { searchEntries } = await client.search(settings.baseDn, {
        scope: "sub",
        filter: userFilter(settings.userFilter, username),
        attributes: ATTRIBUTES,
        explicitBufferAttributes: ["objectGUID"],
        sizeLimit: 2,
      });
      if (searchEntries.length > 1) return ambiguous();
      return searchEntries[0] ?? null;
    } catch (e) {
      if (e instanceof SizeLimitExceededError) return ambiguous();
      throw e;
    }
  }

  /** Two matches means the filter is too loose: refuse rather than guess which person it is. */
  function ambiguous(): null {
    logger.warn("ldap user filter matched several entries; sign-in refused (check OPS_LDAP_USER_FILTER)", { provider: settings.id });
    return null;
  }

  return { id: settings.id, kind: "ldap", name: settings.name, authenticate };
}

/** Attribute names are case-insensitive in LDAP; servers echo them in their own spelling. */
function first(entry: Entry, name: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v === null) return null;
  return Buffer.isBuffer(v) ? v.toString("hex") : String(v) || null;
}

function identityOf(entry: Entry, typed: string): ExternalIdentity {
  const subject = first(entry, "entryUUID") ?? first(entry, "objectGUID") ?? entry.dn;
  const username = first(entry, "uid") ?? first(entry, "sAMAccountName") ?? typed;
  const email = first(entry, "mail");
  const displayName = first(entry, "displayName") ?? first(entry, "cn");
  return {
    subject,
    username,
    email,
    // Directory mail attributes are set by administrators, not by the user.
    emailVerified: email !== null,
    displayName,
    profile: { dn: entry.dn, username, email, display_name: displayName },
  };
}
