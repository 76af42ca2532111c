-- CreateTable
CREATE TABLE "DailyOrderRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "exposure" TEXT NOT NULL,
    "withOffer" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "subtotal" BIGINT NOT NULL DEFAULT 0,
    "subtotalSq" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "exposure", "withOffer", "cancelled")
);

-- CreateTable
CREATE TABLE "DailyLineRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "gross" BIGINT NOT NULL DEFAULT 0,
    "refunded" BIGINT NOT NULL DEFAULT 0,
    "units" BIGINT NOT NULL DEFAULT 0,
    "refundedUnits" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "offerId", "cancelled")
);

-- CreateTable
CREATE TABLE "DailyEventRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "placement" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "offerId", "placement", "type")
);

-- CreateTable
CREATE TABLE "DailyPlacementRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "placement" TEXT NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL DEFAULT 0,
    "gross" BIGINT NOT NULL DEFAULT 0,
    "refunded" BIGINT NOT NULL DEFAULT 0,
    "units" BIGINT NOT NULL DEFAULT 0,
    "refundedUnits" BIGINT NOT NULL DEFAULT 0,

    PRIMARY KEY ("shop", "day", "offerId", "placement", "cancelled")
);

-- CreateTable
CREATE TABLE "OfferLinePlacement" (
    "lineId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "visitorId" TEXT,
    "offerKey" TEXT NOT NULL,
    "productKey" TEXT NOT NULL,
    "orderedAt" DATETIME NOT NULL,
    "day" TEXT NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "placement" TEXT NOT NULL,
    "gross" BIGINT NOT NULL,
    "refunded" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,
    "refundedUnits" BIGINT NOT NULL
);

-- CreateIndex
CREATE INDEX "OfferLinePlacement_shop_visitorId_idx" ON "OfferLinePlacement"("shop", "visitorId");

-- CreateIndex
CREATE INDEX "OfferLinePlacement_orderId_idx" ON "OfferLinePlacement"("orderId");

-- Dashboard rollups: backfill and triggers, written by app/lib/rollup-sql.ts (rollupMigrationSql).

INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(o."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = o."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, COUNT(*), SUM(CAST(o."subtotal" AS BIGINT)), SUM(CAST(o."subtotal" AS BIGINT) * CAST(o."subtotal" AS BIGINT))
  FROM "Order" o
  GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(l."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, COUNT(*), SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  GROUP BY 1, 2, 3, 4;

INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT e."shop", strftime('%Y-%m-%d', e."occurredAt"), COALESCE(e."offerId", ''), e."placement", e."type", COUNT(*)
  FROM "Event" e
  GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", strftime('%Y-%m-%d', o."createdAt"), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', o."createdAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE 1 = 1 AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");

INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", COUNT(*), SUM(p."gross"), SUM(p."refunded"), SUM(p."units"), SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p
  GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER "rollup_order_insert" AFTER INSERT ON "Order" FOR EACH ROW
BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT NEW."shop", strftime('%Y-%m-%d', NEW."createdAt"), COALESCE(NEW."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(NEW."subtotal" AS BIGINT), 1 * CAST(NEW."subtotal" AS BIGINT) * CAST(NEW."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
END;

CREATE TRIGGER "rollup_order_update" AFTER UPDATE ON "Order" FOR EACH ROW
WHEN OLD."shop" IS NOT NEW."shop" OR OLD."createdAt" IS NOT NEW."createdAt" OR OLD."cancelledAt" IS NOT NEW."cancelledAt" OR OLD."exposure" IS NOT NEW."exposure" OR OLD."subtotal" IS NOT NEW."subtotal"
BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."createdAt"), COALESCE(OLD."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(OLD."subtotal" AS BIGINT), -1 * CAST(OLD."subtotal" AS BIGINT) * CAST(OLD."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT NEW."shop", strftime('%Y-%m-%d', NEW."createdAt"), COALESCE(NEW."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(NEW."subtotal" AS BIGINT), 1 * CAST(NEW."subtotal" AS BIGINT) * CAST(NEW."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."createdAt"), COALESCE(l."offerId", ''), CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1 * COUNT(*), -1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop") AND (strftime('%Y-%m-%d', OLD."createdAt") <> strftime('%Y-%m-%d', NEW."createdAt") OR CASE WHEN OLD."cancelledAt" IS NULL THEN 1 ELSE 0 END <> CASE WHEN NEW."cancelledAt" IS NULL THEN 1 ELSE 0 END OR OLD."shop" <> NEW."shop")
  GROUP BY COALESCE(l."offerId", '')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT NEW."shop", strftime('%Y-%m-%d', NEW."createdAt"), COALESCE(l."offerId", ''), CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1 * COUNT(*), 1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop") AND (strftime('%Y-%m-%d', OLD."createdAt") <> strftime('%Y-%m-%d', NEW."createdAt") OR CASE WHEN OLD."cancelledAt" IS NULL THEN 1 ELSE 0 END <> CASE WHEN NEW."cancelledAt" IS NULL THEN 1 ELSE 0 END OR OLD."shop" <> NEW."shop")
  GROUP BY COALESCE(l."offerId", '')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_order_delete" BEFORE DELETE ON "Order" FOR EACH ROW
BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."createdAt"), COALESCE(OLD."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(OLD."subtotal" AS BIGINT), -1 * CAST(OLD."subtotal" AS BIGINT) * CAST(OLD."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."createdAt"), COALESCE(l."offerId", ''), CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1 * COUNT(*), -1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  GROUP BY COALESCE(l."offerId", '')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_line_insert" BEFORE INSERT ON "OrderLine" FOR EACH ROW
BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(NEW."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN (2 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END) * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END) + CAST(NEW."quantity" AS BIGINT)) / (2 * CAST(NEW."quantity" AS BIGINT)) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN CAST(NEW."quantity" AS BIGINT) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = NEW."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
END;

CREATE TRIGGER "rollup_line_update" BEFORE UPDATE ON "OrderLine" FOR EACH ROW
WHEN OLD."orderId" IS NOT NEW."orderId" OR OLD."quantity" IS NOT NEW."quantity" OR OLD."price" IS NOT NEW."price" OR OLD."discount" IS NOT NEW."discount" OR OLD."refundedQuantity" IS NOT NEW."refundedQuantity" OR OLD."offerId" IS NOT NEW."offerId"
BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(OLD."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN (2 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END) * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END) + CAST(OLD."quantity" AS BIGINT)) / (2 * CAST(OLD."quantity" AS BIGINT)) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN CAST(OLD."quantity" AS BIGINT) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = OLD."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(NEW."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN (2 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END) * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END) + CAST(NEW."quantity" AS BIGINT)) / (2 * CAST(NEW."quantity" AS BIGINT)) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN CAST(NEW."quantity" AS BIGINT) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = NEW."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NEW."offerId" IS NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NEW."offerId" IS NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND OLD."offerId" IS NULL AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND OLD."offerId" IS NULL AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
END;

CREATE TRIGGER "rollup_line_delete" BEFORE DELETE ON "OrderLine" FOR EACH ROW
BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", strftime('%Y-%m-%d', o."createdAt"), COALESCE(OLD."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN (2 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END) * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END) + CAST(OLD."quantity" AS BIGINT)) / (2 * CAST(OLD."quantity" AS BIGINT)) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN CAST(OLD."quantity" AS BIGINT) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = OLD."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", strftime('%Y-%m-%d', mo."createdAt"), COALESCE(mo."exposure", ''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq";
END;

CREATE TRIGGER "rollup_event_insert" AFTER INSERT ON "Event" FOR EACH ROW
BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT NEW."shop", strftime('%Y-%m-%d', NEW."occurredAt"), COALESCE(NEW."offerId", ''), NEW."placement", NEW."type", 1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count";
END;

CREATE TRIGGER "rollup_event_update" AFTER UPDATE ON "Event" FOR EACH ROW
WHEN OLD."shop" IS NOT NEW."shop" OR OLD."occurredAt" IS NOT NEW."occurredAt" OR OLD."offerId" IS NOT NEW."offerId" OR OLD."placement" IS NOT NEW."placement" OR OLD."type" IS NOT NEW."type"
BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."occurredAt"), COALESCE(OLD."offerId", ''), OLD."placement", OLD."type", -1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count";
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT NEW."shop", strftime('%Y-%m-%d', NEW."occurredAt"), COALESCE(NEW."offerId", ''), NEW."placement", NEW."type", 1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count";
END;

CREATE TRIGGER "rollup_event_delete" AFTER DELETE ON "Event" FOR EACH ROW
BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT OLD."shop", strftime('%Y-%m-%d', OLD."occurredAt"), COALESCE(OLD."offerId", ''), OLD."placement", OLD."type", -1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count";
END;

CREATE TRIGGER "rollup_placement_line_insert" AFTER INSERT ON "OrderLine" FOR EACH ROW
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = NEW."id";
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", strftime('%Y-%m-%d', o."createdAt"), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', o."createdAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_line_update" AFTER UPDATE ON "OrderLine" FOR EACH ROW
WHEN OLD."orderId" IS NOT NEW."orderId" OR OLD."quantity" IS NOT NEW."quantity" OR OLD."price" IS NOT NEW."price" OR OLD."discount" IS NOT NEW."discount" OR OLD."refundedQuantity" IS NOT NEW."refundedQuantity" OR OLD."offerId" IS NOT NEW."offerId" OR OLD."productId" IS NOT NEW."productId"
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = NEW."id";
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", strftime('%Y-%m-%d', o."createdAt"), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', o."createdAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_line_delete" AFTER DELETE ON "OrderLine" FOR EACH ROW
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = OLD."id";
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", strftime('%Y-%m-%d', o."createdAt"), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', o."createdAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = OLD."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_order_update" AFTER UPDATE ON "Order" FOR EACH ROW
WHEN OLD."shop" IS NOT NEW."shop" OR OLD."createdAt" IS NOT NEW."createdAt" OR OLD."cancelledAt" IS NOT NEW."cancelledAt" OR OLD."visitorId" IS NOT NEW."visitorId"
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."orderId" = NEW."id";
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", strftime('%Y-%m-%d', o."createdAt"), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', o."createdAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."orderId" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_event_insert" AFTER INSERT ON "Event" FOR EACH ROW
WHEN NEW."type" IN ('add', 'accept', 'click')
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND p."productKey" = COALESCE(NEW."productId", '') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', "OfferLinePlacement"."orderedAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '') WHERE "OfferLinePlacement"."shop" = NEW."shop" AND "OfferLinePlacement"."visitorId" = NEW."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND "OfferLinePlacement"."productKey" = COALESCE(NEW."productId", '') AND "OfferLinePlacement"."orderedAt" >= NEW."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click');
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND p."productKey" = COALESCE(NEW."productId", '') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_event_update" AFTER UPDATE ON "Event" FOR EACH ROW
WHEN OLD."shop" IS NOT NEW."shop" OR OLD."occurredAt" IS NOT NEW."occurredAt" OR OLD."offerId" IS NOT NEW."offerId" OR OLD."placement" IS NOT NEW."placement" OR OLD."type" IS NOT NEW."type" OR OLD."visitorId" IS NOT NEW."visitorId" OR OLD."productId" IS NOT NEW."productId"
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND p."productKey" = COALESCE(OLD."productId", '') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', "OfferLinePlacement"."orderedAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '') WHERE "OfferLinePlacement"."shop" = OLD."shop" AND "OfferLinePlacement"."visitorId" = OLD."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND "OfferLinePlacement"."productKey" = COALESCE(OLD."productId", '') AND "OfferLinePlacement"."orderedAt" >= OLD."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click');
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND p."productKey" = COALESCE(OLD."productId", '') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND p."productKey" = COALESCE(NEW."productId", '') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', "OfferLinePlacement"."orderedAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '') WHERE "OfferLinePlacement"."shop" = NEW."shop" AND "OfferLinePlacement"."visitorId" = NEW."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND "OfferLinePlacement"."productKey" = COALESCE(NEW."productId", '') AND "OfferLinePlacement"."orderedAt" >= NEW."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click');
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", 'auto')
    AND p."productKey" = COALESCE(NEW."productId", '') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', NEW."occurredAt", '+31 days') AND NEW."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_placement_event_delete" AFTER DELETE ON "Event" FOR EACH ROW
