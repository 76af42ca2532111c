// The dashboard's trend charts (Polaris Viz), loaded in the browser only.
import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useTranslation } from "react-i18next";

export interface TrendPoint {
  date: string;
  revenue: number;
  orders: number;
  offerOrders: number;
}

export default function TrendChart({
  points,
  formatMoney,
  kind,
}: {
  points: TrendPoint[];
  formatMoney: (cents: number) => string;
  kind: "revenue" | "orders";
}) {
  const { t } = useTranslation();
  const data =
    kind === "revenue"
      ? [{ name: t("kpi.attributedRevenue"), data: points.map((p) => ({ key: p.date, value: p.revenue })) }]
      : [
          { name: t("chart.allOrders"), data: points.map((p) => ({ key: p.date, value: p.orders })) },
          { name: t("chart.offerOrders"), data: points.map((p) => ({ key: p.date, value: p.offerOrders })) },
        ];
  return (
    <PolarisVizProvider>
      <div style={{ height: 260 }}>
        <LineChart
          theme="Light"
          data={data}
          xAxisOptions={{ labelFormatter: (v) => String(v).slice(5) }}
          yAxisOptions={{ labelFormatter: (v) => (kind === "revenue" ? formatMoney(Number(v)) : String(v)) }}
          tooltipOptions={{ valueFormatter: (v) => (kind === "revenue" ? formatMoney(Number(v)) : String(v)) }}
        />
      </div>
    </PolarisVizProvider>
  );
}
