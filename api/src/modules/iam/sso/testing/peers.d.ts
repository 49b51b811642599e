// Minimal typings for the two test-only protocol peers (neither package ships its own).

declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };

  export type ProviderContext = {
    oidc: {
      client: { clientId: string };
      session: { accountId: string };
      provider: Provider;
    };
  };

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    callback(): Handler;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    Grant: new (properties: { clientId: string; accountId: string }) => Grant;
  }
}

declare module "ldapjs" {
  type Dn = { toString(): string };
  export type BindRequest = { dn: Dn; credentials: string };
  export type SearchRequest = { dn: Dn; filter: { toString(): string; matches(attributes: Record<string, unknown>): boolean } };
  type Response = { attributes: string[]; end(): void; send(entry: { dn: string; attributes: Record<string, unknown> }): void };
  type Next = (error?: Error) => void;
  type LdapServer = {
    bind(base: string, handler: (req: BindRequest, res: Response, next: Next) => void): void;
    search(base: string, handler: (req: SearchRequest, res: Response, next: Next) => void): void;
    listen(port: number, host: string, callback: () => void): void;
    close(callback?: () => void): void;
    address(): { port: number };
  };
  const ldap: {
    createServer(): LdapServer;
    InvalidCredentialsError: new (message?: string) => Error;
    NoSuchObjectError: new (message?: string) => Error;
  };
  export default ldap;
}
