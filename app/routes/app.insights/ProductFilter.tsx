// The product title filter of the pairs and sequences tables: typing filters after a short pause.
import { useTranslation } from "react-i18next";
import { TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

/** Changes the page's search parameters (null removes one). */
export type SetParam = (changes: Record<string, string | null>) => void;

export function ProductFilter({ value, setParam }: { value: string; setParam: SetParam }) {
  const { t } = useTranslation();
  const [text, setText] = useState(value);
  useEffect(() => {
    const handle = setTimeout(() => {
      if (text !== value) setParam({ product: text || null, page: null });
    }, 300);
    return () => clearTimeout(handle);
  }, [text, value, setParam]);
  return (
    <TextField
      label={t("insights.filter")}
      labelHidden
      placeholder={t("insights.filterPlaceholder")}
      value={text}
      onChange={setText}
      autoComplete="off"
      clearButton
      onClearButtonClick={() => setText("")}
    />
  );
}
