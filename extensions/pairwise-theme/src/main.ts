// The widget's core (assets/pairwise.js, every block loads it): finds [data-pairwise-block]
// elements, asks the app proxy for offers, renders offer lists into the space the Liquid block
// reserved, adds to the cart, tracks events. The bundle block and the cart embed need more code;
// the core loads it (assets/pairwise-<part>.js, see parts.ts) in parallel with the offers request.
// Everything runs inside try/catch or promise catches: the widget never throws into the page.
//
// Cost to the page (Lighthouse, Core Web Vitals): the app blocks' inline boot (boot.ts), or the cart
// embed's loader (embed-boot.ts), loads this script after the page's first contentful paint, once
// the images on screen have come (on a page without a product block on screen, after its load
// event too), so that nothing of ours competes with the largest paint;
// the styles are inline in each app block, and the cart part brings them to the embed (no
// render-blocking request); each block renders in its own task after a frame, one block per frame
// (render: the blocks take turns), each part's script is requested in a task of its own (not in the task that asks for offers), and each
// part's callers run in a task after the part's evaluation.
//
// Layout shift (CLS = 0): each app block is printed by Liquid with a skeleton built from the same
// CSS as the real content (fixed-height rows: one-line heading and copy, two-line titles,
// fixed image, price, option and button rows), sized from the block's "count" and "layout"
// settings, the layout replaced before a frame shows it by the one the visitor's experiment arm (or
// the last answer) asks for (boot.ts); the cart embed has none: it stays hidden, once the cart part
// has placed it (off screen), until it is shown with its content. Before rendering, the box's
// current height is pinned as min-height, so fewer items than reserved never shrink it. If nothing
// arrives (timeout, error, holdout, no items), the box takes no space as soon as that moves
// nothing visible: at once when it is off screen, else when it leaves the viewport or right after
// the shopper's next click (until then it is empty and visibility:hidden). Shopper-triggered changes (declining, adding, that collapse)
// happen right after input and are excluded from CLS by the browser. A block the last answers
// said would be empty (holdout, nothing for this product) is hidden before a frame shows it by
// boot.ts and reserves nothing; if offers come after all, it shows them from the next page view.
import { formatMoney } from "../../../app/lib/money";
import type { NewEvent } from "./queue";
import { offersUrl, productQuery, proxyPath, TIMEOUT_MS } from "./request";
import { sanitizeOffers } from "./sanitize";
import { declined, visitorId, type KV } from "./storage";
import { addFallbacks, parseStrings, t } from "./text";
import type { OfferItem, OfferSlot, OffersQuery, ProxyOffersResponse } from "./types";
import {
  GLOBAL,
  type Api,
  type Block,
  type Boot,
  type BundlePart,
  type Cart,
  type CartPart,
  type Parts,
  type Registry,
  type Row,
} from "./parts";

const d = document;
const ls: KV | null = (() => {
  try {
    return localStorage;
  } catch {
    return null;
  }
})();
// random ids (visitor, events); browsers without randomUUID (before 2022, or plain http) get 128 random bits
const uuid = (): string =>
  crypto.randomUUID ? crypto.randomUUID() : crypto.getRandomValues(new Uint32Array(4)).join("-");
/** The blocks' boot (boot.ts), read each time: a theme loading the core itself may print blocks after it. */
const pb = () => (window as { PairwiseBoot?: Boot }).PairwiseBoot;
// the boot's visitor id: its arms decided the reserved box (a page with only the cart embed, whose
// loader decides nothing, or a theme loading the core itself: read or made here)
const vid = pb()?.vid || visitorId(ls, uuid);
let proxy = proxyPath(null); // the default, until a block names its own
let root = "/";
const blocks: Block[] = [];

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean> | null,
  ...kids: Array<Node | string | null | false>
): HTMLElementTagNameMap[K] {
  const el = d.createElement(tag);
  for (const k in attrs || {}) {
    const v = attrs![k];
    if (v !== false) el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids) if (kid) el.append(kid); // strings become text nodes: never parsed as HTML
  return el;
}

/**
 * The JSON answer to a GET of `url` (or to `init`'s request); a request the boot sent already (a
 * product block's offers, boot.ts) is taken instead of sending it again (it times out on its own).
 */
