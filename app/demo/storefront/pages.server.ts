// HTML of the preview storefront, shaped like Shopify's Dawn theme (header, product page with
// gallery, variant pills, quantity and "Add to cart"; cart page with line items and footer), with
// the theme app extension's blocks rendered from their real Liquid files (see blocks.server.ts).
import type { Locale } from "../../i18n/i18n";
import { formatMoney } from "../../lib/money";
import type { EmptyBlocks, StorefrontFacts } from "../../lib/storefront-contract";
import { DEPARTMENTS, type Department } from "../catalog";
import { blockAssetTags, renderBlock, type BlockName } from "./blocks.server";
import type { HostConfig } from "../checkout-host/host";
import type { CartJson } from "./cart.server";
import type { CheckoutTotals } from "./checkout.server";
import type { CheckoutCartJson, CheckoutLineView } from "./checkout-totals.server";
import { departmentTitle, type StoreCatalog, type StoreProduct } from "./catalog.server";
import { themeText, type ThemeText } from "./theme-text";
import { escapeHtml } from "./html";

export interface DemoCustomerChoice {
  id: string;
  label: string;
  owns: string[];
  /** handle of a product whose offers include the first owned product for everyone else */
  anchor: string;
}

export interface PageChrome {
  catalog: StoreCatalog;
  cartCount: number;
  customers: DemoCustomerChoice[];
  customerId: string | null;
  path: string;
  /** false: the page as a shop without the app shows it (no blocks, no embed, no assets) */
  pairwise: boolean;
  /** the storefront's language (locale.server.ts) */
  locale: Locale;
  /** the shop's myshopify domain (Liquid's shop.permanent_domain) */
  shopDomain?: string;
  /** what the app wrote into its app-data metafields (storefront-facts.server.ts) */
  facts?: { facts: StorefrontFacts; empty: EmptyBlocks } | null;
}

const esc = escapeHtml;

/** A price in the shop's money format, escaped for the page. */
const money = (cents: number, format: string): string => escapeHtml(formatMoney(cents, format));

const NAV_LABELS: Record<Department, string> = {
  camping: "Camping",
  photography: "Photography",
  coffee: "Coffee",
  running: "Running",
  "home-office": "Home Office",
  kitchen: "Kitchen",
  essentials: "Essentials",
};

