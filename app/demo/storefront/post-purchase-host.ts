// The demo's stand-in for Shopify's post-purchase page (runs in the browser). It does what
// Shopify's checkout does for a checkout_post_purchase extension: provides the `shopify.extend`
// global, loads the extension's real built bundle, calls ShouldRender with the purchase's input
// data (its token signed with the demo secret), and — when asked to render — gives Render a
// remote-ui root (@remote-ui/core) whose tree is drawn here as plain HTML, plus the
// calculateChangeset / applyChangeset / done API, answered by the demo server as Shopify would.
import {
  createRemoteReceiver,
  createRemoteRoot,
  KIND_COMPONENT,
  KIND_TEXT,
  type RemoteReceiverAttachableChild,
} from "@remote-ui/core";

interface HostConfig {
  inputData: { initialPurchase: { referenceId: string }; locale: string; token: string } & Record<string, unknown>;
  bundleUrl: string;
  calculateUrl: string;
  applyUrl: string;
  doneUrl: string;
}

type Extension = (...args: unknown[]) => unknown;

const COMPONENTS = [
  "Banner",
  "BlockStack",
  "Bookend",
  "Button",
  "ButtonGroup",
  "BuyerConsent",
  "CalloutBanner",
  "Checkbox",
  "Form",
  "FormLayout",
  "FormLayoutGroup",
  "Heading",
  "HeadingGroup",
  "HiddenForAccessibility",
  "Image",
  "InlineStack",
  "Layout",
  "Link",
  "Radio",
  "Select",
  "Separator",
  "Spinner",
  "Text",
  "TextBlock",
  "TextContainer",
  "TextField",
  "Tiles",
  "View",
  "VisuallyHidden",
];

const config = JSON.parse(document.getElementById("pp-config")!.textContent!) as HostConfig;
const mountPoint = document.getElementById("pp-root")!;
const extensions = new Map<string, Extension>();
(self as unknown as { shopify: unknown }).shopify = {
  extend(point: string, fn: Extension) {
    extensions.set(point, fn);
  },
  reload() {
    location.reload();
  },
};

async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

function loadScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = document.createElement("script");
    s.src = src;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

// --- drawing the remote tree -------------------------------------------------------------------
type Props = Record<string, unknown>;

function element(type: string, props: Props, children: Node[]): HTMLElement {
  const el = (tag: string, cls: string) => {
    const e = document.createElement(tag);
    e.className = `pp-${cls}`;
    e.append(...children);
    return e;
  };
  switch (type) {
    case "Heading": {
      const level = Math.min(3, Math.max(1, Number(props.level ?? 2)));
      return el(`h${level}`, "heading");
    }
    case "TextBlock": {
      const p = el("p", "text-block");
      if (props.subdued) p.classList.add("pp-subdued");
      if (props.emphasized) p.classList.add("pp-emphasized");
      if (props.appearance) p.classList.add(`pp-${String(props.appearance)}`);
      if (props.size) p.classList.add(`pp-size-${String(props.size)}`);
      return p;
    }
    case "Text": {
      const s = el(props.role === "deletion" ? "s" : "span", "text");
      if (props.subdued) s.classList.add("pp-subdued");
      if (props.emphasized) s.classList.add("pp-emphasized");
      if (props.size) s.classList.add(`pp-size-${String(props.size)}`);
      return s;
    }
    case "CalloutBanner": {
      const d = el("section", "callout");
      if (props.title) {
        const h = document.createElement("h2");
        h.textContent = String(props.title);
        d.prepend(h);
      }
      return d;
    }
    case "Image": {
      const img = document.createElement("img");
      img.className = "pp-image";
      img.src = String(props.source ?? "");
      img.alt = String(props.description ?? "");
      return img;
    }
    case "Button": {
      const b = el("button", props.subdued ? "button pp-button-subdued" : "button");
      (b as HTMLButtonElement).type = "button";
      (b as HTMLButtonElement).disabled = Boolean(props.disabled);
      if (props.loading) b.setAttribute("aria-busy", "true");
      b.addEventListener("click", () => (props.onPress as (() => void) | undefined)?.());
      return b;
    }
    case "Select": {
      const wrap = el("label", "select");
      wrap.textContent = String(props.label ?? "");
      const select = document.createElement("select");
      select.disabled = Boolean(props.disabled);
      for (const o of (props.options as { label: string; value: string }[]) ?? [])
        select.append(new Option(o.label, o.value, false, o.value === props.value));
      select.addEventListener("change", () => (props.onChange as ((v: string) => void) | undefined)?.(select.value));
      wrap.append(select);
      return wrap;
    }
    case "Separator":
      return document.createElement("hr");
    case "Layout":
      return el("div", "layout");
    case "InlineStack":
      return el("div", "inline-stack");
    case "BlockStack":
      return el("div", `block-stack pp-spacing-${String(props.spacing ?? "base")}`);
    default:
      return el("div", type.toLowerCase());
  }
}

function draw(nodes: readonly RemoteReceiverAttachableChild[]): Node[] {
  return nodes.map((node) => {
    if (node.kind === KIND_TEXT) return document.createTextNode(node.text);
    if (node.kind === KIND_COMPONENT) return element(node.type, node.props as Props, draw(node.children));
    return document.createTextNode("");
  });
}

// --- the extension points ------------------------------------------------------------------------
async function main(): Promise<void> {
  await loadScript(config.bundleUrl);
  const shouldRender = extensions.get("Checkout::PostPurchase::ShouldRender");
  const render = extensions.get("Checkout::PostPurchase::Render");
  let stored: unknown = null;
  const storage = { initialData: null as unknown, update: async (data: unknown) => void (stored = data) };
  const { inputData } = config;
  const base = { version: "unstable", locale: inputData.locale, inputData };
  const decision = (
    shouldRender
      ? await shouldRender({ ...base, extensionPoint: "Checkout::PostPurchase::ShouldRender", storage })
      : { render: false }
  ) as { render: boolean };
  if (!decision.render || !render) {
    // As in Shopify's checkout: no post-purchase page, straight to the thank-you page.
    document.body.dataset.postPurchase = "skipped";
    location.replace(config.doneUrl);
    return;
  }
  const receiver = createRemoteReceiver();
  let queued = false;
  const redraw = () => {
    queued = false;
    mountPoint.replaceChildren(...draw(receiver.attached.root.children));
  };
  const receive = receiver.receive as (...args: unknown[]) => void;
  const channel = ((...args: unknown[]) => {
    receive(...args);
    if (!queued) {
      queued = true;
      queueMicrotask(redraw);
    }
  }) as typeof receiver.receive;
  const root = createRemoteRoot(channel, { components: COMPONENTS });
  document.body.dataset.postPurchase = "rendered";
  render(root, {
    ...base,
    extensionPoint: "Checkout::PostPurchase::Render",
    storage: { initialData: stored, update: storage.update },
    calculateChangeset: (changeset: unknown) => postJson(config.calculateUrl, { changeset }),
    applyChangeset: (token: string) => postJson(config.applyUrl, { token }),
    done: async () => {
      document.body.dataset.postPurchase = "done";
      location.assign(config.doneUrl);
    },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  location.replace(config.doneUrl);
});
