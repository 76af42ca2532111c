// The thin DOM layer: finds [data-pairwise-block] elements, asks the app proxy for offers,
// renders them into the space the Liquid block reserved, adds to the cart, tracks events.
// Everything runs inside try/catch or promise catches: the widget never throws into the page.
//
// Layout shift (CLS = 0): each block is printed by Liquid with a skeleton built from the same
// CSS as the real content (fixed-height rows: one-line heading and copy, two-line titles,
// fixed image, price, option and button rows), sized from the block's "count" and "layout"
// settings. Before rendering, the box's current height is pinned as min-height, so fewer
// items than reserved never shrink it. If nothing arrives (timeout, error, holdout, no items),
// the box collapses only when it lies entirely below the viewport (nothing visible moves);
// otherwise it stays, empty and visibility:hidden. Shopper-triggered changes (declining,
// adding) happen right after input and are excluded from CLS by the browser.
import { applyDiscount, bundleTotals } from "./bundle";
import { formatMoney } from "./money";
import { EventQueue, type NewEvent } from "./queue";
import { addPayload, offersUrl, proxyPath, type AddLine } from "./request";
import { sanitizeOffers } from "./sanitize";
import { declined, rememberDecline, visitorId, type KV } from "./storage";
import { parseStrings, t, type Strings } from "./text";
import type { OfferItem, OffersQuery, Placement, ProxyOffersResponse } from "./types";

interface Block {
  el: HTMLElement;
  mode: string; // bundle | slots | cart
  context: Placement;
  count: number;
  offerType: string; // any | cross_sell | upsell
  saving: boolean;
  threshold: number; // cents, 0 = the app's threshold, if any
  ship: boolean; // show the free-shipping bar
  s: Strings;
  money: string;
  live: HTMLElement;
  mounted?: boolean;
}

interface Cart {
  total_price: number;
  item_count: number;
  items: Array<{ variant_id: number }>;
}

const d = document;
const TIMEOUT = 2500;
const ls: KV | null = (() => {
  try {
    return localStorage;
  } catch {
    return null;
  }
})();
const uuid = (): string =>
  crypto.randomUUID
    ? crypto.randomUUID()
    : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
        (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+c / 4)))).toString(16),
      );
const vid = visitorId(ls, uuid);
let proxy = "/apps/pairwise";
let root = "/";
const blocks: Block[] = [];

const queue = new EventQueue(vid, {
  send(body) {
    const url = proxy + "/events";
    const blob = new Blob([body], { type: "text/plain" });
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob)))
      fetch(url, { method: "POST", body: blob, keepalive: true, credentials: "same-origin" }).catch(() => {});
  },
  now: Date.now,
  uuid,
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(h as number),
});

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

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), TIMEOUT);
  try {
    const res = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      ...init,
      signal: ctrl.signal,
    });
    if (!res.ok) throw new Error(String(res.status));
    return (await res.json()) as T;
  } finally {
    clearTimeout(timer);
  }
}

const cache: Record<string, Promise<ProxyOffersResponse | null>> = {};
function offers(q: OffersQuery): Promise<ProxyOffersResponse | null> {
  const url = offersUrl(proxy, q, vid);
  return (cache[url] ||= json(url).then(
    (raw) => sanitizeOffers(raw, location.href),
    () => null,
  ));
}

const money = (b: Block, cents: number) => formatMoney(cents, b.money);
const track = (e: NewEvent, once?: string) => queue.track(e, once);

/** Shows nothing without shifting anything visible (see the comment at the top). */
function hide(b: Block): void {
  b.el.removeAttribute("aria-busy");
  // below the viewport, off-canvas (a closed cart drawer) or not rendered: collapsing moves nothing visible
  if (offscreen(b.el)) b.el.hidden = true;
  else b.el.style.visibility = "hidden";
}

/** Replaces the skeleton with `content`, keeping at least the reserved height. */
function show(b: Block, content: Node[]): void {
  const body = b.el.querySelector(".pw-body") || b.el;
  if (b.el.offsetHeight) b.el.style.minHeight = b.el.offsetHeight + "px";
  body.replaceChildren(...content);
  b.el.removeAttribute("aria-busy");
  b.el.hidden = false;
  b.el.style.visibility = "";
}

