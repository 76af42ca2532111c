// Printed inline right after each app block's boot (blocks' generated region "pairwise:boot"),
// which the block prints as a data block (`<script type="text/x-pairwise">`, src/boot.ts): the
// browser does not compile it while the page is parsed. This is the only script of the block that
// runs then, and the first copy touches no element (the first use of the DOM's interfaces, and
// compiling the boot, were most of what the blocks cost the parser's task, which Lighthouse
// multiplies by four). The first copy asks for the next frame: in its animation callback, which
// every frame runs before it paints, the first boot on the page is run (as a script inserted into
// <head>, which runs at once), sets itself up, finds the blocks printed by then and decides them.
// A copy that runs after that hands its own block's boot over, and the block is decided at once.
// Whoever reads PairwiseBoot sooner (the core, when a theme loads it itself) runs the boot then.
import { GLOBAL } from "./parts";

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
  else requestAnimationFrame(run);
}