const CSS = `
:root{--text:18,18,18;--bg:255,255,255;--page:120rem}
*,*::before,*::after{box-sizing:border-box}
html{font-size:62.5%}
/* a page is taller than the window from its first paint, as a theme's pages are: the scrollbar
   that appears when a short page grows would move the centred header sideways */
#MainContent{min-height:100vh}
body{margin:0;font-family:"Assistant",-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;font-size:1.6rem;line-height:1.8;letter-spacing:.06rem;color:rgba(var(--text),.75);background:rgb(var(--bg))}
h1,h2,h3{color:rgb(var(--text));font-weight:400;letter-spacing:.06rem;line-height:1.3}
a{color:rgb(var(--text))}
img{max-width:100%;height:auto;display:block}
.page-width{max-width:var(--page);margin:0 auto;padding:0 1.5rem}
@media (min-width:750px){.page-width{padding:0 5rem}}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.announcement-bar{border-bottom:1px solid rgba(var(--text),.08);font-size:1.3rem;letter-spacing:.1rem;text-align:center;padding:.6rem 1.5rem;color:rgb(var(--text));display:flex;gap:1.2rem;justify-content:center;align-items:center;flex-wrap:wrap;min-height:4.6rem}
.preview-switch{display:flex;gap:.6rem;align-items:center;font-size:1.2rem}
.preview-switch select{font:inherit;font-size:1.2rem;padding:.2rem .4rem;border:1px solid rgba(var(--text),.3);background:#fff;max-width:22rem;height:2.8rem}
.preview-tag{display:inline-block;background:rgb(var(--text));color:#fff;padding:0 .8rem;border-radius:4rem;font-size:1.1rem;letter-spacing:.12rem;text-transform:uppercase;line-height:2.2rem}
.header-wrapper{border-bottom:1px solid rgba(var(--text),.08)}
.header{display:grid;grid-template-columns:1fr auto;align-items:center;gap:1rem;min-height:7.4rem}
@media (min-width:990px){.header{grid-template-columns:auto 1fr auto;gap:4rem;min-height:9.2rem}}
.header nav{display:none}
@media (min-width:990px){.header nav{display:block}}
.header__heading-link{text-decoration:none;font-size:1.9rem;color:rgb(var(--text));letter-spacing:.04rem}
@media (min-width:990px){.header__heading-link{white-space:nowrap}}
.header__inline-menu{display:none}
@media (min-width:990px){.header__inline-menu{display:flex;flex-wrap:wrap;gap:.2rem 2.4rem;list-style:none;margin:0;padding:0;font-size:1.5rem;white-space:nowrap}}
.header__inline-menu a{text-decoration:none;color:rgba(var(--text),.75)}
.header__inline-menu a:hover,.header__inline-menu a[aria-current]{text-decoration:underline;text-underline-offset:.3rem;color:rgb(var(--text))}
.header__icons{display:flex;gap:.4rem;align-items:center}
.header__icon{position:relative;display:flex;align-items:center;justify-content:center;width:4.4rem;height:4.4rem;color:rgb(var(--text))}
.header__icon svg{width:2.2rem;height:2.2rem}
.header__icon--cart svg{width:4.4rem;height:4.4rem}
.cart-count-bubble{position:absolute;bottom:.6rem;right:.4rem;background:rgb(var(--text));color:#fff;border-radius:100%;width:1.7rem;height:1.7rem;font-size:.9rem;line-height:1.7rem;text-align:center;letter-spacing:0}
.cart-count-bubble[data-empty]{visibility:hidden}
main{min-height:60vh}
.button{display:inline-flex;align-items:center;justify-content:center;min-height:4.6rem;padding:0 3rem;font:inherit;font-size:1.5rem;letter-spacing:.1rem;border:0;cursor:pointer;background:rgb(var(--text));color:rgb(var(--bg));text-decoration:none;width:100%}
.button:hover{box-shadow:0 0 0 .2rem rgb(var(--text))}
.button--secondary{background:rgb(var(--bg));color:rgb(var(--text));box-shadow:inset 0 0 0 1px rgb(var(--text))}
.button:disabled{opacity:.5;cursor:not-allowed}
.collection-hero{padding:4rem 0 2rem}
.collection-hero h1{font-size:3.2rem;margin:0}
.collection-hero p{margin:.4rem 0 0}
.collection{margin:0 0 5rem}
.collection__heading{display:flex;justify-content:space-between;align-items:baseline;gap:1rem}
.collection__heading h2{font-size:2.4rem;margin:0 0 1.6rem}
.grid{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1.6rem .8rem}
@media (min-width:750px){.grid{grid-template-columns:repeat(4,minmax(0,1fr));gap:3.2rem .8rem}}
.card{position:relative;text-decoration:none;display:block}
.card__media{aspect-ratio:1;background:rgba(var(--text),.04);overflow:hidden}
.card__media img{width:100%;height:100%;object-fit:cover;transition:transform .4s}
.card:hover .card__media img{transform:scale(1.03)}
.card__heading{font-size:1.5rem;margin:1rem 0 .2rem;line-height:1.4}
.card:hover .card__heading{text-decoration:underline;text-underline-offset:.3rem}
.card .price{font-size:1.4rem}
.badge{display:inline-block;border-radius:4rem;padding:0 1.2rem;font-size:1.2rem;letter-spacing:.1rem;background:rgb(var(--text));color:#fff;line-height:2.2rem}
.card .badge{position:absolute;left:1rem;top:1rem}
.price{color:rgb(var(--text));letter-spacing:.1rem}
.price s{color:rgba(var(--text),.6);margin-left:.8rem;font-size:.9em}
.product{display:grid;gap:3rem;padding-top:2rem;padding-bottom:4rem}
@media (min-width:750px){.product{grid-template-columns:minmax(0,1.3fr) minmax(0,1fr);gap:6rem;padding-top:4.8rem}}
@media (max-width:749px){.product__media-wrapper{margin:0 -1.5rem}.product__media-wrapper .thumbnail-list{padding:0 1.5rem}}
.product__media{aspect-ratio:1;background:rgba(var(--text),.04)}
.product__media img{width:100%;height:100%;object-fit:cover}
.thumbnail-list{display:grid;grid-template-columns:repeat(4,1fr);gap:1rem;list-style:none;padding:0;margin:1rem 0 0}
.thumbnail{aspect-ratio:1;border:1px solid rgba(var(--text),.1);overflow:hidden}
.thumbnail[aria-current]{border-color:rgb(var(--text))}
.thumbnail img{width:100%;height:100%;object-fit:cover}
.thumbnail:nth-child(2) img{transform:scale(1.6) translate(8%,6%)}
.thumbnail:nth-child(3) img{transform:scale(1.3) translate(-10%,-8%)}
.thumbnail:nth-child(4) img{filter:grayscale(.6)}
.product__info-container>*+*{margin-top:1.5rem}
.product__text.caption{font-size:1.2rem;letter-spacing:.2rem;text-transform:uppercase;margin:0}
.product__title h1{font-size:3.2rem;margin:0}
@media (min-width:750px){.product__title h1{font-size:4rem}}
.product .price{font-size:1.8rem;letter-spacing:.13rem}
.product__tax{font-size:1.3rem;margin:.2rem 0 0}
.product-form__input{border:0;padding:0;margin:0 0 1.2rem}
.product-form__input legend,.form__label{font-size:1.4rem;margin-bottom:.6rem;padding:0;color:rgba(var(--text),.75)}
.pills{display:flex;flex-wrap:wrap;gap:.8rem}
.pills input{position:absolute;opacity:0;width:1px;height:1px}
.pills label{border:1px solid rgba(var(--text),.55);border-radius:4rem;padding:.9rem 2rem;font-size:1.4rem;letter-spacing:.1rem;line-height:1;cursor:pointer;color:rgb(var(--text))}
.pills input:checked+label{background:rgb(var(--text));color:#fff}
.pills input:disabled+label{opacity:.45;text-decoration:line-through}
.pills input:focus-visible+label{outline:2px solid rgb(var(--text));outline-offset:2px}
.quantity{display:inline-grid;grid-template-columns:4.5rem minmax(0,1fr) 4.5rem;border:1px solid rgba(var(--text),.55);width:14rem;height:4.5rem}
.quantity button{width:4.5rem;border:0;background:transparent;font-size:1.8rem;cursor:pointer;color:rgb(var(--text))}
.quantity input{width:100%;border:0;text-align:center;font:inherit;color:rgb(var(--text));-moz-appearance:textfield}
.quantity input::-webkit-inner-spin-button{-webkit-appearance:none}
.product-form__buttons{max-width:44rem}
.product-form__error{min-height:2.6rem;margin:.6rem 0 0;font-size:1.3rem;color:#a2251e}
.product__description{font-size:1.5rem}
.product .pw{max-width:44rem;color:rgb(var(--text));padding:2rem 0 0;border-top:1px solid rgba(var(--text),.08)}
.apps-section{padding-top:2rem;padding-bottom:5rem}
.apps-section .pw{color:rgb(var(--text))}
.apps-section .pw-h{font-size:2.4rem}
.drawer{position:fixed;inset:0;z-index:20;visibility:hidden;transition:visibility .3s}
.drawer.active{visibility:visible}
.drawer__overlay{position:absolute;inset:0;background:rgba(var(--text),.5);opacity:0;transition:opacity .3s}
.drawer.active .drawer__overlay{opacity:1}
.drawer__inner{position:absolute;top:0;right:0;height:100%;width:40rem;max-width:calc(100vw - 2rem);background:rgb(var(--bg));display:flex;flex-direction:column;transform:translateX(100%);transition:transform .3s;color:rgb(var(--text))}
.drawer.active .drawer__inner{transform:none}
.drawer__header{display:flex;justify-content:space-between;align-items:center;padding:1.5rem 2rem}
.drawer__heading{font-size:2rem;margin:0}
.drawer__close{border:0;background:transparent;font-size:2.4rem;cursor:pointer;color:rgb(var(--text));width:4.4rem;height:4.4rem}
.drawer__contents{flex:1 1 auto;overflow:auto;padding:0 2rem;min-height:8rem}
.drawer__items{list-style:none;margin:0;padding:0}
.drawer__item{display:grid;grid-template-columns:7rem 1fr auto;gap:1.2rem;padding:1.2rem 0;border-bottom:1px solid rgba(var(--text),.08);font-size:1.4rem;line-height:1.4}
.drawer__item img{width:7rem;height:7rem;object-fit:cover}
.drawer__item small{display:block;color:rgba(var(--text),.7)}
.drawer__empty{padding:3rem 0;text-align:center}
.drawer__inner>.pw{flex:0 0 auto;margin:0;padding:1.2rem 2rem 0;border-top:1px solid rgba(var(--text),.08);font-size:1.4rem;max-height:45vh;overflow:auto}
.drawer__footer{flex:0 0 auto;padding:1.5rem 2rem 2rem;border-top:1px solid rgba(var(--text),.08)}
.drawer__footer .tax-note{text-align:left;margin:.4rem 0 1.2rem}
.drawer__footer .totals{justify-content:space-between}
.drawer__footer a{display:block;text-align:center;margin-top:1rem;font-size:1.4rem}
.title-wrapper-with-link{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin:4rem 0 3rem}
.title-wrapper-with-link h1{font-size:3.2rem;margin:0}
.cart-items{width:100%;border-collapse:collapse;table-layout:fixed}
.cart-items th{font-size:1.2rem;letter-spacing:.1rem;text-transform:uppercase;font-weight:400;text-align:left;padding-bottom:1.6rem;border-bottom:1px solid rgba(var(--text),.08);color:rgba(var(--text),.75)}
.cart-items th:last-child,.cart-item__totals{text-align:right}
.cart-items td{padding-top:3rem;vertical-align:top}
.cart-item__media{width:10rem}
.cart-item__media img{width:10rem;height:10rem;object-fit:cover;background:rgba(var(--text),.04)}
.cart-item__details{padding-left:2rem}
.cart-item__name{font-size:1.6rem;text-decoration:none;color:rgb(var(--text))}
.cart-item__name:hover{text-decoration:underline}
.cart-item__details dl{margin:.4rem 0 0;font-size:1.3rem}
.cart-item__details dd{margin:0}
.cart-item__quantity form{display:inline-flex}
.cart-item__quantity{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
.cart-remove{border:0;background:transparent;cursor:pointer;color:rgb(var(--text));padding:.8rem;font-size:1.3rem;text-decoration:underline}
.offer-tag{display:inline-block;font-size:1.1rem;letter-spacing:.08rem;padding:0 .8rem;border-radius:4rem;background:#e7efe6;color:#2f5d50;margin-top:.4rem}
.bundle-components{font-size:1.2rem;color:#555;margin-top:.2rem}.bundle-image{vertical-align:middle;border-radius:4px}
@media (max-width:749px){.cart-items,.cart-items tbody{display:block}.cart-items thead,.cart-items colgroup{display:none}.cart-items tr{display:grid;grid-template-columns:10rem 1fr;gap:0 1.6rem;padding:2rem 0;border-bottom:1px solid rgba(var(--text),.08)}.cart-items td{padding:0}.cart-item__details{padding-left:0}.cart-item__quantity,.cart-item__totals{grid-column:2;text-align:left;margin-top:1rem}}
.cart__footer{display:flex;justify-content:flex-end;padding:4rem 0;border-top:1px solid rgba(var(--text),.08);margin-top:3rem}
@media (max-width:749px){.cart__footer{border-top:0;margin-top:0}}
.cart__blocks{width:100%;max-width:38rem}
.totals{display:flex;justify-content:flex-end;align-items:baseline;gap:2rem;margin:0}
.totals__total{font-size:1.6rem;color:rgb(var(--text));margin:0}
.totals__total-value{font-size:1.8rem;color:rgb(var(--text));letter-spacing:.1rem;margin:0}
.tax-note{font-size:1.3rem;text-align:right;margin:.8rem 0 2rem}
.cart__empty{text-align:center;padding:6rem 0}
.thanks{max-width:60rem;margin:0 auto;padding:6rem 0;text-align:center}
.thanks h1{font-size:3.2rem}
.thanks .order-name{font-size:2rem;color:rgb(var(--text))}
.thanks table{margin:2rem auto;border-collapse:collapse;text-align:left;font-size:1.4rem}
.thanks td{padding:.4rem 1rem}
.footer{border-top:1px solid rgba(var(--text),.08);padding:4rem 0;font-size:1.3rem;margin-top:4rem}
.footer__content{display:flex;justify-content:space-between;gap:2rem;flex-wrap:wrap}
.footer ul{list-style:none;padding:0;margin:0;display:flex;gap:2rem;flex-wrap:wrap}
.owned{font-size:1.2rem;color:rgba(var(--text),.7)}
`;

