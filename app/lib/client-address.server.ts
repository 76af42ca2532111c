// The shopper's network address on an app proxy request, for limits a client cannot reset by
// choosing another id. Shopify's app proxy forwards the storefront request with an
// `X-Forwarded-For` header carrying the client's IP address; a client can send its own
// X-Forwarded-For too, but every proxy appends the address it saw, so the trustworthy entry is the
// one appended by Shopify: the last one, or — when the app runs behind proxies of its own (a load
// balancer that appends Shopify's address) — the one PAIRWISE_TRUSTED_PROXY_HOPS entries before
// the end. IPv6 addresses are reduced to their /64 network: one subscriber usually holds a whole
// /64 and could otherwise rotate through it.
import { isIP } from "node:net";

export function trustedProxyHops(env: NodeJS.ProcessEnv = process.env): number {
  const hops = Number(env.PAIRWISE_TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(hops) && hops >= 0 && hops < 10 ? hops : 0;
}

/** The client's address (IPv4, or an IPv6 /64 as "a:b:c:d::/64"), or "unknown". */
export function clientAddress(request: Request, hops = trustedProxyHops()): string {
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = forwarded[forwarded.length - 1 - hops];
  return candidate ? normaliseAddress(candidate) : "unknown";
}

/**
 * The client's address on a request a browser sends straight to the app (the checkout and
 * thank-you extensions): the address the first of the app's own proxies saw (appended to
 * X-Forwarded-For, PAIRWISE_TRUSTED_PROXY_HOPS entries before the end), or the connection's own
 * address when nothing stands in front of the app. "unknown" when neither is there.
 */
export function directClientAddress(
  request: Request,
  socketAddress: string | null | undefined,
  hops = trustedProxyHops(),
): string {
  if (hops === 0) return socketAddress ? normaliseAddress(socketAddress) : "unknown";
  const forwarded = (request.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const candidate = forwarded[forwarded.length - hops];
  return candidate ? normaliseAddress(candidate) : "unknown";
}

export function normaliseAddress(raw: string): string {
  let address = raw.trim();
  // "[2001:db8::1]:443" and "203.0.113.7:51234" (some proxies keep the port)
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1];
  const kind = isIP(address);
  if (kind === 4) return address;
  if (kind === 6) return `${expandIpv6(address).slice(0, 4).join(":")}::/64`;
  return "unknown";
}

function expandIpv6(address: string): string[] {
  const [head, tail] = address.toLowerCase().split("::");
  const headParts = head ? head.split(":") : [];
  const tailParts = tail !== undefined && tail ? tail.split(":") : [];
  const missing = 8 - headParts.length - tailParts.length;
  return [...headParts, ...Array(Math.max(0, missing)).fill("0"), ...tailParts].map((p) => p.replace(/^0+(?=.)/, ""));
}
