import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { isLocalName, isPrivateAddress } from "./private-address.ts";
import { TransportError, type WebhookTransport } from "./ports.ts";

export type Lookup = (host: string) => Promise<string[]>;

export type WebhookTransportOptions = {
  /** OPS_WEBHOOK_ALLOW_PRIVATE: let webhooks reach loopback and private networks (a LAN-only deployment). */
  allowPrivate: boolean;
  /**
   * OPS_WEBHOOK_ALLOW_HOSTS: private targets allowed one by one while the rest stay refused. Host
   * names match exactly (case-insensitive; `*.corp.example` matches its subdomains); IP addresses
   * and CIDR ranges (`10.20.0.0/16`, `fd00::/8`) match the addresses a name resolves to.
   */
  allowHosts?: readonly string[];
  /** Name resolution (tests map names to addresses); default: the system resolver, every address. */
  lookup?: Lookup;
  fetch?: typeof fetch;
};

const systemLookup: Lookup = async (host) => (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Webhook POSTs that cannot be aimed at the inside of the network (SSRF): the host is resolved
 * first, every address it resolves to must be public, and the request goes to the address that
 * was checked (Host header and TLS server name keep the original name), so DNS cannot answer
 * differently between the check and the connection. Redirects are never followed.
 */
export function createWebhookTransport(options: WebhookTransportOptions): WebhookTransport {
  const lookup = options.lookup ?? systemLookup;
  const doFetch = options.fetch ?? fetch;
  const allowed = allowList(options.allowHosts ?? []);

  /** The addresses of the URL's host; throws when any is private (and that is not allowed). */
  async function resolve(url: URL): Promise<string[]> {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    if (options.allowPrivate || allowed.name(host)) return [];
    if (isLocalName(host)) throw refused(host);
    const addresses = isIP(host) ? [host] : await lookup(host).catch((error: unknown) => {
      throw new TransportError(`webhook: cannot resolve ${host}: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
    });
    if (addresses.length === 0 || addresses.some((a) => isPrivateAddress(a) && !allowed.address(a))) throw refused(host);
    return addresses;
  }

  return {
    allowPrivate: options.allowPrivate,
    async check(rawUrl) {
      try {
        await resolve(new URL(rawUrl));
        return null;
      } catch (error) {
        // A name that does not resolve (yet) is the receiver's business; only private targets are refused here.
        return error instanceof TransportError && !error.retryable ? "private" : null;
      }
    },
    async post(rawUrl, request) {
      const url = new URL(rawUrl);
      const addresses = await resolve(url);
      const pinned = addresses[0];
      const target = new URL(url);
      const init: RequestInit & { tls?: { serverName?: string } } = {
        method: "POST",
        headers: { ...request.headers },
        body: request.body,
        redirect: "manual",
        signal: AbortSignal.timeout(request.timeoutMs ?? 15_000),
      };
      if (pinned && !isIP(url.hostname.replace(/^\[|\]$/g, ""))) {
        target.hostname = isIP(pinned) === 6 ? `[${pinned}]` : pinned;
        (init.headers as Record<string, string>).host = url.host;
        if (url.protocol === "https:") init.tls = { serverName: url.hostname };
      }
      let res: Response;
      try {
        res = await doFetch(target, init);
      } catch (error) {
        throw new TransportError(`webhook: ${error instanceof Error ? error.message : String(error)}`, { retryable: true, cause: error });
      }
      const body = request.responseBytes ? await readPrefix(res, request.responseBytes) : undefined;
      if (!request.responseBytes) await res.body?.cancel();
      return { status: res.status, body };
    },
  };
}

function refused(host: string): TransportError {
  return new TransportError(`webhook: ${host} is a loopback, link-local or private address`, { retryable: false });
}

/** The first `max` bytes of a body as text (a cut character becomes U+FFFD); the rest is not read. */
async function readPrefix(res: Response, max: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // a body cut short (timeout, reset) still yields what arrived
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, max));
}

/** OPS_WEBHOOK_ALLOW_HOSTS entries as a name test and an address test. */
function allowList(entries: readonly string[]) {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const nets = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [ip, bits] = entry.split("/", 2) as [string, string | undefined];
    const family = isIP(ip);
    if (family) nets.addSubnet(ip, bits === undefined ? (family === 4 ? 32 : 128) : Number(bits), family === 4 ? "ipv4" : "ipv6");
    else if (entry.startsWith("*.")) suffixes.push(entry.slice(1));
    else names.add(entry.replace(/\.$/, ""));
  }
  return {
    name: (host: string) => {
      const h = host.toLowerCase().replace(/\.$/, "");
      return names.has(h) || suffixes.some((s) => h.endsWith(s));
    },
    address: (address: string) => {
      const family = isIP(address);
      return family !== 0 && nets.check(address, family === 4 ? "ipv4" : "ipv6");
    },
  };
}