WHEN OLD."type" IN ('add', 'accept', 'click')
BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND p."productKey" = COALESCE(OLD."productId", '') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= strftime('%Y-%m-%dT%H:%M:%f+00:00', "OfferLinePlacement"."orderedAt", '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '') WHERE "OfferLinePlacement"."shop" = OLD."shop" AND "OfferLinePlacement"."visitorId" = OLD."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND "OfferLinePlacement"."productKey" = COALESCE(OLD."productId", '') AND "OfferLinePlacement"."orderedAt" >= OLD."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click');
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", 'auto')
    AND p."productKey" = COALESCE(OLD."productId", '') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= strftime('%Y-%m-%dT%H:%M:%f+00:00', OLD."occurredAt", '+31 days') AND OLD."type" IN ('add', 'accept', 'click') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits";
END;

CREATE TRIGGER "rollup_shop_delete" AFTER DELETE ON "Shop" FOR EACH ROW
BEGIN
  DELETE FROM "DailyOrderRollup" WHERE "shop" = OLD."domain";
  DELETE FROM "DailyLineRollup" WHERE "shop" = OLD."domain";
  DELETE FROM "DailyEventRollup" WHERE "shop" = OLD."domain";
  DELETE FROM "DailyPlacementRollup" WHERE "shop" = OLD."domain";
  DELETE FROM "OfferLinePlacement" WHERE "shop" = OLD."domain";
END;