const observer =
  "IntersectionObserver" in window
    ? new IntersectionObserver(
        (entries) => {
          for (const e of entries)
            if (e.isIntersecting) {
              (e.target as HTMLElement & { pwSeen?: () => void }).pwSeen?.();
              observer!.unobserve(e.target);
            }
        },
        { threshold: 0.5 },
      )
    : null;

/** Counts an impression the first time at least half of `el` is visible on this page view. */
function watch(el: HTMLElement, e: NewEvent, key: string): void {
  (el as HTMLElement & { pwSeen?: () => void }).pwSeen = () => track(e, key);
  observer?.observe(el);
}

function themeCart(): (Element & { getSectionsToRender?: () => Array<{ id: string }>; renderContents?: (s: unknown) => void }) | null {
  return d.querySelector("cart-notification,cart-drawer");
}

const ss = (v?: string): string | null => {
  try {
    if (v) sessionStorage.setItem("pairwise:attr", v);
    return sessionStorage.getItem("pairwise:attr");
  } catch {
    return v || null;
  }
};
let marking: Promise<unknown> | null = null;
/**
 * Puts the visitor id on the cart once per session, for every visitor with a non-empty cart
 * (holdout visitors too), so the order is matched to the visitor's exposure or control group.
 * The `pw=1` marker keeps this request from counting as a cart change below.
 */
function markCart(): void {
  if (ss() === vid || marking) return;
  marking = json(root + "cart/update.js?pw=1", { method: "POST", body: JSON.stringify({ attributes: { _pairwise_visitor: vid } }) }).then(
    () => ss(vid),
    () => (marking = null),
  );
}

/** Adds the lines, tells the theme and the other blocks; resolves to success. */
async function addToCart(b: Block, lines: AddLine[], title: string): Promise<boolean> {
  const theme = themeCart();
  let sections: string[] = [];
  try {
    sections = theme?.getSectionsToRender?.().map((s) => s.id) || [];
  } catch {
    /* theme without section rendering */
  }
  try {
    const res = await json<{ items?: unknown[]; sections?: unknown }>(root + "cart/add.js", {
      method: "POST",
      body: JSON.stringify(addPayload(lines, sections, location.pathname)),
    });
    say(b, t(b.s, "added_announce", { title }));
    markCart();
    try {
      if (theme?.renderContents && res.sections) theme.renderContents({ ...(res.items?.[0] as object), sections: res.sections });
      (d.querySelector("cart-items") as (Element & { onCartUpdate?: () => void }) | null)?.onCartUpdate?.();
    } catch {
      /* best effort: the theme's cart UI refreshes on its next render */
    }
    d.dispatchEvent(new CustomEvent("pairwise:cart-updated", { detail: res }));
    return true;
  } catch {
    say(b, t(b.s, "error"));
    return false;
  }
}

function say(b: Block, msg: string): void {
  b.live.textContent = "";
  setTimeout(() => (b.live.textContent = msg), 50);
}

function priceRow(b: Block, now: number, was: number | null): HTMLElement {
  return h(
    "p",
    { class: "pw-price" },
    h("span", null, money(b, now)),
    was !== null && was > now && h("s", null, h("span", { class: "pw-sr" }, t(b.s, "regular_price") + " "), money(b, was)),
  );
}

function image(it: OfferItem): HTMLElement {
  return it.imageUrl
    ? h("img", { class: "pw-img", src: it.imageUrl, alt: it.title, loading: "lazy", width: 160, height: 160 })
    : h("span", { class: "pw-img" });
}

