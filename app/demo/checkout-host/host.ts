// The demo's stand-in for Shopify's checkout extension host. It runs inside an iframe (the
// extension renders into its own `document.body`, as into the remote DOM Shopify gives it) and
// provides what the Pairwise checkout extension uses: a `shopify` global for its target (lines,
// cost, attributes, checkout token, settings, instructions, localization, i18n, shop,
// sessionToken, applyCartLinesChange, applyAttributeChange, orderConfirmation) and minimal custom
// elements for the s-* components it renders. It then imports the extension's REAL built bundle
// and calls its default export. Cart changes go to the preview's Ajax Cart API; session tokens
// are minted by the demo server with the demo secret and verified by the app like Shopify's.
// Built by esbuild into the browser (served at /storefront/checkout-host.js); demo only.

export interface HostConfig {
  target: "purchase.checkout.cart-line-list.render-after" | "purchase.thank-you.block.render";
  moduleUrl: string;
  lines: { variantId: string; productId: string; title: string; quantity: number; price: number }[];
  subtotal: number;
  currency: string;
  attributes: Record<string, string>;
  checkoutToken: string;
  settings: Record<string, string | number>;
  translations: Record<string, string>;
  /** the buyer's language ("en", "de") */
  locale?: string;
  storefrontUrl: string;
  order?: { id: string; number: string };
}

type Listener<T> = (value: T) => void;
interface SignalLike<T> {
  value: T;
  readonly current: T;
  subscribe(fn: Listener<T>): () => void;
}
interface SignalClass {
  new <T>(value: T): { value: T; subscribe(fn: (v: T) => void): () => void };
}

let SignalImpl: SignalClass | null = null;
const signals: { current: { value: unknown }; plain: { value: unknown; listeners: Set<Listener<unknown>> } }[] = [];

/** A SubscribableSignalLike; becomes a real Preact signal once the extension hands us its Signal class. */
function signal<T>(initial: T): SignalLike<T> {
  const plain = { value: initial as unknown, listeners: new Set<Listener<unknown>>() };
  const entry = { current: plain as { value: unknown }, plain };
  signals.push(entry);
  return {
    get value() {
      return entry.current.value as T;
    },
    set value(v: T) {
      entry.current.value = v;
      if (entry.current === plain) plain.listeners.forEach((fn) => fn(v));
    },
    get current() {
      return entry.current.value as T;
    },
    subscribe(fn: Listener<T>) {
      if (entry.current !== plain)
        return (entry.current as unknown as { subscribe(f: Listener<T>): () => void }).subscribe(fn);
      plain.listeners.add(fn as Listener<unknown>);
      return () => plain.listeners.delete(fn as Listener<unknown>);
    },
  };
}

function setSignals(S: SignalClass): void {
  SignalImpl = S;
  for (const s of signals) s.current = new SignalImpl(s.current.value);
}

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

function cartLines(lines: HostConfig["lines"], currency: string) {
  return lines.map((l, i) => ({
    id: gid("CartLine", String(i + 1)),
    quantity: l.quantity,
    merchandise: {
      type: "variant",
      id: gid("ProductVariant", l.variantId),
      title: l.title,
      product: { id: gid("Product", l.productId) },
    },
    cost: { totalAmount: { amount: (l.price * l.quantity) / 100, currencyCode: currency } },
    attributes: [],
    discountAllocations: [],
    lineComponents: [],
  }));
}

async function cartState(): Promise<{
  lines: HostConfig["lines"];
  subtotal: number;
  attributes: Record<string, string>;
}> {
  const cart = (await (await fetch("/cart.js")).json()) as {
    items: { variant_id: number; product_id: number; title: string; quantity: number; price: number }[];
    items_subtotal_price: number;
    attributes: Record<string, string>;
  };
  return {
    lines: cart.items.map((i) => ({
      variantId: String(i.variant_id),
      productId: String(i.product_id),
      title: i.title,
      quantity: i.quantity,
      price: i.price,
    })),
    subtotal: cart.items_subtotal_price,
    attributes: cart.attributes,
  };
}

