// assets/pairwise-cart.js: everything about the cart — reading it and rendering the blocks that
// offer for it (the "Cart offers" embed, "You may also like" on the cart page), following the
// theme's cart changes, putting the visitor id on the cart once per session (attribution), moving
// the embed into the theme's cart drawer (and back after the theme re-renders it), and the
// free-shipping progress bar. The core loads it on pages with cart blocks, and otherwise only
// until this session's cart carries the visitor id (see parts.ts).
import { definePart, type Api, type Block, type Cart } from "./parts";
import { postJson } from "./request";
import { CART_STRINGS } from "./text";
import type { ProxyOffersResponse } from "./types";

/** The widget's styles (src/widget.css, minified), defined by scripts/build-widget.ts. */
declare const PW_CSS: string;

/** True when `el` is not on screen: below the fold, off-canvas (a closed drawer) or not rendered. */
function offscreen(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= innerHeight || r.left >= innerWidth || r.right <= 0 || (!r.width && !r.height);
}

definePart("cart", ({ h, t, addFallbacks, money, blocks, json, root, vid, ss, hide, render, later, cache }: Api) => {
  addFallbacks(CART_STRINGS);
  let marking: Promise<unknown> | null = null;
  /**
   * Puts the visitor id on the cart once per session, for every visitor with a non-empty cart
   * (holdout visitors too), so the order is matched to the visitor's exposure or control group.
   * The `pw=1` marker keeps this request from counting as a cart change below.
   */
  const markCart = () => {
    if (ss() === vid || marking) return;
    marking = json(root() + "cart/update.js?pw=1", postJson({ attributes: { _pairwise_visitor: vid } })).then(
      () => ss(vid),
      () => (marking = null),
    );
  };

  async function refreshCart(): Promise<void> {
    const cartBlocks = blocks.filter((b) => b.context === "cart");
    if (!cartBlocks.length && ss() === vid) return;
    const cart = await json<Cart>(root() + "cart.js").catch(() => null);
    if (cart && cart.item_count > 0) later(markCart);
    const ids = cart ? [...new Set(cart.items.map((i) => String(i.variant_id)))] : [];
    for (const b of cartBlocks) {
      if (!cart || !ids.length) hide(b);
      else render(b, { context: "cart", variantIds: ids, subtotal: cart.total_price }, cart).catch(() => hide(b));
    }
  }

  let pending: ReturnType<typeof setTimeout> | undefined;
  const cartChanged = () => {
    clearTimeout(pending);
    pending = setTimeout(() => {
      for (const k in cache) if (k.includes("context=cart")) delete cache[k];
      refreshCart().catch(() => {});
    }, 300);
  };

  let watching = false;
  function refresh(): void {
    if (!watching) {
      watching = true;
      try {
        for (const ev of [
          "pairwise:cart-updated",
          "cart:updated",
          "cart:refresh",
          "cart:change",
          "theme:cart:change",
          "ajaxProduct:added",
        ])
          document.addEventListener(ev, cartChanged);
        // Themes update the cart with their own fetch calls and rarely announce it: watch the
        // resource timeline (from the page's start: buffered) for cart mutations instead of
        // patching window.fetch.
        new PerformanceObserver((list) => {
          if (list.getEntries().some((e) => /\/cart\/(add|change|update|clear)(\.js)?(\?(?!pw=1)|$)/.test(e.name)))
            cartChanged();
        }).observe({ type: "resource", buffered: true });
      } catch {
        /* old browser: theme events still work */
      }
    }
    refreshCart().catch(() => {});
  }

  let remounter: MutationObserver | null = null;
  /** Puts boxes that were placed back in the same task whenever the theme re-renders its cart. */
  const keepMounted = () => {
    remounter ||= new MutationObserver(() => {
      for (const b of blocks) if (b.mounted && !b.el.isConnected) mount(b);
    });
    remounter.observe(document.body, { childList: true, subtree: true });
  };

  /**
   * Puts the cart embed's box before the first element matching its "Show offers before"
   * selectors. The first time, only where inserting moves nothing on screen (a closed cart
   * drawer, or below the fold); a visible target is skipped, because inserting there is a layout
   * shift. Once placed, the box is put back in the same task whenever the theme re-renders its
   * cart, so no frame is ever painted without it.
   */
  function mount(b: Block): boolean {
    if (!b.el.dataset.mount || (b.el.isConnected && b.mounted)) return true;
    for (const sel of b.el.dataset.mount.split(",")) {
      try {
        const target = sel.trim() && document.querySelector(sel);
        if (target) {
          if (!b.mounted && !offscreen(target)) return false;
          // the embed prints no styles (it is on every page, and hidden until now): they come here,
          // with `.pw[hidden]`, which keeps it hidden in place of its inline display:none; the core
          // shows it with its content (or collapses it), and a remount keeps it as it was
          if (!document.getElementById("pw-css")) document.head.append(h("style", { id: "pw-css" }, PW_CSS));
          target.before(b.el);
          b.el.style.display = "";
          keepMounted();
          return (b.mounted = true);
        }
      } catch {
        /* invalid selector from the settings */
      }
    }
    return false;
  }

  function view(b: Block, r: ProxyOffersResponse, cart: Cart): Node[] {
    // the merchant's threshold in the embed settings (cents) wins; 0 uses the app's own
    const ds = b.el.dataset;
    const threshold = Math.max(0, Math.round(Number(ds.threshold) || 0));
    const fs = threshold > 0 ? { threshold, remaining: Math.max(0, threshold - cart.total_price) } : r.freeShipping;
    if (!fs || ds.freeShipping === "false") return [];
    const pct = Math.round(((fs.threshold - fs.remaining) / fs.threshold) * 100);
    return [
      h(
        "div",
        { class: "pw-ship" },
        h(
          "p",
          null,
          fs.remaining > 0
            ? t(b.s, "shipping_remaining", { amount: money(b, fs.remaining) })
            : t(b.s, "shipping_reached"),
        ),
        h(
          "div",
          {
            class: "pw-bar",
            role: "progressbar",
            "aria-valuemin": 0,
            "aria-valuemax": 100,
            "aria-valuenow": pct,
            "aria-label": t(b.s, "shipping_label"),
          },
          h("span", { style: `width:${pct}%` }),
        ),
      ),
    ];
  }

  return { mount, view, refresh, markCart };
});
