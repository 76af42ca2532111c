// What both loaders (boot.ts, every app block's inline boot; embed-boot.ts, the cart embed's style's
// load handler) do to load the core without competing with the page's largest paint. Bundled into
// each of them.
import { keepCore, MEMORY_COOKIE, type KV } from "./storage";

const d = document;

/**
 * How long the core waits at most for the first contentful paint's entry (a browser without paint
 * entries), then for the images on screen.
 */
const SETTLE_MS = 3000;

export const onScreen = (el: Element): boolean => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;
};

/**
 * Calls `load` once no image on screen is still coming (looked at again when those have come: a
 * gallery may start the next), SETTLE_MS later at the latest; `done` says the core is in.
 */
export function afterImages(load: () => void, done: () => boolean): void {
  setTimeout(load, SETTLE_MS);
  const wait = () => {
    if (done()) return;
    const coming = [...d.images].filter((i) => !i.complete && onScreen(i));
    if (coming.length) Promise.all(coming.map((i) => i.decode().catch(() => 0))).then(() => setTimeout(wait));
    else setTimeout(load);
  };
  wait();
}

/**
 * Calls `fn` once, when the page's first contentful paint is out (its entry comes when the frame is
 * presented; a page can load before it paints), SETTLE_MS later at the latest.
 */
export function afterPaint(fn: () => void): void {
  let once = () => {
    once = () => {};
    fn();
  };
  setTimeout(() => once(), SETTLE_MS);
  try {
    new PerformanceObserver(
      (l, o) => l.getEntriesByName("first-contentful-paint")[0] && (o.disconnect(), once()),
    ).observe({ type: "paint", buffered: true });
  } catch {
    /* at SETTLE_MS */
  }
}

/**
 * localStorage (null when disabled), with the cookie that says this browser keeps Pairwise's
 * memory there (boot.ts reads it before a frame shows the blocks only then), written again on each view:
 * Safari keeps a script's cookie 7 days. Called as the core at `src` is asked for, which it keeps
 * there (CORE_KEY): the next view's boot finds the core in the browser's cache.
 */
export function keepMemory(src: string): KV | null {
  try {
    const s = localStorage;
    d.cookie = MEMORY_COOKIE + ";path=/;max-age=31536000;samesite=lax";
    keepCore(s, src);
    return s;
  } catch {
    return null;
  }
}

/**
 * Adds the core (an async script) to the page, once: a boot or loader that runs after it came (a
 * theme's quick-add dialog running a product section's scripts again, a page swapped without a
 * reload) hands the new blocks to the core instead (it boots them on shopify:section:load; a core
 * still loading boots every block it finds).
 */
export function insertCore(src: string): void {
  const w = window as Window & { PairwiseCore?: 1 };
  if (w.PairwiseCore) return void d.dispatchEvent(new Event("shopify:section:load"));
  w.PairwiseCore = 1;
  const core = d.createElement("script");
  core.src = src;
  d.head.append(core);
}