const ICON_ACCOUNT = `<svg viewBox="0 0 18 19" fill="none" aria-hidden="true"><path fill-rule="evenodd" clip-rule="evenodd" d="M6 4.5a3 3 0 116 0 3 3 0 01-6 0zm3-4a4 4 0 100 8 4 4 0 000-8zm5.58 12.15c1.12.82 1.83 2.24 1.91 4.85H1.51c.08-2.6.79-4.03 1.9-4.85C4.66 11.75 6.5 11.5 9 11.5s4.35.26 5.58 1.15zM9 10.5c-2.5 0-4.65.24-6.17 1.35C1.27 12.98.5 14.93.5 18v.5h17V18c0-3.07-.77-5.02-2.33-6.15-1.52-1.1-3.67-1.35-6.17-1.35z" fill="currentColor"/></svg>`;
const ICON_CART = `<svg viewBox="0 0 40 40" fill="none" aria-hidden="true"><path fill-rule="evenodd" clip-rule="evenodd" d="M15.75 11.8h-3.16l-.77 11.6a5 5 0 004.99 5.34h7.38a5 5 0 004.99-5.33L28.4 11.8h-3.17v-.09a4.74 4.74 0 00-9.48 0v.09zm1.5 0h6.48v-.09a3.24 3.24 0 00-6.48 0v.09zm-1.5 1.5v2.22a.75.75 0 101.5 0V13.3h6.48v2.22a.75.75 0 001.5 0V13.3h1.8l.68 10.2a3.5 3.5 0 01-3.5 3.74h-7.38a3.5 3.5 0 01-3.49-3.74l.68-10.2h1.73z" fill="currentColor"/></svg>`;
const ICON_SEARCH = `<svg viewBox="0 0 18 19" fill="none" aria-hidden="true"><path fill-rule="evenodd" clip-rule="evenodd" d="M11.03 11.68A5.78 5.78 0 112.7 3.56a5.78 5.78 0 018.33 8.12zm.7.72a6.78 6.78 0 11.71-.71l4.47 4.47-.71.71-4.47-4.47z" fill="currentColor"/></svg>`;

