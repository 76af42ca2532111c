// Which address a limit is keyed on: the one a trusted hop appended, never one the client wrote.
import { describe, expect, it } from "vitest";
import { clientAddress, directClientAddress, normaliseAddress } from "../../../app/lib/client-address.server";

const req = (xff?: string) =>
  new Request("https://pairwise.test/x", { headers: xff ? { "X-Forwarded-For": xff } : {} });

describe("the client's address", () => {
  it("on the app proxy: the entry Shopify appended, before the app's own proxies' entries", () => {
    // the client wrote "1.1.1.1" itself; Shopify appended the address it saw
    expect(clientAddress(req("1.1.1.1, 198.51.100.7"), 0)).toBe("198.51.100.7");
    // behind one load balancer of the app's, which appended Shopify's own address
    expect(clientAddress(req("1.1.1.1, 198.51.100.7, 23.227.38.1"), 1)).toBe("198.51.100.7");
    expect(clientAddress(req(), 0)).toBe("unknown");
  });

  it("straight from the browser: the connection's address, or the one the app's first proxy appended", () => {
    expect(directClientAddress(req("1.1.1.1"), "::ffff:203.0.113.9", 0)).toBe("203.0.113.9");
    expect(directClientAddress(req(), null, 0)).toBe("unknown");
    expect(directClientAddress(req("1.1.1.1, 203.0.113.9"), "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(directClientAddress(req(), "10.0.0.2", 1)).toBe("unknown");
  });

  it("reduces IPv6 to its /64 and drops ports", () => {
    expect(normaliseAddress("[2001:db8:aa:bb:1:2:3:4]:443")).toBe("2001:db8:aa:bb::/64");
    expect(normaliseAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(normaliseAddress("203.0.113.7:51234")).toBe("203.0.113.7");
    expect(normaliseAddress("not an address")).toBe("unknown");
  });
});