/** One offered product with price, option picker, add button and "not interested". */
function itemRow(b: Block, it: OfferItem, slot: { slotId: string; offerId: string | null; discount: ProxyOffersResponse["slots"][0]["discount"] }, list: HTMLElement): HTMLElement {
  const base: NewEvent = { type: "impression", offerId: slot.offerId, productId: it.productId, placement: b.context, token: it.token };
  let variantId = it.variantId;
  const wasOf = (p: number) => (it.compareAtPrice && it.compareAtPrice > p ? it.compareAtPrice : p);
  let price = priceRow(b, it.discountedPrice, wasOf(it.price));
  const add = h("button", { type: "button", class: "pw-btn" }, t(b.s, "add_to_cart"));
  const variants = it.variants.length > 1 ? it.variants : [];
  const id = `pw-${slot.slotId}-${it.productId}`.replace(/[^\w-]/g, "");
  const select = variants.length
    ? h("select", { class: "pw-sel", id: id + "-v" }, ...variants.map((v) => h("option", { value: v.id, disabled: !v.available, selected: v.id === it.variantId }, v.title)))
    : null;
  if (select)
    select.onchange = () => {
      const v = variants.find((x) => x.id === select.value)!;
      variantId = v.id;
      const fresh = priceRow(b, applyDiscount(v.price, slot.discount), wasOf(v.price));
      price.replaceWith(fresh);
      price = fresh;
    };
  const link = h("a", { class: "pw-title", href: it.url || "#" }, it.title);
  link.onclick = () => track({ ...base, type: "click" });
  const li = h(
    "li",
    { class: "pw-item" },
    image(it),
    h(
      "div",
      { class: "pw-info" },
      link,
      price,
      h("div", { class: "pw-opt" }, select && h("label", { class: "pw-sr", for: id + "-v" }, t(b.s, "option", { title: it.title })), select),
      add,
    ),
  );
  const x = h("button", { type: "button", class: "pw-x", "aria-label": t(b.s, "decline", { title: it.title }) }, "×");
  x.onclick = () => {
    track({ ...base, type: "decline" });
    rememberDecline(ls, it.productId);
    // keep keyboard focus in the list: move it to the neighbouring offer before removing this one
    (li.nextElementSibling || li.previousElementSibling)?.querySelector<HTMLElement>(".pw-title")?.focus();
    li.remove();
    if (!list.children.length) hide(b);
  };
  li.append(x);
  add.onclick = async () => {
    add.disabled = true;
    add.textContent = t(b.s, "adding");
    const ok = await addToCart(b, [{ variantId, offerId: slot.offerId, token: it.token }], it.title);
    if (ok) track({ ...base, type: "add" });
    add.textContent = t(b.s, ok ? "added" : "add_to_cart");
    add.disabled = ok;
  };
  watch(li, base, `${b.context}:${slot.slotId}:${it.productId}`);
  return li;
}

function slotsView(b: Block, r: ProxyOffersResponse, skip: Set<string>): Node[] {
  const slot = r.slots.find((s) => b.offerType === "any" || s.type === b.offerType);
  const items = (slot?.items || []).filter((i) => i.available && !skip.has(i.productId)).slice(0, b.count);
  if (!slot || !items.length) return [];
  const list = h("ul", { class: "pw-list", role: "list" });
  list.append(...items.map((it) => itemRow(b, it, slot, list)));
  // a merchant's offer brings its own headline; automatic suggestions keep the block's heading
  if (slot.headline && slot.offerId) b.el.querySelector(".pw-h")?.replaceChildren(slot.headline);
  return [h("p", { class: "pw-copy" }, slot.body), list];
}