export function createShopify(config: HostConfig) {
  const checkout = config.target === "purchase.checkout.cart-line-list.render-after";
  const lines = signal(cartLines(config.lines, config.currency));
  const subtotal = signal({ amount: config.subtotal / 100, currencyCode: config.currency });
  const attributes = signal(Object.entries(config.attributes).map(([key, value]) => ({ key, value })));
  const settings = signal(config.settings);
  const notifyPage = () => window.parent.dispatchEvent(new CustomEvent("pairwise:checkout-changed"));

  async function refresh(): Promise<void> {
    const state = await cartState();
    lines.value = cartLines(state.lines, config.currency);
    subtotal.value = { amount: state.subtotal / 100, currencyCode: config.currency };
    attributes.value = Object.entries(state.attributes).map(([key, value]) => ({ key, value }));
    notifyPage();
  }

  const intlLocale = config.locale === "de" ? "de-DE" : "en-US";
  const api: Record<string, unknown> = {
    extension: {
      target: config.target,
      apiVersion: "2026-07",
      capabilities: signal(["network_access"]),
      rendered: signal(true),
      scriptUrl: config.moduleUrl,
    },
    lines,
    cost: { subtotalAmount: subtotal, totalAmount: subtotal },
    attributes,
    checkoutToken: signal(config.checkoutToken),
    settings,
    instructions: signal({
      lines: { canAddCartLine: checkout, canRemoveCartLine: checkout, canUpdateCartLine: checkout },
      attributes: { canUpdateAttributes: checkout },
      discounts: { canUpdateDiscountCodes: false },
      delivery: { canSelectCustomAddress: false },
      metafields: { canDeleteCartMetafield: false, canSetCartMetafields: false },
      notes: { canUpdateNote: false },
    }),
    localization: {
      currency: signal({ isoCode: config.currency }),
      language: signal({ isoCode: config.locale ?? "en" }),
      extensionLanguage: signal({ isoCode: config.locale ?? "en" }),
    },
    i18n: {
      translate(key: string, replacements: Record<string, unknown> = {}) {
        const text = config.translations[key] ?? key;
        return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(replacements[name] ?? ""));
      },
      formatCurrency(amount: number, options: Intl.NumberFormatOptions = {}) {
        return new Intl.NumberFormat(intlLocale, { style: "currency", currency: config.currency, ...options }).format(
          amount,
        );
      },
      formatNumber: (n: number, o?: Intl.NumberFormatOptions) => new Intl.NumberFormat(intlLocale, o).format(n),
    },
    shop: {
      id: gid("Shop", "1"),
      name: "Pairwise Demo",
      myshopifyDomain: "pairwise-demo.myshopify.com",
      storefrontUrl: config.storefrontUrl,
    },
    sessionToken: {
      async get() {
        const response = await fetch("/storefront/checkout/session-token", { method: "POST" });
        if (!response.ok) throw new Error(`session token: ${response.status}`);
        return response.text();
      },
    },
    setSignals,
  };
  if (checkout) {
    api.applyCartLinesChange = async (change: {
      type: string;
      merchandiseId?: string;
      quantity?: number;
      attributes?: { key: string; value: string }[];
    }) => {
      if (change.type !== "addCartLine" || !change.merchandiseId)
        return { type: "error", message: `${change.type} is not supported by the demo host` };
      const id = /ProductVariant\/(\d+)$/.exec(change.merchandiseId)?.[1];
      const properties = Object.fromEntries((change.attributes ?? []).map((a) => [a.key, a.value]));
      const response = await fetch("/cart/add.js", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ id: Number(id), quantity: change.quantity ?? 1, properties }),
      });
      if (!response.ok) return { type: "error", message: `The cart answered ${response.status}` };
      await refresh();
      return { type: "success" };
    };
    api.applyAttributeChange = async (change: { type: string; key: string; value?: string }) => {
      const value = change.type === "updateAttribute" ? (change.value ?? "") : "";
      const response = await fetch("/cart/update.js", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ attributes: { [change.key]: value } }),
      });
      if (!response.ok) return { type: "error", message: `The cart answered ${response.status}` };
      await refresh();
      return { type: "success" };
    };
  } else if (config.order) {
    api.orderConfirmation = signal({
      order: { id: gid("Order", config.order.id) },
      number: config.order.number,
      isFirstOrder: false,
    });
  }
  return api;
}

// --- Minimal s-* elements: enough to draw what the extension renders, accessibly --------------

const BASE_CSS = `:host{font:inherit;color:inherit}`;

function define(tag: string, render: (el: HTMLElement, root: ShadowRoot) => void, observed: string[] = []): void {
  if (customElements.get(tag)) return;
  class El extends HTMLElement {
    static observedAttributes = observed;
    private root = this.attachShadow({ mode: "open" });
    connectedCallback() {
      render(this, this.root);
    }
    attributeChangedCallback() {
      if (this.isConnected) render(this, this.root);
    }
  }
  // Props the extension sets as properties are reflected to attributes (Preact sets known props).
  for (const name of observed) {
    Object.defineProperty(El.prototype, name, {
      get(this: HTMLElement) {
        const v = this.getAttribute(name);
        return v === null ? undefined : v === "" ? true : v;
      },
      set(this: HTMLElement, v: unknown) {
        if (v === false || v === null || v === undefined) this.removeAttribute(name);
        else this.setAttribute(name, v === true ? "" : String(v));
      },
    });
  }
  customElements.define(tag, El);
}

const GAP: Record<string, string> = { none: "0", "small-300": "4px", small: "8px", base: "12px", large: "20px" };

