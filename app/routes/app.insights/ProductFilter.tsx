// The product title filter of the pairs and sequences tables: typing filters after a short pause.
import { TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";

/** Changes the page's search parameters (null removes one). */
export type SetParam = (changes: Record<string, string | null>) => void;

export function ProductFilter({ value, setParam }: { value: string; setParam: SetParam }) {
  const [text, setText] = useState(value);
  useEffect(() => {
    const handle = setTimeout(() => {
      if (text !== value) setParam({ product: text || null, page: null });
    }, 300);
    return () => clearTimeout(handle);
  }, [text, value, setParam]);
  return (
    <TextField
      label="Filter by product"
      labelHidden
      placeholder="Filter by product title"
      value={text}
      onChange={setText}
      autoComplete="off"
      clearButton
      onClearButtonClick={() => setText("")}
    />
  );
}
