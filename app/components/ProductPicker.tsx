// Choosing products: App Bridge's resource picker when embedded; in the local demo a Polaris
// Modal that searches the shop's synced catalog through /app/api/products.
import { useFetcher } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import {
  BlockStack,
  Button,
  Checkbox,
  InlineError,
  InlineStack,
  Modal,
  Spinner,
  Tag,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useEffect, useId, useState } from "react";
import { appBridge, useEmbedded } from "./admin-context";

export interface PickedProduct {
  id: string;
  title: string;
  imageUrl?: string | null;
  /** cents, when known (the preview shows it) */
  price?: number | null;
}

interface SearchResult {
  products: {
    id: string;
    title: string;
    imageUrl: string | null;
    productType: string;
    price: number | null;
    priceText: string | null;
  }[];
}

/** gid://shopify/Product/123 → "123" (the numeric legacy id the store keys on). */
export function legacyId(gid: string): string {
  const m = /\/(\d+)$/.exec(gid);
  return m ? m[1] : gid;
}

export function ProductPicker({
  label,
  selected,
  onChange,
  error,
  max = 20,
  buttonLabel,
}: {
  label: string;
  selected: PickedProduct[];
  onChange: (products: PickedProduct[]) => void;
  error?: string;
  max?: number;
  buttonLabel?: string;
}) {
  const embedded = useEmbedded();
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const errorId = useId();

  async function browse() {
    const bridge = embedded ? appBridge() : null;
    if (bridge) {
      const picked = await bridge.resourcePicker({
        type: "product",
        multiple: max,
        action: "select",
        selectionIds: selected.map((p) => ({ id: `gid://shopify/Product/${p.id}` })),
        filter: { variants: false },
      });
      if (picked)
        onChange(
          picked.map((p) => ({ id: legacyId(p.id), title: p.title, imageUrl: p.images?.[0]?.originalSrc ?? null })),
        );
      return;
    }
    setOpen(true);
  }

  return (
    <BlockStack gap="200">
      <InlineStack gap="200" blockAlign="center" wrap>
        <Text as="span" variant="bodyMd">
          {label}
        </Text>
        <Button onClick={browse} accessibilityLabel={`${buttonLabel ?? t("picker.browse")}: ${label}`}>
          {buttonLabel ?? t("picker.browse")}
        </Button>
      </InlineStack>
      {selected.length > 0 ? (
        <InlineStack gap="200" wrap>
          {selected.map((p) => (
            <Tag
              key={p.id}
              onRemove={() => onChange(selected.filter((s) => s.id !== p.id))}
              accessibilityLabel={t("common.removeValue", { value: p.title })}
            >
              {p.title}
            </Tag>
          ))}
        </InlineStack>
      ) : (
        <Text as="p" tone="subdued">
          {t("picker.noneChosen")}
        </Text>
      )}
      {error ? <InlineError message={error} fieldID={errorId} /> : null}
      {open ? (
        <CatalogPickerModal
          selected={selected}
          max={max}
          onClose={() => setOpen(false)}
          onSelect={(p) => {
            onChange(p);
            setOpen(false);
          }}
          title={label}
        />
      ) : null}
    </BlockStack>
  );
}

function CatalogPickerModal({
  title,
  selected,
  max,
  onClose,
  onSelect,
}: {
  title: string;
  selected: PickedProduct[];
  max: number;
  onClose: () => void;
  onSelect: (products: PickedProduct[]) => void;
}) {
  const fetcher = useFetcher<SearchResult>();
  const { t } = useTranslation();
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<PickedProduct[]>(selected);
  const { load } = fetcher;

  useEffect(() => {
    const handle = setTimeout(() => load(`/app/api/products?q=${encodeURIComponent(query)}`), 200);
    return () => clearTimeout(handle);
  }, [query, load]);

  const results = fetcher.data?.products ?? [];
  const toggle = (p: PickedProduct, on: boolean) =>
    setChosen((current) =>
      on ? (current.length >= max ? current : [...current, p]) : current.filter((c) => c.id !== p.id),
    );

  return (
    <Modal
      open
      onClose={onClose}
      title={title}
      primaryAction={{ content: t("picker.select", { count: chosen.length }), onAction: () => onSelect(chosen) }}
      secondaryActions={[{ content: t("common.cancel"), onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <TextField
            label={t("picker.search")}
            labelHidden
            placeholder={t("picker.placeholder")}
            value={query}
            onChange={setQuery}
            autoComplete="off"
            autoFocus
            clearButton
            onClearButtonClick={() => setQuery("")}
          />
          {fetcher.state === "loading" && !fetcher.data ? (
            <InlineStack align="center">
              <Spinner accessibilityLabel={t("picker.searching")} size="small" />
            </InlineStack>
          ) : results.length === 0 ? (
            <Text as="p" tone="subdued">
              {query ? t("picker.noMatch", { query }) : t("picker.noProducts")}
            </Text>
          ) : (
            <BlockStack gap="200">
              {results.map((p) => {
                const checked = chosen.some((c) => c.id === p.id);
                return (
                  <div key={p.id}>
                    <InlineStack gap="300" blockAlign="center" wrap={false}>
                      <Thumbnail source={p.imageUrl || ImageIcon} alt="" size="small" />
                      <Checkbox
                        label={p.title}
                        helpText={[p.productType, p.priceText].filter(Boolean).join(" · ") || undefined}
                        checked={checked}
                        disabled={!checked && chosen.length >= max}
                        onChange={(on) =>
                          toggle({ id: p.id, title: p.title, imageUrl: p.imageUrl, price: p.price }, on)
                        }
                        id={`pick-${p.id}`}
                      />
                    </InlineStack>
                  </div>
                );
              })}
            </BlockStack>
          )}
          {chosen.length >= max ? (
            <Text as="p" tone="subdued">
              {t("picker.max", { count: max })}
            </Text>
          ) : null}
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}
