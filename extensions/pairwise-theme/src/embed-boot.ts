// The cart embed's loader (blocks/cart-offers.liquid, generated region "pairwise:embed-boot"),
// printed instead of boot.ts as the `onload` handler of an empty <style> right after the embed:
// an element's handler is compiled and run in a task of its own, which the browser queues once the
// style is parsed, so no script of ours runs in the parser's task (each inline script costs it
// 0.2-0.3 ms traced, and Lighthouse multiplies that task by four). The embed is on every page of
// the shop, at the end of <body> and hidden until the core places it (in a closed drawer, below the
// fold), so nothing about it is decided before the first paint: where an app block's boot came
// first (a product page, the cart page), the embed is handed to it; otherwise (the home page, a
// collection) this only loads the core after the page's load event, its first contentful paint and
// the images on screen still coming (each wait at most SETTLE_MS), with no storage or cookie read
// while the page is parsed. The core then reads (or makes) the visitor id itself, and decides the
// embed's offers as it would without any boot.
import { afterImages, afterPaint, insertCore, keepMemory } from "./loader";

// the handler's argument: its <style>, whose data-src is the core's URL. (A handler looks a free
// name up on its element and its document before the window: `addEventListener` alone would be the
// <style>'s, so the window's is named.)
declare const event: Event;
const me = event.currentTarget as HTMLElement;
const w = window as Window & { PairwiseBootQ?: 0 | ((s: HTMLElement | null) => void) };
const q = w.PairwiseBootQ;

// an app block's boot: set up, it takes the embed now; before that (0), it finds the embed when it
// sets up in the next frame. Otherwise the embed's own way.
if (q) q(me);
else if (q === undefined) {
  let src: string | undefined;
  const load = () => {
    if (src === "") return;
    src = me.dataset.src;
    if (!src) return;
    keepMemory(src); // the cookie, so that a product page's boot reads the visitor id the core keeps
    insertCore(src);
    src = "";
  };
  const settle = () => afterPaint(() => afterImages(load, () => src === ""));
  if (document.readyState === "complete") settle();
  else w.addEventListener("load", settle);
}