function image(src: string | null, alt: string, size: number, eager = false): string {
  return src
    ? `<img src="${esc(src)}" alt="${esc(alt)}" width="${size}" height="${size}"${eager ? "" : ' loading="lazy"'}>`
    : `<span style="display:block;width:100%;aspect-ratio:1"></span>`;
}

function priceHtml(p: StoreProduct, format: string, t: ThemeText): string {
  const prices = p.variants.map((v) => v.price);
  const min = Math.min(...prices);
  const v = p.variants.find((x) => x.price === min)!;
  const from = prices.some((x) => x !== min) ? `${t("From")} ` : "";
  const was =
    v.compareAtPrice && v.compareAtPrice > v.price
      ? `<s><span class="visually-hidden">${t("Regular price")}</span>${money(v.compareAtPrice, format)}</s>`
      : "";
  return `<div class="price">${from}<span>${money(min, format)}</span>${was}</div>`;
}

function card(p: StoreProduct, format: string, t: ThemeText): string {
  const onSale = p.variants.some((v) => v.compareAtPrice && v.compareAtPrice > v.price);
  const soldOut = !p.variants.some((v) => v.available);
  const badge = soldOut
    ? `<span class="badge">${t("Sold out")}</span>`
    : onSale
      ? `<span class="badge">${t("Sale")}</span>`
      : "";
  return `<li><a class="card" href="/storefront/products/${esc(p.handle)}"><div class="card__media">${image(p.imageUrl, p.title, 533)}</div>${badge}
<h3 class="card__heading">${esc(p.title)}</h3>${priceHtml(p, format, t)}</a></li>`;
}

/** Dawn's cart drawer (cart type "drawer"): closed off-canvas, rendered from /cart.js. */
const drawer = (t: ThemeText) => `<cart-drawer class="drawer" id="CartDrawer">
  <div class="drawer__overlay" data-close></div>
  <div class="drawer__inner" role="dialog" aria-modal="true" aria-labelledby="CartDrawer-heading" tabindex="-1">
    <div class="drawer__header"><h2 class="drawer__heading" id="CartDrawer-heading">${t("Your cart")}</h2><button class="drawer__close" type="button" data-close aria-label="${t("Close")}">×</button></div>
    <div class="drawer__contents"><ul class="drawer__items" role="list"></ul><p class="drawer__empty" hidden>${t("Your cart is empty")}</p></div>
    <div class="drawer__footer">
      <div class="totals"><h3 class="totals__total">${t("Estimated total")}</h3><p class="totals__total-value" id="CartDrawer-total"></p></div>
      <p class="tax-note">${t("Taxes included. Discounts and shipping calculated at checkout.")}</p>
      <a class="button" href="/storefront/checkout" id="CartDrawer-checkout">${t("Check out")}</a>
      <a href="/storefront/cart">${t("View cart")}</a>
    </div>
  </div>
</cart-drawer>`;

