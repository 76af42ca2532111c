// assets/pairwise-actions.js: what happens when a shopper acts on an offer — adding to the cart
// (and telling the theme's cart drawer), "not interested", choosing another option. The core
// renders the offers without it and loads it once the page is idle, or at the first interaction
// (see parts.ts); an action taken before it arrived runs as soon as it has.
import { applyDiscount } from "./bundle";
import { definePart, type Api, type Block, type Row } from "./parts";
import { EventQueue, type NewEvent } from "./queue";
import { addPayload, postJson, type AddLine } from "./request";
import { rememberDecline } from "./storage";
import { ACTION_STRINGS } from "./text";

type ThemeCart = Element & { getSectionsToRender?: () => Array<{ id: string }>; renderContents?: (s: unknown) => void };

definePart("actions", ({ h, t, addFallbacks, priceRow, hide, json, root, proxy, ls, vid, uuid, markCart }: Api) => {
  addFallbacks(ACTION_STRINGS);
  const queue = new EventQueue(vid, {
    send(body) {
      const url = proxy() + "/events";
      const blob = new Blob([body], { type: "text/plain" });
      if (!(navigator.sendBeacon && navigator.sendBeacon(url, blob)))
        fetch(url, { method: "POST", body: blob, keepalive: true, credentials: "same-origin" }).catch(() => {});
    },
    now: Date.now,
    uuid,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as number),
  });
  addEventListener("pagehide", () => queue.flush());
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && queue.flush());
  const track = (e: NewEvent, once?: string) => {
    queue.track(e, once);
  };

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

  const say = (b: Block, msg: string) => {
    b.live.textContent = "";
    setTimeout(() => (b.live.textContent = msg), 50);
  };

  /** Adds the lines, tells the theme and the other blocks; resolves to success. */
  async function addToCart(b: Block, lines: AddLine[], title: string): Promise<boolean> {
    const theme = document.querySelector<ThemeCart>("cart-notification,cart-drawer");
    let sections: string[] = [];
    try {
      sections = theme?.getSectionsToRender?.().map((s) => s.id) || [];
    } catch {
      /* theme without section rendering */
    }
    try {
      const res = await json<{ items?: unknown[]; sections?: unknown }>(
        root() + "cart/add.js",
        postJson(addPayload(lines, sections, location.pathname)),
      );
      say(b, t(b.s, "added_announce", { title }));
      markCart();
      try {
        if (theme?.renderContents && res.sections)
          theme.renderContents({ ...(res.items?.[0] as object), sections: res.sections });
        (document.querySelector("cart-items") as (Element & { onCartUpdate?: () => void }) | null)?.onCartUpdate?.();
      } catch {
        /* best effort: the theme's cart UI refreshes on its next render */
      }
      document.dispatchEvent(new CustomEvent("pairwise:cart-updated", { detail: res }));
      return true;
    } catch {
      say(b, t(b.s, "error"));
      return false;
    }
  }

  const wasOf = (r: Row, p: number) => (r.it.compareAtPrice && r.it.compareAtPrice > p ? r.it.compareAtPrice : p);

  return {
    track,
    watch(el: HTMLElement, e: NewEvent, key: string) {
      (el as HTMLElement & { pwSeen?: () => void }).pwSeen = () => track(e, key);
      observer?.observe(el);
    },
    addToCart,
    async add(r: Row) {
      const { b, add } = r;
      add.disabled = true;
      add.textContent = t(b.s, "adding");
      const ok = await addToCart(
        b,
        [{ variantId: r.variantId, offerId: r.slot.offerId, token: r.it.token }],
        r.it.title,
      );
      if (ok) track({ ...r.base, type: "add" });
      add.textContent = t(b.s, ok ? "added" : "add_to_cart");
      add.disabled = ok;
    },
    decline(r: Row) {
      const { li } = r;
      track({ ...r.base, type: "decline" });
      rememberDecline(ls, r.it.productId);
      // keep keyboard focus in the list: move it to the neighbouring offer before removing this one
      (li.nextElementSibling || li.previousElementSibling)?.querySelector<HTMLElement>(".pw-title")?.focus();
      const list = li.parentElement;
      li.remove();
      if (!list?.children.length) hide(r.b);
    },
    picker(r: Row) {
      const { b, it } = r;
      const id = `pw-${r.slot.slotId}-${it.productId}-v`.replace(/[^\w-]/g, "");
      const select = h(
        "select",
        { class: "pw-sel", id },
        ...it.variants.map((v) =>
          h("option", { value: v.id, disabled: !v.available, selected: v.id === r.variantId }, v.title),
        ),
      );
      select.onchange = () => {
        const v = it.variants.find((x) => x.id === select.value)!;
        r.variantId = v.id;
        const fresh = priceRow(b, applyDiscount(v.price, r.slot.discount), wasOf(r, v.price));
        r.price.replaceWith(fresh);
        r.price = fresh;
      };
      r.select = select;
      r.opt.replaceChildren(h("label", { class: "pw-sr", for: id }, t(b.s, "option", { title: it.title })), select);
    },
  };
});