async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    // credentials: same-origin, fetch's default (the cart's and the proxy's cookies go along)
    // taken once: a later request of the same URL (the offers again) is sent anew
    const sent = pb()?.sent || {};
    const took = sent[url];
    delete sent[url];
    const res = await (took || fetch(url, { ...init, signal: ctrl.signal }));
    if (!res.ok) throw res.status; // the callers only need to know it failed
    return (await res.json()) as T;
  } finally {
    clearTimeout(timer);
  }
}

/** The validated answer (without the bundle) and the raw one (the bundle part validates its bundle). */
type Answer = [ProxyOffersResponse | null, unknown];
const cache: Record<string, Promise<Answer>> = {};
function offers(q: OffersQuery): Promise<Answer> {
  const url = offersUrl(proxy, q, vid);
  return (cache[url] ||= json(url).then(
    (raw): Answer => [sanitizeOffers(raw, location.href), raw],
    (): Answer => [null, null],
  ));
}

const money = (b: Block, cents: number) => formatMoney(cents, b.money);
/**
 * Runs `fn` once the page has loaded (at once if it has): work that no shopper waits for
 * (impressions, option pickers, marking the cart) never competes with the page's own requests.
 */
function later(fn: () => void): void {
  if (d.readyState === "complete") fn();
  else addEventListener("load", fn, { once: true });
}
// Events (impressions, clicks, adds, declines) are queued and sent by the actions part.
const track = (e: NewEvent, once?: string) => {
  part("actions").then((a) => a?.track(e, once));
};

/** The block is no longer waiting for its offers (screen readers may read it). */
const done = (el: HTMLElement) => el.removeAttribute("aria-busy");

/** Shows nothing without shifting anything visible (see the comment at the top). */
function hide(b: Block): void {
  const el = b.el;
  done(el);
  el.style.visibility = "hidden";
  // nothing to show takes no space: it collapses as soon as it is not on screen (below or above the
  // viewport, off-canvas, not rendered: nothing visible moves, scroll anchoring keeps the view), or
  // right after the shopper's next click (a shift within 500 ms of input is not layout shift)
  const go = () => {
    el.hidden = true;
    io.disconnect();
  };
  const io = new IntersectionObserver((e) => e[0].isIntersecting || go());
  io.observe(el);
  addEventListener("click", go, { once: true, capture: true });
}

/**
 * Replaces the skeleton with `content`, keeping at least the reserved `height` (the exact, fractional
 * border-box height: .pw is box-sizing:border-box, so padding a theme adds counts).
 */
function show(b: Block, content: Node[], height: number): void {
  const body = b.el.querySelector(".pw-body") || b.el;
  if (height) b.el.style.minHeight = height + "px";
  body.replaceChildren(...content);
  done(b.el);
  b.el.hidden = false;
  b.el.style.visibility = "";
}

/** Counts an impression the first time at least half of `el` is visible on this page view. */
const watch = (el: HTMLElement, e: NewEvent, key: string) =>
  later(() => part("actions").then((a) => a?.watch(el, e, key)));

const ss = (v?: string): string | null => {
  try {
    const s = sessionStorage;
    const key = "pairwise:attr";
    if (v) s.setItem(key, v);
    return s.getItem(key);
  } catch {
    return v || null;
  }
};
function priceRow(b: Block, now: number, was: number | null): HTMLElement {
  return h(
    "p",
    { class: "pw-price" },
    h("span", null, money(b, now)),
    was !== null &&
      was > now &&
      h("s", null, h("span", { class: "pw-sr" }, t(b.s, "regular_price") + " "), money(b, was)),
  );
}

function image(it: OfferItem): HTMLElement {
  return it.imageUrl
    ? h("img", { class: "pw-img", src: it.imageUrl, alt: it.title, loading: "lazy", width: 160, height: 160 })
    : h("span", { class: "pw-img" });
}