const drawerScript = (t: ThemeText) => `<script>
(() => {
  const drawer = document.getElementById("CartDrawer");
  const fmt = (c) => "$" + (c / 100).toFixed(2).replace(/\\B(?=(\\d{3})+(?!\\d))/g, ",");
  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };
  async function render() {
    const cart = await (await fetch("/cart.js")).json();
    const list = drawer.querySelector(".drawer__items");
    list.replaceChildren(...cart.items.map((i) => {
      const li = el("li", "drawer__item");
      const img = el("img"); img.src = i.image || ""; img.alt = ""; img.width = 70; img.height = 70;
      const info = el("div");
      const a = el("a", null, i.product_title); a.href = "/storefront/products/" + i.handle;
      info.append(a, el("small", null, [i.variant_title, ${JSON.stringify(t("Qty {{count}}", { count: "{{count}}" }))}.replace("{{count}}", i.quantity)].filter(Boolean).join(" · ")));
      if (i.properties && i.properties._pairwise) info.append(el("span", "offer-tag", ${JSON.stringify(t("Added from a Pairwise offer"))}));
      li.append(img, info, el("span", null, fmt(i.line_price)));
      return li;
    }));
    drawer.querySelector(".drawer__empty").hidden = cart.items.length > 0;
    document.getElementById("CartDrawer-total").textContent = fmt(cart.total_price) + " " + cart.currency;
    const bubble = document.querySelector(".cart-count-bubble");
    bubble.querySelector("span").textContent = cart.item_count;
    bubble.toggleAttribute("data-empty", !cart.item_count);
    return cart;
  }
  const open = () => { drawer.classList.add("active"); drawer.querySelector(".drawer__inner").focus(); };
  const close = () => drawer.classList.remove("active");
  drawer.querySelectorAll("[data-close]").forEach((b) => b.addEventListener("click", close));
  document.addEventListener("keyup", (e) => e.key === "Escape" && close());
  document.getElementById("cart-icon-bubble").addEventListener("click", (e) => { e.preventDefault(); render().then(open); });
  document.addEventListener("pairwise:cart-updated", () => render());
  window.previewCart = { render, open };
  render();
})();
</script>`;

function layout(
  chrome: PageChrome,
  title: string,
  body: string,
  extra: { templateName: string; scripts?: string; blocks?: BlockName[] },
): string {
  const { catalog, cartCount, customers, customerId, path, pairwise } = chrome;
  const t = themeText(chrome.locale);
  const options = [`<option value="">${t("Anonymous visitor")}</option>`]
    .concat(
      customers.map(
        (c) =>
          `<option value="${esc(c.id)}" data-owns="${esc(c.owns.join(", "))}" data-anchor="${esc(c.anchor)}"${c.id === customerId ? " selected" : ""}>${esc(c.label)}</option>`,
      ),
    )
    .join("");
  const current = customers.find((c) => c.id === customerId);
  const nav = DEPARTMENTS.map(
    (d) =>
      `<li><a href="/storefront?department=${d}"${path === `/storefront?department=${d}` ? ' aria-current="page"' : ""}>${esc(NAV_LABELS[d])}</a></li>`,
  ).join("");
  // The merchant placed "You may also like" in the cart template (the cart page's footer is on
  // screen, where the embed never mounts), so the embed is set to show in the cart drawer only.
  // Printed where Shopify renders an app embed whose target is "body": right before </body>, after
  // the theme's own scripts at the end of the body.
  const embed = !pairwise
    ? ""
    : renderBlock(
        "cart-offers",
        {
          heading: "",
          count: 2,
          show_free_shipping: true,
          free_shipping_threshold: null,
          mount: "cart-drawer .drawer__footer",
        },
        {
          id: "cart-embed",
          templateName: extra.templateName,
          productId: null,
          moneyFormat: catalog.shop.moneyFormat,
          locale: chrome.locale,
          shopDomain: chrome.shopDomain,
          facts: chrome.facts,
          customerId: chrome.customerId,
        },
      );
  // The first paint waits until the announcement bar and the header are parsed whole: rel=expect
  // holds it until #MainContent's start tag (Chromium lifts it there, not at </main>). Painted
  // half-parsed, when the HTML arrives in pieces or the parser yields on a busy machine, they move
  // as the rest arrives (the select widening, the cart icon joining).
  return `<!doctype html>
<html lang="${chrome.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)} – ${esc(catalog.shop.name)}</title>
<style>${CSS}</style>
<link rel="expect" href="#MainContent" blocking="render">
${pairwise ? blockAssetTags([...(extra.blocks ?? []), "cart-offers"]) : ""}
</head><body>
<div class="announcement-bar" role="region" aria-label="${t("Preview")}">
  <span class="preview-tag">${t("Preview")}</span>
  <form class="preview-switch" method="post" action="/storefront/customer">
    <label for="preview-customer">${t("Shopping as")}</label>
    <select id="preview-customer" name="customer" onchange="this.form.submit()">${options}</select>
    <input type="hidden" name="back" value="${esc(path)}">
    <noscript><button type="submit">${t("Switch")}</button></noscript>
  </form>
  ${current?.owns.length ? `<span class="owned">${t("Already owns: {{items}}", { items: esc(current.owns.join(", ")) })} · <a href="/storefront/products/${esc(current.anchor)}">${t("see it")}</a></span>` : `<span class="owned">${t("Free shipping over {{amount}}", { amount: money(catalog.shop.freeShippingThreshold ?? 7500, catalog.shop.moneyFormat) })}</span>`}
</div>
<div class="header-wrapper"><header class="header page-width">
  <a class="header__heading-link" href="/storefront">${esc(catalog.shop.name)}</a>
  <nav aria-label="${t("Main")}"><ul class="header__inline-menu">${nav}</ul></nav>
  <div class="header__icons">
    <a class="header__icon" href="/storefront" aria-label="${t("Search")}">${ICON_SEARCH}</a>
    <a class="header__icon" href="/app" aria-label="${t("Merchant admin")}">${ICON_ACCOUNT}</a>
    <a class="header__icon header__icon--cart" href="/storefront/cart" id="cart-icon-bubble" aria-label="${t("Cart, {{count}} items", { count: cartCount })}">${ICON_CART}<span class="cart-count-bubble"${cartCount ? "" : " data-empty"}><span aria-hidden="true">${cartCount}</span></span></a>
  </div>
</header></div>
<main id="MainContent">${body}</main>
<footer class="footer"><div class="page-width footer__content"><p>© 2026, ${esc(catalog.shop.name)} · ${t("Powered by Shopify (preview)")}</p>
<ul><li><a href="/app">${t("Merchant admin")}</a></li><li><a href="/storefront/cart">${t("Cart")}</a></li></ul></div></footer>
${extra.templateName === "cart" ? "" : drawer(t)}
${extra.templateName === "cart" ? "" : drawerScript(t)}
${extra.scripts ?? ""}
${embed}
</body></html>`;
}

