// assets/pairwise-bundle.js: "Frequently bought together" — the viewed product and its companions
// as checkboxes, the total with the bundle saving, one button that adds the selection.
// Loaded by the core only on pages with the bundle block (see parts.ts).
import { bundleTotals } from "./bundle";
import { definePart, type Api, type Block } from "./parts";
import { sanitizeBundle } from "./sanitize";
import { BUNDLE_STRINGS } from "./text";

definePart(
  "bundle",
  ({ h, t, addFallbacks, money, priceRow, image, watch, track, addToCart, blocks }: Api) => (
    addFallbacks(BUNDLE_STRINGS),
    {
      view(b: Block, raw: unknown, skip: Set<string>): Node[] {
        const bun = sanitizeBundle((raw as { bundle?: unknown } | null)?.bundle, location.href);
        const items = bun ? bun.items.filter((i) => i.available && !skip.has(i.productId)).slice(0, b.count) : [];
        if (!bun || !items.length) return [];
        const all = [bun.anchor, ...items];
        const boxes: HTMLInputElement[] = [];
        const total = h("p", { class: "pw-total", "aria-live": "polite" });
        const add = h("button", { type: "button", class: "pw-btn" }, t(b.s, "add_selected"));
        const update = () => {
          const tt = bundleTotals(
            all.map((it, i) => ({ price: it.price, selected: boxes[i].checked })),
            bun.discount,
          );
          total.replaceChildren(
            t(b.s, "total", { amount: money(b, tt.total) }),
            b.el.dataset.showSaving !== "false" && tt.saving > 0
              ? h("span", { class: "pw-save" }, " " + t(b.s, "saving", { amount: money(b, tt.saving) }))
              : "",
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
            h(
              "div",
              { class: "pw-info" },
              h("label", { for: id, class: "pw-title" }, i ? it.title : t(b.s, "this_item", { title: it.title })),
              priceRow(b, it.price, it.compareAtPrice),
            ),
          );
          if (i)
            watch(
              li,
              {
                type: "impression",
                offerId: bun.offerId,
                productId: it.productId,
                placement: b.context,
                token: it.token,
              },
              `bundle:${it.productId}`,
            );
          return li;
        });
        add.onclick = async () => {
          const chosen = all.filter((_, i) => boxes[i].checked);
          // the variant chosen in the theme's product form, if any, for the viewed product
          const field = document.querySelector<HTMLInputElement>('form[action*="/cart/add"] [name="id"]');
          const anchorVariant = field && /^\d+$/.test(field.value) ? field.value : bun.anchor.variantId;
          add.disabled = true;
          add.textContent = t(b.s, "adding");
          const lines = chosen.map((it) =>
            it === bun.anchor
              ? { variantId: anchorVariant }
              : { variantId: it.variantId, offerId: bun.offerId, token: it.token },
          );
          const ok = await addToCart(b, lines, chosen.map((c) => c.title).join(", "));
          if (ok)
            for (const it of chosen)
              if (it !== bun.anchor)
                track({
                  type: "add",
                  offerId: bun.offerId,
                  productId: it.productId,
                  placement: b.context,
                  token: it.token,
                });
          add.textContent = t(b.s, ok ? "added" : "add_selected");
          add.disabled = false;
        };
        update();
        return [h("ul", { class: "pw-list", role: "list" }, ...rows), total, add];
      },
    }
  ),
);
