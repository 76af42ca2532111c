// Printed inline right after every block (the blocks' generated region "pairwise:boot"), instead
// of a schema "javascript" file, which Shopify loads as a deferred script in <head>: a deferred
// script is downloaded while the page loads and runs before its first paint, so Lighthouse counts
// its request and its evaluation into the Largest Contentful Paint. This script
// 1. decides, before the block is first painted, whether it reserves space: a block whose last
//    answer was empty for this product, or any block of a visitor in the holdout, is hidden at
//    once, so an empty block never leaves an invisible box above the fold (storage.ts);
// 2. once per page, loads the core (assets/pairwise.js, preloaded at low priority by the block)
//    after the first frame that follows the parsed document, so no request or script of ours
//    runs before the page's largest paint; the core then asks for the offers at once.
//    The core reports each answer through `PairwiseBoot.note` (parts.ts, Boot), which keeps that
//    memory; a page without this script (a theme loading the core itself) reserves as before.
import type { Boot } from "./parts";
import { blockKey, knownEmpty, noteAnswer } from "./storage";

((w: Window & { PairwiseBoot?: Boot }, d: Document) => {
  const s = d.currentScript as HTMLScriptElement | null;
  const el = s?.previousElementSibling as HTMLElement | null;
  const ls = () => {
    try {
      return localStorage;
    } catch {
      return null; // storage disabled: every block reserves its space, as before
    }
  };
  if (el?.dataset.pairwiseBlock !== undefined && knownEmpty(ls(), blockKey(el.dataset))) el.hidden = true;
  if (!s || w.PairwiseBoot) return;
  w.PairwiseBoot = { note: (ds, vid, holdout, empty) => noteAnswer(ls(), vid, blockKey(ds), holdout, empty) };
  const load = () => {
    const core = d.createElement("script");
    core.src = s.dataset.src!;
    d.head.append(core);
  };
  const go = () => requestAnimationFrame(() => setTimeout(load));
  if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", go);
  else go();
})(window, document);
