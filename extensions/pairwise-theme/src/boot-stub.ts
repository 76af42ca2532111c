// Printed inline right after each app block's boot (blocks' generated region "pairwise:boot"),
// which the block prints as a data block (`<script type="text/x-pairwise">`, src/boot.ts): the
// browser does not compile it while the page is parsed. This is the only script of the block that
// runs then, and the first copy touches no element (the first use of the DOM's interfaces, and
// compiling the boot, were most of what the blocks cost the parser's task, which Lighthouse
// multiplies by four). The first copy watches the next frame: a ResizeObserver's callback, which a
// frame runs after its layout and before it paints (laying the page out again if the callback
// changed it), looks where the blocks are without laying the page out itself. When one of them is
// on screen, the first boot on the page is run there (as a script inserted into <head>, which runs
// at once): it sets itself up, finds the blocks printed by then and decides them before that frame
// paints. When none is (a phone's product page, the cart page: the blocks below the fold), the boot
// runs in a task of its own right after that frame, or in the next frame's animation callback if
// that comes first, so the blocks are decided before any later frame, where a shopper's scroll could
// show them. That frame's task lays the page out and paints it: past 50 ms (at Lighthouse's 4×),
// everything the boot adds to it is blocking time; a task of the boot's own blocks only for what it
// takes beyond 50 ms (bench:pagespeed). A copy that runs after the boot is set up hands its own
// block's boot over, and the block is decided at once; one that runs before (its block parsed after
// the frame watched) is found by the boot's setup.
// Whoever reads PairwiseBoot sooner (the core, when a theme loads it itself) runs the boot then.
import { GLOBAL } from "./parts";
import { onScreen } from "./loader";

type Script = HTMLScriptElement | null;
const w = window as unknown as {
  PairwiseBootQ?: 0 | ((s: Script) => void);
  PairwiseBoot?: unknown;
} & Record<string, unknown>;
const q = w.PairwiseBootQ;

if (q) q(document.currentScript?.previousElementSibling as Script);
else if (q === undefined) {
  w.PairwiseBootQ = 0;
  const run = () => {
    const boot = document.querySelector("script[type='text/x-pairwise']");
    if (boot && w.PairwiseBootQ === 0) {
      const s = document.createElement("script");
      s.textContent = boot.textContent;
      document.head.append(s); // runs it: it replaces this getter and sets PairwiseBootQ
    }
    if (w.PairwiseBootQ) return w.PairwiseBoot;
    // not set up (its block gone before this frame, a section rendered again; or the boot failed):
    // the next stub starts over, and the core, if it asked, reserves as without a boot
    delete w.PairwiseBoot;
    w.PairwiseBootQ = undefined;
  };
  Object.defineProperty(w, "PairwiseBoot", { get: run, configurable: true });
  // the core already on the page (a theme that loads it itself, or the cart embed's loader added it)
  if (w[GLOBAL]) run();
  else {
    // a new observation is reported in the next frame, after its layout
    const ro = new ResizeObserver(() => {
      ro.disconnect();
      if ([...document.querySelectorAll("[data-pairwise-block]")].some(onScreen)) run();
      else {
        setTimeout(run);
        requestAnimationFrame(run);
      }
    });
    ro.observe(document.documentElement);
  }
}
