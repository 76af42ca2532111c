// Printed inline right after the cart embed (blocks/cart-offers.liquid, generated region
// "pairwise:embed-boot"), instead of boot.ts. The embed is on every page of the shop, at the end of
// <body> and hidden until the core places it (in a closed drawer, below the fold), so nothing about
// it is decided before the first paint: where an app block's boot came first (a product page, the
// cart page), the embed is handed to it; otherwise (the home page, a collection) this only loads
// the core after the page's load event, its first contentful paint and the images on screen still
// coming (each wait at most SETTLE_MS), with no storage or cookie read while the page is parsed.
// The core then reads (or makes) the visitor id itself, and decides the embed's offers as it would
// without any boot.
import { afterImages, afterPaint, insertCore, keepMemory } from "./loader";

const w = window as Window & { PairwiseBootQ?: 0 | ((s: HTMLScriptElement | null) => void) };
const q = w.PairwiseBootQ;

// an app block's boot: set up, it takes the embed now; before that (0), it finds the embed when it
// sets up in the next frame. Otherwise the embed's own way, which touches no element while the
// page is parsed (the first use of the DOM's interfaces, document.currentScript included, costs
// the parser's task about 0.7 ms).
if (q) q(document.currentScript as HTMLScriptElement | null);
else if (q === undefined) {
  let src: string | undefined;
  const load = () => {
    if (src === "") return;
    // this loader, right after the embed
    src = document.querySelector<HTMLScriptElement>("[data-pairwise-block][data-mode=cart]+script")?.dataset.src;
    if (!src) return;
    keepMemory(); // the cookie, so that a product page's boot reads the visitor id the core keeps
    insertCore(src);
    src = "";
  };
  const settle = () => afterPaint(() => afterImages(load, () => src === ""));
  if (document.readyState === "complete") settle();
  else addEventListener("load", settle);
}