export function homePage(chrome: PageChrome, department: Department | null): string {
  const { catalog } = chrome;
  const format = catalog.shop.moneyFormat;
  const t = themeText(chrome.locale);
  const departments = department ? [department] : DEPARTMENTS;
  const sections = departments
    .map((d) => {
      const all = catalog.products.filter((p) => p.department === d && p.variants.length > 0);
      const shown = department ? all : [...all].sort((a, b) => featuredRank(a) - featuredRank(b)).slice(0, 8);
      return `<section class="collection"><div class="collection__heading"><h2>${esc(departmentTitle(d))}</h2>${department ? "" : `<a href="/storefront?department=${d}">${t("View all ({{count}})", { count: all.length })}</a>`}</div>
<ul class="grid" role="list">${shown.map((p) => card(p, format, t)).join("")}</ul></section>`;
    })
    .join("");
  const hero = department
    ? `<div class="collection-hero"><h1>${esc(departmentTitle(department))}</h1></div>`
    : `<div class="collection-hero"><h1>${esc(catalog.shop.name)}</h1><p>${t("Gear for the trail, the darkroom and the first cup of the day.")}</p></div>`;
  return layout(
    chrome,
    department ? departmentTitle(department) : t("Home"),
    `<div class="page-width">${hero}${sections}</div>`,
    { templateName: department ? "collection" : "index" },
  );
}

/** Key products (the catalog's hand-written ones) first on the home page. */
function featuredRank(p: StoreProduct): number {
  return Number(p.id);
}

export function productPage(chrome: PageChrome, p: StoreProduct, variantId: string | null): string {
  const format = chrome.catalog.shop.moneyFormat;
  const t = themeText(chrome.locale);
  const selected = p.variants.find((v) => v.id === variantId) ?? p.variants.find((v) => v.available) ?? p.variants[0];
  const hasOptions = !(p.variants.length === 1 && p.variants[0].title === "Default Title");
  const pills = hasOptions
    ? `<fieldset class="product-form__input"><legend>${esc(p.optionName ?? t("Option"))}</legend><div class="pills">${p.variants
        .map(
          (v, i) =>
            `<input type="radio" id="variant-${i}" name="option" value="${v.id}" data-price="${esc(money(v.price, format))}"${v.id === selected.id ? " checked" : ""}${v.available ? "" : " disabled"}><label for="variant-${i}">${esc(v.title)}</label>`,
        )
        .join("")}</div></fieldset>`
    : "";
  const was =
    selected.compareAtPrice && selected.compareAtPrice > selected.price
      ? `<s><span class="visually-hidden">${t("Regular price")}</span>${money(selected.compareAtPrice, format)}</s> <span class="badge">${t("Sale")}</span>`
      : "";
  const blockCtx = {
    templateName: "product",
    productId: p.id,
    moneyFormat: format,
    locale: chrome.locale,
    shopDomain: chrome.shopDomain,
    facts: chrome.facts,
    customerId: chrome.customerId,
  };
  const fbt = !chrome.pairwise
    ? ""
    : renderBlock(
        "frequently-bought-together",
        { heading: "", companions: 2, show_saving: true },
        { ...blockCtx, id: "fbt" },
      );
  const ymal = !chrome.pairwise
    ? ""
    : renderBlock(
        "you-may-also-like",
        { heading: "", offer_type: "any", count: 4, layout: "grid" },
        { ...blockCtx, id: "ymal" },
      );
  const body = `<section class="page-width product" data-product-id="${p.id}">
  <div class="product__media-wrapper">
    <div class="product__media">${image(p.imageUrl, p.title, 800, true)}</div>
    <ul class="thumbnail-list" role="list">${[0, 1, 2, 3].map((i) => `<li class="thumbnail"${i ? "" : ' aria-current="true"'}>${image(p.imageUrl, "", 200, true)}</li>`).join("")}</ul>
  </div>
  <div class="product__info-wrapper"><div class="product__info-container">
    <p class="product__text caption">${esc(p.vendor)}</p>
    <div class="product__title"><h1>${esc(p.title)}</h1></div>
    <div><div class="price" id="price"><span>${money(selected.price, format)}</span>${was}</div><p class="product__tax">${t("Taxes included. <a>Shipping</a> calculated at checkout.").replace("<a>", '<a href="/storefront/cart">')}</p></div>
    <form action="/cart/add" method="post" id="product-form" class="product-form" novalidate>
      ${pills}
      <input type="hidden" name="id" value="${selected.id}">
      <label class="form__label" for="quantity">${t("Quantity")}</label>
      <div><div class="quantity"><button type="button" name="minus" aria-label="${t("Decrease quantity")}">−</button><input id="quantity" type="number" name="quantity" value="1" min="1"><button type="button" name="plus" aria-label="${t("Increase quantity")}">+</button></div></div>
      <div class="product-form__buttons" style="margin-top:1.5rem"><button type="submit" name="add" class="button"${selected.available ? "" : " disabled"}>${selected.available ? t("Add to cart") : t("Sold out")}</button></div>
      <p class="product-form__error" role="alert"></p>
    </form>
    ${fbt}
    <div class="product__description"><p>${esc(p.title)} from ${esc(p.vendor)}, part of our ${esc(departmentTitle(p.department))} range (${esc(p.productType)}). Thoughtfully made, tested in the field, and backed by our 30-day returns.</p></div>
  </div></div>
</section>
<section class="page-width apps-section">${ymal}</section>
`;
  const scripts = `<script>
(() => {
  const form = document.getElementById("product-form");
  const id = form.querySelector('[name="id"]');
  const qty = form.querySelector('[name="quantity"]');
  const price = document.querySelector("#price span");
  const error = form.querySelector(".product-form__error");
  form.querySelectorAll('[name="option"]').forEach((r) => r.addEventListener("change", () => {
    id.value = r.value; price.textContent = r.dataset.price;
    history.replaceState(null, "", "?variant=" + r.value);
  }));
  form.querySelector('[name="minus"]').onclick = () => (qty.value = Math.max(1, Number(qty.value) - 1));
  form.querySelector('[name="plus"]').onclick = () => (qty.value = Number(qty.value) + 1);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = form.querySelector('[name="add"]');
    button.disabled = true; error.textContent = "";
    try {
      const res = await fetch("/cart/add.js", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ items: [{ id: Number(id.value), quantity: Number(qty.value) || 1 }] }) });
      const body = await res.json();
      if (!res.ok) throw new Error(body.description || "Could not add to cart");
      await window.previewCart.render();
      window.previewCart.open();
    } catch (err) { error.textContent = err.message; }
    button.disabled = false;
  });
})();
</script>`;
  return layout(chrome, p.title, body, {
    templateName: "product",
    scripts,
    blocks: ["frequently-bought-together", "you-may-also-like"],
  });
}

