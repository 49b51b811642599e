import ldap from "ldapjs";

export const BASE_DN = "ou=people,dc=ops,dc=test";
export const SERVICE_DN = "cn=svc,dc=ops,dc=test";
export const SERVICE_PASSWORD = "svc-secret";

export type DirectoryUser = { uid: string; password: string; uuid: string; mail?: string; cn?: string };

export type LdapPeer = {
  url: string;
  /** every bind as `dn` (password omitted), in order */
  binds: string[];
  /** every search filter as the server parsed it */
  filters: string[];
  close(): Promise<void>;
};

/**
 * A real LDAP server (ldapjs) on 127.0.0.1 with a service account and a few people. Like many
 * real directories it accepts an empty-password ("unauthenticated") bind for any known DN,
 * so the client must refuse empty passwords itself.
 */
export async function startLdapPeer(users: DirectoryUser[]): Promise<LdapPeer> {
  const server = ldap.createServer();
  const binds: string[] = [];
  const filters: string[] = [];
  const dnOf = (u: DirectoryUser) => `uid=${u.uid},${BASE_DN}`;

  server.bind("dc=ops,dc=test", (req, res, next) => {
    const dn = req.dn.toString();
    binds.push(dn);
    const user = users.find((u) => dnOf(u) === dn);
    const ok = (dn === SERVICE_DN && req.credentials === SERVICE_PASSWORD) || (user && (req.credentials === "" || req.credentials === user.password));
    if (!ok) return next(new ldap.InvalidCredentialsError());
    res.end();
    return next();
  });
  server.search(BASE_DN, (req, res, next) => {
    filters.push(req.filter.toString());
    // ldapjs compares requested attribute names case-sensitively against lower case; real servers do not.
    res.attributes = res.attributes.map((a) => a.toLowerCase());
    for (const u of users) {
      const attributes = { objectclass: ["inetOrgPerson"], uid: u.uid, entryUUID: u.uuid, mail: u.mail ?? [], cn: u.cn ?? u.uid };
      if (req.filter.matches(attributes)) res.send({ dn: dnOf(u), attributes });
    }
    res.end();
    return next();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `ldap://127.0.0.1:${server.address().port}`,
    binds,
    filters,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