/** One offered product with price, option picker, add button and "not interested". */
function itemRow(b: Block, it: OfferItem, slot: OfferSlot): HTMLElement {
  const base: NewEvent = {
    type: "impression",
    offerId: slot.offerId,
    productId: it.productId,
    placement: b.context,
    token: it.token,
  };
  const add = h("button", { type: "button", class: "pw-btn" }, t(b.s, "add_to_cart"));
  const link = h("a", { class: "pw-title", href: it.url || "#" }, it.title);
  link.onclick = () => track({ ...base, type: "click" });
  const price = priceRow(
    b,
    it.discountedPrice,
    it.compareAtPrice && it.compareAtPrice > it.price ? it.compareAtPrice : it.price,
  );
  const x = h("button", { type: "button", class: "pw-x", "aria-label": t(b.s, "decline", { title: it.title }) }, "×");
  const opt = h("div", { class: "pw-opt" }); // the option picker (actions part) goes into this fixed-height row
  const li = h("li", { class: "pw-item" }, image(it), h("div", { class: "pw-info" }, link, price, opt, add), x);
  const row: Row = { b, it, slot, base, li, add, opt, select: null, price, variantId: it.variantId };
  // the handlers live in the actions part; an action taken before it arrived waits for it
  const act = (name: "add" | "decline" | "picker") => () =>
    part("actions").then((a) => {
      if (a) a[name](row);
      else add.disabled = false;
    });
  add.onclick = () => {
    if (add.disabled) return;
    add.disabled = true;
    act("add")();
  };
  x.onclick = act("decline");
  if (it.variants.length > 1) later(act("picker"));
  watch(li, base, `${b.context}:${slot.slotId}:${it.productId}`);
  return li;
}

function slotsView(b: Block, r: ProxyOffersResponse, skip: Set<string>): Node[] {
  const slot = r.slots.find((s) => b.offerType === "any" || s.type === b.offerType);
  const items = (slot?.items || []).filter((i) => i.available && !skip.has(i.productId)).slice(0, b.count);
  if (!slot || !items.length) return [];
  // the layout the answer asks for, remembered for the next view (the boot reserved this one: changing it now would shift the page)
  b.layout = slot.layout;
  const list = h("ul", { class: "pw-list", role: "list" }, ...items.map((it) => itemRow(b, it, slot)));
  // a merchant's offer brings its own headline; automatic suggestions keep the block's heading
  if (slot.headline && slot.offerId) b.el.querySelector(".pw-h")?.replaceChildren(slot.headline);
  return [h("p", { class: "pw-copy" }, slot.body), list];
}

const api: Api = {
  h,
  blocks,
  t,
  addFallbacks,
  money,
  priceRow,
  image,
  watch,
  track,
  addToCart: (...args) => part("actions").then((a) => !!a && a.addToCart(...args)),
  hide,
  json,
  root: () => root,
  proxy: () => proxy,
  vid,
  uuid,
  ss,
  ls,
  render,
  later,
  cache,
  // the cart part marks the cart once per session (and is loaded anyway until it has)
  markCart: () => part("cart").then((p) => p?.markCart()),
};
const loading: Partial<Record<keyof Parts, Promise<unknown>>> = {};
const arrived: Partial<Record<keyof Parts, (part: unknown) => void>> = {};
const registry: Registry = {
  define(name, factory) {
    let p: unknown = null;
    try {
      p = factory(api);
    } catch {
      /* a broken part: its callers go without it */
    }
    // its callers (rendering a block, say) run in a task of their own, not in the part's evaluation
    setTimeout(() => arrived[name]?.(p));
  },
};
(window as unknown as Record<string, Registry>)[GLOBAL] = registry;

/** URLs of the parts, from the blocks' data-part-<name> attributes (Liquid asset_url). */
const partUrls: Record<string, string> = {};

/** Loads a part once (an async script: never render-blocking); null if it cannot. */
function part<K extends keyof Parts>(name: K): Promise<Parts[K] | null> {
  return (loading[name] ||= new Promise((resolve) => {
    const url = partUrls[name];
    if (!url) return resolve(null);
    arrived[name] = resolve;
    const s = h("script", { src: url, async: true });
    const none = () => resolve(null);
    s.onerror = none;
    setTimeout(none, TIMEOUT_MS);
    // inserted in a task of its own: a script's request costs the main thread a few milliseconds,
    // and the task asking for the part (it asks for offers too) would run past what Lighthouse
    // allows a task (50 ms at 4× slowdown)
    setTimeout(() => d.head.append(s));
  })) as Promise<Parts[K] | null>;
}