export function cartPage(chrome: PageChrome, cart: CartJson): string {
  const format = chrome.catalog.shop.moneyFormat;
  const t = themeText(chrome.locale);
  if (cart.items.length === 0) {
    return layout(
      chrome,
      t("Your cart"),
      `<div class="page-width cart__empty"><h1>${t("Your cart is empty")}</h1><p><a class="button" style="width:auto" href="/storefront">${t("Continue shopping")}</a></p></div>`,
      { templateName: "cart" },
    );
  }
  const rows = cart.items
    .map((item, i) => {
      const visible = Object.entries(item.properties).filter(([k]) => !k.startsWith("_"));
      const offered = "_pairwise" in item.properties;
      const form = (q: number, label: string, cls = "cart-remove") =>
        `<form method="post" action="/storefront/cart/change"><input type="hidden" name="line" value="${i + 1}"><input type="hidden" name="quantity" value="${q}"><button class="${cls}" type="submit">${label}</button></form>`;
      return `<tr class="cart-item" data-variant-id="${item.variant_id}">
  <td class="cart-item__media"><a href="/storefront/products/${esc(item.handle)}" tabindex="-1" aria-hidden="true">${item.image ? `<img src="${esc(item.image)}" alt="" width="100" height="100" loading="lazy">` : ""}</a></td>
  <td class="cart-item__details"><a class="cart-item__name" href="/storefront/products/${esc(item.handle)}">${esc(item.product_title)}</a>
    <div class="price" style="font-size:1.4rem">${money(item.price, format)}</div>
    ${item.variant_title ? `<dl><dt class="visually-hidden">${t("Option")}</dt><dd>${esc(item.variant_title)}</dd></dl>` : ""}
    ${visible.map(([k, v]) => `<dl><dt>${esc(k)}:</dt><dd>${esc(v)}</dd></dl>`).join("")}
    ${offered ? `<span class="offer-tag">${t("Added from a Pairwise offer")}</span>` : ""}</td>
  <td class="cart-item__quantity"><div class="quantity" style="width:12rem">${form(item.quantity - 1, "−", "")}<input aria-label="${t("Quantity for {{title}}", { title: esc(item.product_title) })}" value="${item.quantity}" readonly>${form(item.quantity + 1, "+", "")}</div>${form(0, t("Remove"))}</td>
  <td class="cart-item__totals"><span class="price">${money(item.line_price, format)}</span></td>
</tr>`;
    })
    .join("");
  const ymal = !chrome.pairwise
    ? ""
    : renderBlock(
        "you-may-also-like",
        { heading: "", offer_type: "cross_sell", count: 4, layout: "grid" },
        {
          id: "cart-ymal",
          templateName: "cart",
          productId: null,
          moneyFormat: format,
          locale: chrome.locale,
          shopDomain: chrome.shopDomain,
          facts: chrome.facts,
          customerId: chrome.customerId,
        },
      );
  const body = `<div class="page-width cart">
  <div class="title-wrapper-with-link"><h1>${t("Your cart")}</h1><a href="/storefront">${t("Continue shopping")}</a></div>
  <table class="cart-items"><caption class="visually-hidden">${t("Your cart")}</caption>
    <colgroup><col style="width:10rem"><col><col style="width:24rem"><col style="width:12rem"></colgroup>
    <thead><tr><th colspan="2">${t("Product")}</th><th>${t("Quantity")}</th><th>${t("Total")}</th></tr></thead>
    <tbody>${rows}</tbody></table>
  <div class="cart__footer"><div class="cart__blocks">
    <div class="totals"><h2 class="totals__total">${t("Estimated total")}</h2><p class="totals__total-value" id="cart-total">${money(cart.total_price, format)} ${esc(cart.currency)}</p></div>
    <p class="tax-note">${t("Taxes included. Discounts and shipping calculated at checkout.")}</p>
    <a class="button" href="/storefront/checkout" id="checkout">${t("Check out")}</a>
  </div></div>
</div>
<section class="page-width apps-section">${ymal}</section>`;
  // Offers added from the cart page: Dawn re-renders its cart sections; the preview reloads.
  const scripts = `<script>document.addEventListener("pairwise:cart-updated", () => setTimeout(() => location.reload(), 600));</script>`;
  return layout(chrome, t("Your cart"), body, { templateName: "cart", scripts, blocks: ["you-may-also-like"] });
}

export interface PlacedOrder {
  /** the order's Shopify id */
  id: string;
  name: string;
  total: number;
  /** cents saved by the checkout's discounts (the discount function) */
  discount?: number;
  lines: {
    title: string;
    quantity: number;
    linePrice: number;
    offered: boolean;
    discount?: number;
    discountTitles?: string[];
    productId: string;
    variantId: string;
    price: number;
  }[];
  customerId: string | null;
  /** the cart's attributes (the thank-you block's host reads them) */
  attributes: Record<string, string>;
}

