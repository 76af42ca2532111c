import { describe, expect, it } from "vitest";
import { CATALOG, templateByHandle } from "../../../app/demo/catalog";
import { productSvg } from "../../../app/demo/storefront/images.server";

describe("demo product images", () => {
  it("gives every product an image of its own: small, offline SVG with its name", () => {
    const images = CATALOG.map((t) => productSvg(t));
    expect(new Set(images).size).toBe(CATALOG.length);
    for (const [i, svg] of images.entries()) {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/); // nothing fetched from the network
      expect(Buffer.byteLength(svg)).toBeLessThan(3_000);
      expect(svg).toContain(`<title>${CATALOG[i].title.replace(/&/g, "&amp;")}</title>`);
    }
  });

  it("draws what the product is: a sleeping bag is not drawn as a tent", () => {
    const tent = productSvg(templateByHandle("trailhead-2-person-tent"));
    const bag = productSvg(templateByHandle("summit-3-season-sleeping-bag"));
    const shapes = (svg: string) => svg.replace(/hsl\([^)]*\)/g, "").replace(/<title>.*<\/title>|<text.*$/g, "");
    expect(shapes(tent)).not.toBe(shapes(bag));
    expect(tent).toContain('d="M70 300 L200 110 L330 300 Z"');
  });
});