/** The blocks' turns to render, one per frame (render). */
let turn = Promise.resolve(0);
async function render(b: Block, q: OffersQuery, cart?: Cart): Promise<void> {
  // offers and the block's part (if any) load in parallel
  const [[r, raw], p] = await Promise.all([
    offers(q),
    cart ? part("cart") : b.mode === "bundle" ? part("bundle") : null,
  ]);
  // each block renders in a task of its own right after the next frame (Lighthouse counts what a
  // task takes over 50 ms at 4× slowdown), one block per frame: the frame that lays out and paints
  // a block's offers (text shaped for the first time, images) does not do another's too. Its
  // reserved height is read at the start of that frame (where reading it lays out, if anything,
  // the block rendered before it, which that frame lays out anyway).
  const height = await (turn = turn.then(
    () =>
      new Promise<number>((go) =>
        requestAnimationFrame(() => {
          const px = b.el.getBoundingClientRect().height;
          setTimeout(() => go(px));
        }),
      ),
  ));
  if (r?.moneyFormat) b.money = r.moneyFormat;
  if (b.mode === "cart" && !(p as CartPart | null)?.mount(b)) return hide(b);
  const skip = new Set(declined(ls));
  let content: Node[] = [];
  if (r && !r.holdout) {
    content = b.mode === "bundle" ? (p as BundlePart | null)?.view(b, raw, skip) || [] : slotsView(b, r, skip);
    // the free-shipping bar rides with offers; alone it is the cart embed's only (a "You may also
    // like" block with nothing to suggest shows nothing, not a heading over an empty box)
    if (cart && p && (content.length || b.mode === "cart")) content = [...(p as CartPart).view(b, r, cart), ...content];
  }
  // what the answer said decides whether the block reserves space on the next page view (boot.ts)
  if (r) pb()?.note(b.el.dataset, vid, r.holdout, !content.length, b.layout);
  // a block hidden before a frame showed it (known empty, holdout, an arm showing nothing) stays so:
  // showing it now could shift the page
  if (b.guess) return done(b.el);
  if (content.length) show(b, content, height);
  else hide(b);
}

function boot(): void {
  // the theme editor re-renders sections: forget blocks that left the page (the cart embed re-mounts itself)
  for (let i = blocks.length; i--;) if (!blocks[i].el.isConnected && blocks[i].mode !== "cart") blocks.splice(i, 1);
  for (const el of d.querySelectorAll<HTMLElement>("[data-pairwise-block]")) {
    if (el.dataset.pwReady) continue;
    el.dataset.pwReady = "1";
    const ds = el.dataset;
    proxy = proxyPath(ds.proxy);
    root = (ds.root || "/").replace(/\/?$/, "/");
    const live = h("div", { class: "pw-sr", "aria-live": "polite", role: "status" });
    el.append(live);
    const b: Block = {
      el,
      live,
      mode: ds.mode || "slots",
      context: ds.context === "cart" ? "cart" : "product",
      count: Math.min(Math.max(Number(ds.count) || 4, 1), 12),
      offerType: ds.offerType || "any",
      s: parseStrings(ds.strings),
      money: ds.moneyFormat || "{{amount}}",
      guess: el.hidden && ds.mode != "cart",
    };
    for (const k in ds) if (/^part[A-Z]/.test(k)) partUrls[k.slice(4).toLowerCase()] = ds[k]!;
    blocks.push(b);
    if (b.context === "product") {
      const q = productQuery(el);
      if (q) render(b, q).catch(() => hide(b));
      else hide(b);
    }
  }
  // The cart part renders cart blocks and puts the visitor id on the cart (attribution); it is
  // needed when the page has cart blocks, or until this session's cart carries the visitor id.
  const cart = () => part("cart").then((p) => p?.refresh());
  if (blocks.some((b) => b.context === "cart")) cart();
  else if (ss() !== vid) later(cart);
}

// boot.ts (or embed-boot.ts) loads this script after the document is parsed (a theme's own defer
// script runs then too); the blocks are set up in a task after this script's evaluation (two short
// tasks, not one long one)
d.addEventListener("shopify:section:load", boot);
setTimeout(boot);