function bundleView(b: Block, r: ProxyOffersResponse, skip: Set<string>): Node[] {
  const bun = r.bundle;
  const items = bun ? bun.items.filter((i) => i.available && !skip.has(i.productId)).slice(0, b.count) : [];
  if (!bun || !items.length) return [];
  const all = [bun.anchor, ...items];
  const boxes: HTMLInputElement[] = [];
  const total = h("p", { class: "pw-total", "aria-live": "polite" });
  const add = h("button", { type: "button", class: "pw-btn" }, t(b.s, "add_selected"));
  const update = () => {
    const tt = bundleTotals(all.map((it, i) => ({ price: it.price, selected: boxes[i].checked })), bun.discount);
    total.replaceChildren(
      t(b.s, "total", { amount: money(b, tt.total) }),
      b.saving && tt.saving > 0 ? h("span", { class: "pw-save" }, " " + t(b.s, "saving", { amount: money(b, tt.saving) })) : "",
    );
    add.disabled = !tt.count;
  };
  const rows = all.map((it, i) => {
    const id = `pw-b${blocks.indexOf(b)}-${it.productId}`;
    const box = h("input", { type: "checkbox", id, class: "pw-chk", checked: true });
    box.onchange = update;
    boxes.push(box);
    const li = h(
      "li",
      { class: "pw-item" },
      box,
      image(it),
      h("div", { class: "pw-info" }, h("label", { for: id, class: "pw-title" }, i ? it.title : t(b.s, "this_item", { title: it.title })), priceRow(b, it.price, it.compareAtPrice)),
    );
    if (i) watch(li, { type: "impression", offerId: bun.offerId, productId: it.productId, placement: b.context, token: it.token }, `bundle:${it.productId}`);
    return li;
  });
  add.onclick = async () => {
    const chosen = all.filter((_, i) => boxes[i].checked);
    // the variant chosen in the theme's product form, if any, for the viewed product
    const field = d.querySelector<HTMLInputElement>('form[action*="/cart/add"] [name="id"]');
    const anchorVariant = field && /^\d+$/.test(field.value) ? field.value : bun.anchor.variantId;
    add.disabled = true;
    add.textContent = t(b.s, "adding");
    const lines = chosen.map((it) => (it === bun.anchor ? { variantId: anchorVariant } : { variantId: it.variantId, offerId: bun.offerId, token: it.token }));
    const ok = await addToCart(b, lines, chosen.map((c) => c.title).join(", "));
    if (ok) for (const it of chosen) if (it !== bun.anchor) track({ type: "add", offerId: bun.offerId, productId: it.productId, placement: b.context, token: it.token });
    add.textContent = t(b.s, ok ? "added" : "add_selected");
    add.disabled = false;
  };
  update();
  return [h("ul", { class: "pw-list", role: "list" }, ...rows), total, add];
}

function shippingView(b: Block, r: ProxyOffersResponse, cart: Cart): Node[] {
  // the merchant's threshold in the embed settings wins; 0 uses the app's own
  const fs = b.threshold > 0 ? { threshold: b.threshold, remaining: Math.max(0, b.threshold - cart.total_price) } : r.freeShipping;
  if (!fs || !b.ship) return [];
  const pct = Math.round(((fs.threshold - fs.remaining) / fs.threshold) * 100);
  return [
    h(
      "div",
      { class: "pw-ship" },
      h("p", null, fs.remaining > 0 ? t(b.s, "shipping_remaining", { amount: money(b, fs.remaining) }) : t(b.s, "shipping_reached")),
      h("div", { class: "pw-bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": pct, "aria-label": t(b.s, "shipping_label") }, h("span", { style: `width:${pct}%` })),
    ),
  ];
}

/** True when `el` is not on screen: below the fold, off-canvas (a closed drawer) or not rendered. */
function offscreen(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= innerHeight || r.left >= innerWidth || r.right <= 0 || (!r.width && !r.height);
}

/**
 * Puts the cart embed's box before the first element matching its "Show offers before"
 * selectors. The first time, only where inserting moves nothing on screen (a closed cart drawer,
 * or below the fold); a visible target is skipped, because inserting there is a layout shift.
 * Once placed, the box is put back in the same task whenever the theme re-renders its cart
 * (see the MutationObserver below), so no frame is ever painted without it.
 */
function mount(b: Block): boolean {
  if (b.mode !== "cart" || !b.el.dataset.mount || (b.el.isConnected && b.mounted)) return true;
  for (const sel of b.el.dataset.mount.split(",")) {
    try {
      const target = sel.trim() && d.querySelector(sel);
      if (target) {
        if (!b.mounted && !offscreen(target)) return false;
        target.before(b.el);
        b.el.hidden = false;
        return (b.mounted = true);
      }
    } catch {
      /* invalid selector from the settings */
    }
  }
  return false;
}

