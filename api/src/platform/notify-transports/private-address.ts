import { BlockList, isIP } from "node:net";

/**
 * Addresses a webhook must not reach unless the operator allows it (OPS_WEBHOOK_ALLOW_PRIVATE):
 * loopback, private, shared (CGNAT), link-local (cloud metadata at 169.254.169.254), "this
 * network", multicast and reserved ranges, in IPv4 and IPv6. node:net's BlockList (built into
 * Node and Bun) does the prefix matching and also matches IPv4-mapped IPv6 (::ffff:10.0.0.1)
 * against the IPv4 ranges.
 */
const V4 = [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const;
const V6 = [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const;

const blocked = new BlockList();
for (const [net, prefix] of V4) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of V6) blocked.addSubnet(net, prefix, "ipv6");

/** True for an IP literal in a blocked range; false for public addresses and for non-IPs. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const family = isIP(ip);
  if (family === 0) return false;
  const mapped = family === 6 ? mappedV4(ip) : null;
  if (mapped) return blocked.check(mapped, "ipv4");
  return blocked.check(ip, family === 4 ? "ipv4" : "ipv6");
}

/** The IPv4 address inside ::ffff:a.b.c.d or ::ffff:XXXX:XXXX, whatever BlockList makes of it. */
function mappedV4(ip: string): string | null {
  const m = ip.toLowerCase().match(/^(?:0{0,4}:){0,5}:?ffff:(.+)$/);
  if (!m) return null;
  const tail = m[1]!;
  if (isIP(tail) === 4) return tail;
  const hex = tail.match(/^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/);
  if (!hex) return null;
  const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Host names that always mean this machine, whatever DNS says. */
export function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}