export function defineElements(): void {
  define(
    "s-section",
    (el, root) => {
      const heading = el.getAttribute("heading");
      root.innerHTML = `<style>${BASE_CSS}section{border:1px solid #dedede;border-radius:8px;padding:16px}h2{font-size:1.05em;margin:0 0 12px}</style><section aria-label="${heading ?? ""}">${heading ? `<h2></h2>` : ""}<slot></slot></section>`;
      const h2 = root.querySelector("h2");
      if (h2) h2.textContent = heading;
    },
    ["heading"],
  );
  define(
    "s-stack",
    (el, root) => {
      const inline = el.getAttribute("direction") === "inline";
      const gap = GAP[el.getAttribute("gap") ?? "none"] ?? "0";
      el.style.display = "flex";
      el.style.flexDirection = inline ? "row" : "column";
      el.style.gap = gap;
      el.style.alignItems =
        el.getAttribute("alignitems") ?? el.getAttribute("alignItems") ?? (inline ? "center" : "stretch");
      el.style.justifyContent = el.getAttribute("justifycontent") ?? el.getAttribute("justifyContent") ?? "flex-start";
      if ((el.getAttribute("inlinesize") ?? el.getAttribute("inlineSize")) === "100%") el.style.flex = "1";
      root.innerHTML = `<slot></slot>`;
    },
    ["direction", "gap", "alignItems", "justifyContent", "inlineSize"],
  );
  define(
    "s-text",
    (el, root) => {
      const tone = el.getAttribute("tone");
      const color = tone === "critical" ? "#b42318" : el.getAttribute("color") === "subdued" ? "#6b6b6b" : "inherit";
      root.innerHTML = `<style>${BASE_CSS}span{color:${color};display:block}</style><span><slot></slot></span>`;
    },
    ["tone", "color"],
  );
  define(
    "s-button",
    (el, root) => {
      const disabled = el.hasAttribute("disabled");
      const loading = el.hasAttribute("loading");
      root.innerHTML = `<style>button{font:inherit;padding:8px 16px;border-radius:6px;border:1px solid #1773b0;background:#fff;color:#1773b0;cursor:pointer;white-space:nowrap}button[disabled]{opacity:.55;cursor:default}</style><button type="button" part="button"${disabled ? " disabled" : ""}${loading ? ' aria-busy="true"' : ""}></button>`;
      const button = root.querySelector("button")!;
      const label = el.getAttribute("accessibilityLabel") ?? el.getAttribute("accessibilitylabel");
      if (label) button.setAttribute("aria-label", label);
      button.append(document.createElement("slot"));
      // A click on a disabled button must not reach the extension's listener.
      button.addEventListener("click", (e) => {
        if (disabled) e.stopPropagation();
      });
    },
    ["disabled", "loading", "variant", "accessibilityLabel"],
  );
  define(
    "s-link",
    (el, root) => {
      const href = el.getAttribute("href");
      root.innerHTML = `<style>a{color:#1773b0;cursor:pointer;text-decoration:underline}</style><a${href ? ` href="${href.replace(/"/g, "&quot;")}" target="_blank" rel="noopener"` : ' role="button" tabindex="0"'}><slot></slot></a>`;
      const label = el.getAttribute("accessibilityLabel") ?? el.getAttribute("accessibilitylabel");
      if (label) root.querySelector("a")!.setAttribute("aria-label", label);
    },
    ["href", "target", "accessibilityLabel"],
  );
  define(
    "s-product-thumbnail",
    (el, root) => {
      const src = el.getAttribute("src");
      root.innerHTML = `<style>div{width:56px;height:56px;border-radius:6px;border:1px solid #dedede;background:#f4f4f4 center/cover no-repeat;flex:none}</style><div role="img"></div>`;
      const div = root.querySelector("div")!;
      div.setAttribute("aria-label", el.getAttribute("alt") ?? "");
      if (src) div.style.backgroundImage = `url("${src.replace(/"/g, "%22")}")`;
    },
    ["src", "alt"],
  );
  define(
    "s-banner",
    (el, root) => {
      const tone = el.getAttribute("tone");
      root.innerHTML = `<style>div{border-radius:6px;padding:12px;background:${tone === "success" ? "#e3f1df" : tone === "critical" ? "#fde8e8" : "#eef4fb"}}</style><div role="status"><slot></slot></div>`;
    },
    ["tone", "heading"],
  );
}

/** Runs one target in this frame: the global, the elements, then the extension's real bundle. */
export async function runHost(config: HostConfig): Promise<void> {
  defineElements();
  (globalThis as unknown as { shopify: unknown }).shopify = createShopify(config);
  const frame = window.frameElement as HTMLIFrameElement | null;
  if (frame)
    new ResizeObserver(() => (frame.style.height = `${document.documentElement.scrollHeight}px`)).observe(
      document.body,
    );
  const mod = (await import(/* @vite-ignore */ config.moduleUrl)) as { default: () => Promise<void> | void };
  await mod.default();
  document.body.dataset.pairwiseHost = "ready";
}

const frameConfig = (window.frameElement as HTMLElement | null)?.dataset.hostConfig;
if (frameConfig) void runHost(JSON.parse(frameConfig) as HostConfig);