let remounter: MutationObserver | null = null;
function keepMounted(): void {
  remounter ||= new MutationObserver(() => {
    for (const b of blocks) if (b.mounted && !b.el.isConnected) mount(b);
  });
  remounter.observe(d.body, { childList: true, subtree: true });
}

async function render(b: Block, q: OffersQuery, cart?: Cart): Promise<void> {
  const r = await offers(q);
  if (r?.moneyFormat) b.money = r.moneyFormat;
  const skip = new Set(declined(ls));
  let content: Node[] = [];
  if (r && !r.holdout) {
    if (b.mode === "bundle") content = bundleView(b, r, skip);
    else content = slotsView(b, r, skip);
    // the free-shipping bar rides with offers; alone it is the cart embed's only (a "You may also
    // like" block with nothing to suggest shows nothing, not a heading over an empty box)
    if (cart && (content.length || b.mode === "cart")) content = [...shippingView(b, r, cart), ...content];
  }
  if (content.length) show(b, content);
  else hide(b);
}

async function refreshCart(): Promise<void> {
  const cartBlocks = blocks.filter((b) => b.context === "cart");
  if (!cartBlocks.length && ss() === vid) return;
  const cart = await json<Cart>(root + "cart.js").catch(() => null);
  if (cart && cart.item_count > 0) markCart();
  const ids = cart ? [...new Set(cart.items.map((i) => String(i.variant_id)))] : [];
  for (const b of cartBlocks) {
    if (!cart || !ids.length || !mount(b)) hide(b);
    else {
      if (b.mounted) keepMounted();
      render(b, { context: "cart", variantIds: ids, subtotal: cart.total_price }, cart).catch(() => hide(b));
    }
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;
function cartChanged(): void {
  clearTimeout(pending);
  pending = setTimeout(() => {
    for (const k in cache) if (k.includes("context=cart")) delete cache[k];
    refreshCart().catch(() => {});
  }, 300);
}

/** Companions the page's "Frequently bought together" block shows: the other blocks leave them out (a product once per page). */
function bundleOnPage(): number {
  const el = d.querySelector<HTMLElement>('[data-pairwise-block][data-mode="bundle"]');
  return el ? Math.min(Math.max(Number(el.dataset.count) || 2, 1), 3) : 0;
}

function boot(): void {
  // the theme editor re-renders sections: forget blocks that left the page (the cart embed re-mounts itself)
  for (let i = blocks.length; i--; ) if (!blocks[i].el.isConnected && blocks[i].mode !== "cart") blocks.splice(i, 1);
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
      saving: ds.showSaving !== "false",
      threshold: Math.max(0, Math.round(Number(ds.threshold) || 0)),
      ship: ds.freeShipping !== "false",
      s: parseStrings(ds.strings),
      money: ds.moneyFormat || "{{amount}}",
    };
    blocks.push(b);
    if (b.context === "product") {
      if (/^\d+$/.test(ds.productId || "")) render(b, { context: "product", productId: ds.productId!, bundle: bundleOnPage() }).catch(() => hide(b));
      else hide(b);
    }
  }
  refreshCart().catch(() => {});
}

try {
  for (const ev of ["pairwise:cart-updated", "cart:updated", "cart:refresh", "cart:change", "theme:cart:change", "ajaxProduct:added"])
    d.addEventListener(ev, cartChanged);
  // Themes update the cart with their own fetch calls and rarely announce it: watch the
  // resource timeline for cart mutations instead of patching window.fetch.
  new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => /\/cart\/(add|change|update|clear)(\.js)?(\?(?!pw=1)|$)/.test(e.name))) cartChanged();
  }).observe({ type: "resource" });
} catch {
  /* old browser: theme events still work */
}
d.addEventListener("shopify:section:load", boot);
addEventListener("pagehide", () => queue.flush());
d.addEventListener("visibilitychange", () => d.visibilityState === "hidden" && queue.flush());
if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", boot);
else boot();