/** An iframe running one target of the checkout extension's real bundle in the demo's stand-in host. */
export function extensionFrame(id: string, config: HostConfig): string {
  return `<iframe id="${esc(id)}" class="extension-frame" title="Pairwise checkout extension" data-host-config="${esc(JSON.stringify(config))}"
  srcdoc="${esc(`<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font:15px/1.45 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#1a1a1a}</style><script type="module" src="/storefront/checkout-host.js"></script></head><body></body></html>`)}"
  style="width:100%;border:0;height:0;display:block"></iframe>`;
}

export function checkoutSummary(cart: CheckoutCartJson, totals: CheckoutTotals, format: string, t: ThemeText): string {
  // the checkout's own lines (cart transform applied) when the cart went through applyCheckoutDiscounts
  const lines: CheckoutLineView[] =
    cart.checkout_lines ??
    cart.items.map((i) => ({
      title: i.title,
      quantity: i.quantity,
      image: i.image ?? null,
      line_price: i.line_price,
      final_line_price: i.line_price,
      discount_titles: [],
      offered: "_pairwise" in i.properties,
    }));
  const rows = lines
    .map((l) => {
      const parts = l.components
        ? `<div class="bundle-components">${l.components.map((c) => `${esc(c.title)} × ${c.quantity}`).join(" · ")}</div>`
        : "";
      const bundle = l.components ? ` <span class="offer-tag">${t("bundle")}</span>` : "";
      const thumb =
        l.components && l.image
          ? `<img class="bundle-image" src="${esc(l.image)}" alt="" width="40" height="40"> `
          : "";
      return `<tr${l.components ? ' class="merged-bundle"' : ""}><td>${thumb}${esc(l.title)} × ${l.quantity}${l.offered ? ` <span class="offer-tag">${t("offer")}</span>` : ""}${bundle}${parts}</td><td>${money(l.line_price, format)}</td></tr>`;
    })
    .join("");
  return `<table class="checkout-lines" id="checkout-lines">${rows}</table>
<table class="checkout-totals"><tr><td>${t("Subtotal")}</td><td id="checkout-subtotal">${money(totals.subtotal, format)}</td></tr>
${totals.discounts ? `<tr><td>${t("Discounts")}</td><td>−${money(totals.discounts, format)}</td></tr>` : ""}
<tr><td>${t("Shipping")}</td><td>${totals.shipping ? money(totals.shipping, format) : t("Free")}</td></tr>
<tr><td><strong>${t("Total")}</strong></td><td><strong id="checkout-total">${money(totals.total, format)}</strong></td></tr></table>`;
}

export function checkoutPage(
  chrome: PageChrome,
  cart: CheckoutCartJson,
  totals: CheckoutTotals,
  frame: string,
): string {
  const format = chrome.catalog.shop.moneyFormat;
  const t = themeText(chrome.locale);
  const body = `<div class="page-width checkout"><h1>${t("Checkout")}</h1>
<p class="checkout-note">${t("Preview of Shopify checkout: the order summary hosts Pairwise's checkout UI extension (target <code>purchase.checkout.cart-line-list.render-after</code>), its real bundle running in a stand-in host.")}</p>
<div class="checkout-summary" id="checkout-summary">${checkoutSummary(cart, totals, format, t)}</div>
${frame}
<form method="post" action="/storefront/checkout"><button type="submit" class="button" id="pay">${t("Pay now")}</button></form>
</div>`;
  const scripts = `<script>window.addEventListener("pairwise:checkout-changed", async () => {
  const r = await fetch("/storefront/checkout/summary", { cache: "no-store" });
  if (r.ok) document.getElementById("checkout-summary").innerHTML = await r.text();
});</script>`;
  return layout(chrome, t("Checkout"), body, { templateName: "checkout", scripts });
}

export function thankYouPage(chrome: PageChrome, order: PlacedOrder, frame = ""): string {
  const format = chrome.catalog.shop.moneyFormat;
  const t = themeText(chrome.locale);
  const body = `<div class="page-width thanks"><p>${t("Order")} <span class="order-name" id="order-name">${esc(order.name)}</span></p>
<h1>${t("Thank you for your order!")}</h1>
<p>${t("This preview sent Shopify's <code>orders/create</code> webhook to the app, as a real checkout would. The merchant sees this order in the Pairwise admin.")}</p>
<table>${order.lines.map((l) => `<tr><td>${esc(l.title)} × ${l.quantity}${l.offered ? ` <span class="offer-tag">${t("offer")}</span>` : ""}${l.discount ? ` <span class="line-saving">${esc((l.discountTitles ?? []).join(", "))} −${money(l.discount, format)}</span>` : ""}</td><td>${money(l.linePrice, format)}</td></tr>`).join("")}
${order.discount ? `<tr class="savings"><td>${t("Savings")}</td><td id="order-savings">−${money(order.discount, format)}</td></tr>` : ""}
<tr><td><strong>${t("Total")}</strong></td><td><strong>${money(order.total, format)}</strong></td></tr></table>
${frame}
<p><a class="button" style="width:auto" href="/storefront">${t("Continue shopping")}</a> <a href="/app" style="margin-left:2rem">${t("Open the admin")}</a></p></div>`;
  return layout(chrome, t("Thank you"), body, { templateName: "page" });
}

export function notFoundPage(chrome: PageChrome): string {
  const t = themeText(chrome.locale);
  return layout(
    chrome,
    t("Page not found"),
    `<div class="page-width cart__empty"><h1>${t("404 – Page not found")}</h1><p><a href="/storefront">${t("Continue shopping")}</a></p></div>`,
    {
      templateName: "404",
    },
  );
}
