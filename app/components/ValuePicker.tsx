// Choosing several values from a known list (product types, tags, collections) with type-ahead,
// or entering a new one.
import { Autocomplete, BlockStack, InlineStack, Tag } from "@shopify/polaris";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

export function ValuePicker({
  label,
  options,
  selected,
  onChange,
  error,
  placeholder,
  allowNew = true,
}: {
  label: string;
  options: string[];
  selected: string[];
  onChange: (values: string[]) => void;
  error?: string;
  placeholder?: string;
  allowNew?: boolean;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState("");
  const filtered = useMemo(() => {
    const q = input.trim().toLowerCase();
    const list = options.filter((o) => !q || o.toLowerCase().includes(q)).slice(0, 50);
    if (allowNew && q && !options.some((o) => o.toLowerCase() === q)) list.unshift(input.trim());
    return list.map((o) => ({ value: o, label: o }));
  }, [options, input, allowNew]);

  return (
    <BlockStack gap="200">
      <Autocomplete
        allowMultiple
        options={filtered}
        selected={selected}
        onSelect={(values) => {
          onChange(values);
          setInput("");
        }}
        textField={
          <Autocomplete.TextField
            label={label}
            value={input}
            onChange={setInput}
            placeholder={placeholder}
            autoComplete="off"
            error={error}
          />
        }
        listTitle={label}
        emptyState={<div style={{ padding: 12 }}>{t("common.noMatches")}</div>}
      />
      {selected.length > 0 ? (
        <InlineStack gap="200" wrap>
          {selected.map((v) => (
            <Tag
              key={v}
              onRemove={() => onChange(selected.filter((s) => s !== v))}
              accessibilityLabel={t("common.removeValue", { value: v })}
            >
              {v}
            </Tag>
          ))}
        </InlineStack>
      ) : null}
    </BlockStack>
  );
}
