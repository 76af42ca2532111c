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

    CONSTRAINT "DailyOrderRollup_pkey" PRIMARY KEY ("shop","day","exposure","withOffer","cancelled")
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

    CONSTRAINT "DailyLineRollup_pkey" PRIMARY KEY ("shop","day","offerId","cancelled")
);

-- CreateTable
CREATE TABLE "DailyEventRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "placement" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyEventRollup_pkey" PRIMARY KEY ("shop","day","offerId","placement","type")
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

    CONSTRAINT "DailyPlacementRollup_pkey" PRIMARY KEY ("shop","day","offerId","placement","cancelled")
);

-- CreateTable
CREATE TABLE "OfferLinePlacement" (
    "lineId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "visitorId" TEXT,
    "offerKey" TEXT NOT NULL,
    "productKey" TEXT NOT NULL,
    "orderedAt" TIMESTAMP(3) NOT NULL,
    "day" TEXT NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "placement" TEXT NOT NULL,
    "gross" BIGINT NOT NULL,
    "refunded" BIGINT NOT NULL,
    "units" BIGINT NOT NULL,
    "refundedUnits" BIGINT NOT NULL,

    CONSTRAINT "OfferLinePlacement_pkey" PRIMARY KEY ("lineId")
);

-- CreateIndex
CREATE INDEX "OfferLinePlacement_shop_visitorId_idx" ON "OfferLinePlacement"("shop", "visitorId");

-- CreateIndex
CREATE INDEX "OfferLinePlacement_orderId_idx" ON "OfferLinePlacement"("orderId");

-- Dashboard rollups: backfill and triggers, written by app/lib/rollup-sql.ts (rollupMigrationSql).

INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT o."shop", to_char(o."createdAt", 'YYYY-MM-DD'), COALESCE(o."exposure", ''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = o."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, COUNT(*), SUM(CAST(o."subtotal" AS BIGINT)), SUM(CAST(o."subtotal" AS BIGINT) * CAST(o."subtotal" AS BIGINT))
  FROM "Order" o
  GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", to_char(o."createdAt", 'YYYY-MM-DD'), COALESCE(l."offerId", ''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, COUNT(*), SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  GROUP BY 1, 2, 3, 4;

INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT e."shop", to_char(e."occurredAt", 'YYYY-MM-DD'), COALESCE(e."offerId", ''), e."placement", e."type", COUNT(*)
  FROM "Event" e
  GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''), o."createdAt", to_char(o."createdAt", 'YYYY-MM-DD'), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN ('add', 'accept', 'click')
      AND COALESCE(e."offerId", 'auto') = l."offerId" AND COALESCE(e."productId", '') = COALESCE(l."productId", '')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= (o."createdAt" + INTERVAL '-30 days')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE 1 = 1 AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop");

INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", COUNT(*), SUM(p."gross"), SUM(p."refunded"), SUM(p."units"), SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p
  GROUP BY 1, 2, 3, 4, 5;

CREATE FUNCTION "rollup_order_insert"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT NEW."shop", to_char(NEW."createdAt", ''YYYY-MM-DD''), COALESCE(NEW."exposure", ''''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(NEW."subtotal" AS BIGINT), 1 * CAST(NEW."subtotal" AS BIGINT) * CAST(NEW."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_order_insert" AFTER INSERT ON "Order" FOR EACH ROW
EXECUTE FUNCTION "rollup_order_insert"();

CREATE FUNCTION "rollup_order_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT OLD."shop", to_char(OLD."createdAt", ''YYYY-MM-DD''), COALESCE(OLD."exposure", ''''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(OLD."subtotal" AS BIGINT), -1 * CAST(OLD."subtotal" AS BIGINT) * CAST(OLD."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT NEW."shop", to_char(NEW."createdAt", ''YYYY-MM-DD''), COALESCE(NEW."exposure", ''''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(NEW."subtotal" AS BIGINT), 1 * CAST(NEW."subtotal" AS BIGINT) * CAST(NEW."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT OLD."shop", to_char(OLD."createdAt", ''YYYY-MM-DD''), COALESCE(l."offerId", ''''), CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1 * COUNT(*), -1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop") AND (to_char(OLD."createdAt", ''YYYY-MM-DD'') <> to_char(NEW."createdAt", ''YYYY-MM-DD'') OR CASE WHEN OLD."cancelledAt" IS NULL THEN 1 ELSE 0 END <> CASE WHEN NEW."cancelledAt" IS NULL THEN 1 ELSE 0 END OR OLD."shop" <> NEW."shop")
  GROUP BY COALESCE(l."offerId", '''')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT NEW."shop", to_char(NEW."createdAt", ''YYYY-MM-DD''), COALESCE(l."offerId", ''''), CASE WHEN NEW."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1 * COUNT(*), 1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), 1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop") AND (to_char(OLD."createdAt", ''YYYY-MM-DD'') <> to_char(NEW."createdAt", ''YYYY-MM-DD'') OR CASE WHEN OLD."cancelledAt" IS NULL THEN 1 ELSE 0 END <> CASE WHEN NEW."cancelledAt" IS NULL THEN 1 ELSE 0 END OR OLD."shop" <> NEW."shop")
  GROUP BY COALESCE(l."offerId", '''')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_order_update" AFTER UPDATE ON "Order" FOR EACH ROW
WHEN (OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."cancelledAt" IS DISTINCT FROM NEW."cancelledAt" OR OLD."exposure" IS DISTINCT FROM NEW."exposure" OR OLD."subtotal" IS DISTINCT FROM NEW."subtotal")
EXECUTE FUNCTION "rollup_order_update"();

CREATE FUNCTION "rollup_order_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT OLD."shop", to_char(OLD."createdAt", ''YYYY-MM-DD''), COALESCE(OLD."exposure", ''''), CASE WHEN EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."id" AND ol."offerId" IS NOT NULL) THEN 1 ELSE 0 END, CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(OLD."subtotal" AS BIGINT), -1 * CAST(OLD."subtotal" AS BIGINT) * CAST(OLD."subtotal" AS BIGINT) WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT OLD."shop", to_char(OLD."createdAt", ''YYYY-MM-DD''), COALESCE(l."offerId", ''''), CASE WHEN OLD."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1 * COUNT(*), -1 * SUM((CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END)), -1 * SUM((CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END))
  FROM "OrderLine" l WHERE l."orderId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  GROUP BY COALESCE(l."offerId", '''')
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN OLD\003B
END';
CREATE TRIGGER "rollup_order_delete" BEFORE DELETE ON "Order" FOR EACH ROW
EXECUTE FUNCTION "rollup_order_delete"();

CREATE FUNCTION "rollup_line_insert"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", to_char(o."createdAt", ''YYYY-MM-DD''), COALESCE(NEW."offerId", ''''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN (2 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END) * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END) + CAST(NEW."quantity" AS BIGINT)) / (2 * CAST(NEW."quantity" AS BIGINT)) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN CAST(NEW."quantity" AS BIGINT) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = NEW."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  RETURN NEW\003B
END';
CREATE TRIGGER "rollup_line_insert" BEFORE INSERT ON "OrderLine" FOR EACH ROW
EXECUTE FUNCTION "rollup_line_insert"();

CREATE FUNCTION "rollup_line_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", to_char(o."createdAt", ''YYYY-MM-DD''), COALESCE(OLD."offerId", ''''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN (2 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END) * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END) + CAST(OLD."quantity" AS BIGINT)) / (2 * CAST(OLD."quantity" AS BIGINT)) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN CAST(OLD."quantity" AS BIGINT) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = OLD."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", to_char(o."createdAt", ''YYYY-MM-DD''), COALESCE(NEW."offerId", ''''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN (2 * (CASE WHEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" > 0 THEN CAST(NEW."price" AS BIGINT) * NEW."quantity" - NEW."discount" ELSE 0 END) * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END) + CAST(NEW."quantity" AS BIGINT)) / (2 * CAST(NEW."quantity" AS BIGINT)) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" > 0 THEN CAST(NEW."quantity" AS BIGINT) ELSE 0 END), 1 * (CASE WHEN NEW."quantity" <= 0 OR NEW."refundedQuantity" <= 0 THEN 0 WHEN NEW."refundedQuantity" < NEW."quantity" THEN CAST(NEW."refundedQuantity" AS BIGINT) ELSE CAST(NEW."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = NEW."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NEW."offerId" IS NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NEW."offerId" IS NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND OLD."offerId" IS NULL AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = NEW."orderId" AND OLD."offerId" IS NULL AND NEW."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = NEW."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> NEW."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  RETURN NEW\003B
END';
CREATE TRIGGER "rollup_line_update" BEFORE UPDATE ON "OrderLine" FOR EACH ROW
WHEN (OLD."orderId" IS DISTINCT FROM NEW."orderId" OR OLD."quantity" IS DISTINCT FROM NEW."quantity" OR OLD."price" IS DISTINCT FROM NEW."price" OR OLD."discount" IS DISTINCT FROM NEW."discount" OR OLD."refundedQuantity" IS DISTINCT FROM NEW."refundedQuantity" OR OLD."offerId" IS DISTINCT FROM NEW."offerId")
EXECUTE FUNCTION "rollup_line_update"();

CREATE FUNCTION "rollup_line_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyLineRollup" ("shop", "day", "offerId", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT o."shop", to_char(o."createdAt", ''YYYY-MM-DD''), COALESCE(OLD."offerId", ''''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN (2 * (CASE WHEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" > 0 THEN CAST(OLD."price" AS BIGINT) * OLD."quantity" - OLD."discount" ELSE 0 END) * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END) + CAST(OLD."quantity" AS BIGINT)) / (2 * CAST(OLD."quantity" AS BIGINT)) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" > 0 THEN CAST(OLD."quantity" AS BIGINT) ELSE 0 END), -1 * (CASE WHEN OLD."quantity" <= 0 OR OLD."refundedQuantity" <= 0 THEN 0 WHEN OLD."refundedQuantity" < OLD."quantity" THEN CAST(OLD."refundedQuantity" AS BIGINT) ELSE CAST(OLD."quantity" AS BIGINT) END)
  FROM "Order" o WHERE o."id" = OLD."orderId" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")
  ON CONFLICT ("shop", "day", "offerId", "cancelled") DO UPDATE SET "lines" = "DailyLineRollup"."lines" + excluded."lines", "gross" = "DailyLineRollup"."gross" + excluded."gross", "refunded" = "DailyLineRollup"."refunded" + excluded."refunded", "units" = "DailyLineRollup"."units" + excluded."units", "refundedUnits" = "DailyLineRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 1, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, -1, -1 * CAST(mo."subtotal" AS BIGINT), -1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  INSERT INTO "DailyOrderRollup" ("shop", "day", "exposure", "withOffer", "cancelled", "orders", "subtotal", "subtotalSq")
  SELECT mo."shop", to_char(mo."createdAt", ''YYYY-MM-DD''), COALESCE(mo."exposure", ''''), 0, CASE WHEN mo."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END, 1, 1 * CAST(mo."subtotal" AS BIGINT), 1 * CAST(mo."subtotal" AS BIGINT) * CAST(mo."subtotal" AS BIGINT) FROM "Order" mo WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = mo."shop") AND mo."id" = OLD."orderId" AND OLD."offerId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "OrderLine" ol WHERE ol."orderId" = OLD."orderId" AND ol."offerId" IS NOT NULL AND ol."id" <> OLD."id")
  ON CONFLICT ("shop", "day", "exposure", "withOffer", "cancelled") DO UPDATE SET "orders" = "DailyOrderRollup"."orders" + excluded."orders", "subtotal" = "DailyOrderRollup"."subtotal" + excluded."subtotal", "subtotalSq" = "DailyOrderRollup"."subtotalSq" + excluded."subtotalSq"\003B
  RETURN OLD\003B
END';
CREATE TRIGGER "rollup_line_delete" BEFORE DELETE ON "OrderLine" FOR EACH ROW
EXECUTE FUNCTION "rollup_line_delete"();

CREATE FUNCTION "rollup_event_insert"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT NEW."shop", to_char(NEW."occurredAt", ''YYYY-MM-DD''), COALESCE(NEW."offerId", ''''), NEW."placement", NEW."type", 1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_event_insert" AFTER INSERT ON "Event" FOR EACH ROW
EXECUTE FUNCTION "rollup_event_insert"();

CREATE FUNCTION "rollup_event_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT OLD."shop", to_char(OLD."occurredAt", ''YYYY-MM-DD''), COALESCE(OLD."offerId", ''''), OLD."placement", OLD."type", -1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count"\003B
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT NEW."shop", to_char(NEW."occurredAt", ''YYYY-MM-DD''), COALESCE(NEW."offerId", ''''), NEW."placement", NEW."type", 1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = NEW."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_event_update" AFTER UPDATE ON "Event" FOR EACH ROW
WHEN (OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."occurredAt" IS DISTINCT FROM NEW."occurredAt" OR OLD."offerId" IS DISTINCT FROM NEW."offerId" OR OLD."placement" IS DISTINCT FROM NEW."placement" OR OLD."type" IS DISTINCT FROM NEW."type")
EXECUTE FUNCTION "rollup_event_update"();

CREATE FUNCTION "rollup_event_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyEventRollup" ("shop", "day", "offerId", "placement", "type", "count")
  SELECT OLD."shop", to_char(OLD."occurredAt", ''YYYY-MM-DD''), COALESCE(OLD."offerId", ''''), OLD."placement", OLD."type", -1 WHERE EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = OLD."shop")
  ON CONFLICT ("shop", "day", "offerId", "placement", "type") DO UPDATE SET "count" = "DailyEventRollup"."count" + excluded."count"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_event_delete" AFTER DELETE ON "Event" FOR EACH ROW
EXECUTE FUNCTION "rollup_event_delete"();

CREATE FUNCTION "rollup_placement_line_insert"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = NEW."id"\003B
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''''), o."createdAt", to_char(o."createdAt", ''YYYY-MM-DD''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = l."offerId" AND COALESCE(e."productId", '''') = COALESCE(l."productId", '''')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= (o."createdAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_line_insert" AFTER INSERT ON "OrderLine" FOR EACH ROW
EXECUTE FUNCTION "rollup_placement_line_insert"();

CREATE FUNCTION "rollup_placement_line_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = NEW."id"\003B
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''''), o."createdAt", to_char(o."createdAt", ''YYYY-MM-DD''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = l."offerId" AND COALESCE(e."productId", '''') = COALESCE(l."productId", '''')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= (o."createdAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_line_update" AFTER UPDATE ON "OrderLine" FOR EACH ROW
WHEN (OLD."orderId" IS DISTINCT FROM NEW."orderId" OR OLD."quantity" IS DISTINCT FROM NEW."quantity" OR OLD."price" IS DISTINCT FROM NEW."price" OR OLD."discount" IS DISTINCT FROM NEW."discount" OR OLD."refundedQuantity" IS DISTINCT FROM NEW."refundedQuantity" OR OLD."offerId" IS DISTINCT FROM NEW."offerId" OR OLD."productId" IS DISTINCT FROM NEW."productId")
EXECUTE FUNCTION "rollup_placement_line_update"();

CREATE FUNCTION "rollup_placement_line_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."lineId" = OLD."id"\003B
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''''), o."createdAt", to_char(o."createdAt", ''YYYY-MM-DD''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = l."offerId" AND COALESCE(e."productId", '''') = COALESCE(l."productId", '''')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= (o."createdAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."id" = OLD."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."lineId" = OLD."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_line_delete" AFTER DELETE ON "OrderLine" FOR EACH ROW
EXECUTE FUNCTION "rollup_placement_line_delete"();

CREATE FUNCTION "rollup_placement_order_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  DELETE FROM "OfferLinePlacement" WHERE "OfferLinePlacement"."orderId" = NEW."id"\003B
  INSERT INTO "OfferLinePlacement" ("lineId", "shop", "orderId", "visitorId", "offerKey", "productKey", "orderedAt", "day", "cancelled", "placement", "gross", "refunded", "units", "refundedUnits")
  SELECT l."id", o."shop", o."id", o."visitorId", l."offerId", COALESCE(l."productId", ''''), o."createdAt", to_char(o."createdAt", ''YYYY-MM-DD''), CASE WHEN o."cancelledAt" IS NOT NULL THEN 1 ELSE 0 END,
    COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = o."shop" AND e."visitorId" = o."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = l."offerId" AND COALESCE(e."productId", '''') = COALESCE(l."productId", '''')
      AND e."occurredAt" <= o."createdAt" AND e."occurredAt" >= (o."createdAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), ''''),
    (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN (2 * (CASE WHEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" > 0 THEN CAST(l."price" AS BIGINT) * l."quantity" - l."discount" ELSE 0 END) * (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END) + CAST(l."quantity" AS BIGINT)) / (2 * CAST(l."quantity" AS BIGINT)) ELSE 0 END), (CASE WHEN l."quantity" > 0 THEN CAST(l."quantity" AS BIGINT) ELSE 0 END), (CASE WHEN l."quantity" <= 0 OR l."refundedQuantity" <= 0 THEN 0 WHEN l."refundedQuantity" < l."quantity" THEN CAST(l."refundedQuantity" AS BIGINT) ELSE CAST(l."quantity" AS BIGINT) END)
  FROM "OrderLine" l JOIN "Order" o ON o."id" = l."orderId"
  WHERE l."orderId" = NEW."id" AND l."offerId" IS NOT NULL AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = o."shop")\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."orderId" = NEW."id" AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_order_update" AFTER UPDATE ON "Order" FOR EACH ROW
WHEN (OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."createdAt" IS DISTINCT FROM NEW."createdAt" OR OLD."cancelledAt" IS DISTINCT FROM NEW."cancelledAt" OR OLD."visitorId" IS DISTINCT FROM NEW."visitorId")
EXECUTE FUNCTION "rollup_placement_order_update"();

CREATE FUNCTION "rollup_placement_event_insert"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND p."productKey" = COALESCE(NEW."productId", '''') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '''') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= ("OfferLinePlacement"."orderedAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '''') WHERE "OfferLinePlacement"."shop" = NEW."shop" AND "OfferLinePlacement"."visitorId" = NEW."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND "OfferLinePlacement"."productKey" = COALESCE(NEW."productId", '''') AND "OfferLinePlacement"."orderedAt" >= NEW."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'')\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND p."productKey" = COALESCE(NEW."productId", '''') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_event_insert" AFTER INSERT ON "Event" FOR EACH ROW
WHEN (NEW."type" IN ('add', 'accept', 'click'))
EXECUTE FUNCTION "rollup_placement_event_insert"();

CREATE FUNCTION "rollup_placement_event_update"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND p."productKey" = COALESCE(OLD."productId", '''') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '''') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= ("OfferLinePlacement"."orderedAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '''') WHERE "OfferLinePlacement"."shop" = OLD."shop" AND "OfferLinePlacement"."visitorId" = OLD."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND "OfferLinePlacement"."productKey" = COALESCE(OLD."productId", '''') AND "OfferLinePlacement"."orderedAt" >= OLD."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'')\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND p."productKey" = COALESCE(OLD."productId", '''') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND p."productKey" = COALESCE(NEW."productId", '''') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '''') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= ("OfferLinePlacement"."orderedAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '''') WHERE "OfferLinePlacement"."shop" = NEW."shop" AND "OfferLinePlacement"."visitorId" = NEW."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND "OfferLinePlacement"."productKey" = COALESCE(NEW."productId", '''') AND "OfferLinePlacement"."orderedAt" >= NEW."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'')\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = NEW."shop" AND p."visitorId" = NEW."visitorId" AND p."offerKey" = COALESCE(NEW."offerId", ''auto'')
    AND p."productKey" = COALESCE(NEW."productId", '''') AND p."orderedAt" >= NEW."occurredAt"
    AND p."orderedAt" <= (NEW."occurredAt" + INTERVAL ''31 days'') AND NEW."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_event_update" AFTER UPDATE ON "Event" FOR EACH ROW
WHEN (OLD."shop" IS DISTINCT FROM NEW."shop" OR OLD."occurredAt" IS DISTINCT FROM NEW."occurredAt" OR OLD."offerId" IS DISTINCT FROM NEW."offerId" OR OLD."placement" IS DISTINCT FROM NEW."placement" OR OLD."type" IS DISTINCT FROM NEW."type" OR OLD."visitorId" IS DISTINCT FROM NEW."visitorId" OR OLD."productId" IS DISTINCT FROM NEW."productId")
EXECUTE FUNCTION "rollup_placement_event_update"();

CREATE FUNCTION "rollup_placement_event_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", -1 * COUNT(*), -1 * SUM(p."gross"), -1 * SUM(p."refunded"), -1 * SUM(p."units"), -1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND p."productKey" = COALESCE(OLD."productId", '''') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  UPDATE "OfferLinePlacement" SET "placement" = COALESCE((SELECT e."placement" FROM "Event" e
    WHERE e."shop" = "OfferLinePlacement"."shop" AND e."visitorId" = "OfferLinePlacement"."visitorId" AND e."type" IN (''add'', ''accept'', ''click'')
      AND COALESCE(e."offerId", ''auto'') = "OfferLinePlacement"."offerKey" AND COALESCE(e."productId", '''') = "OfferLinePlacement"."productKey"
      AND e."occurredAt" <= "OfferLinePlacement"."orderedAt" AND e."occurredAt" >= ("OfferLinePlacement"."orderedAt" + INTERVAL ''-30 days'')
    ORDER BY e."occurredAt" DESC, e."id" DESC LIMIT 1), '''') WHERE "OfferLinePlacement"."shop" = OLD."shop" AND "OfferLinePlacement"."visitorId" = OLD."visitorId" AND "OfferLinePlacement"."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND "OfferLinePlacement"."productKey" = COALESCE(OLD."productId", '''') AND "OfferLinePlacement"."orderedAt" >= OLD."occurredAt"
    AND "OfferLinePlacement"."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'')\003B
  INSERT INTO "DailyPlacementRollup" ("shop", "day", "offerId", "placement", "cancelled", "lines", "gross", "refunded", "units", "refundedUnits")
  SELECT p."shop", p."day", p."offerKey", p."placement", p."cancelled", 1 * COUNT(*), 1 * SUM(p."gross"), 1 * SUM(p."refunded"), 1 * SUM(p."units"), 1 * SUM(p."refundedUnits")
  FROM "OfferLinePlacement" p WHERE p."shop" = OLD."shop" AND p."visitorId" = OLD."visitorId" AND p."offerKey" = COALESCE(OLD."offerId", ''auto'')
    AND p."productKey" = COALESCE(OLD."productId", '''') AND p."orderedAt" >= OLD."occurredAt"
    AND p."orderedAt" <= (OLD."occurredAt" + INTERVAL ''31 days'') AND OLD."type" IN (''add'', ''accept'', ''click'') AND EXISTS (SELECT 1 FROM "Shop" sh WHERE sh."domain" = p."shop")
  GROUP BY p."shop", p."day", p."offerKey", p."placement", p."cancelled"
  ON CONFLICT ("shop", "day", "offerId", "placement", "cancelled") DO UPDATE SET "lines" = "DailyPlacementRollup"."lines" + excluded."lines", "gross" = "DailyPlacementRollup"."gross" + excluded."gross", "refunded" = "DailyPlacementRollup"."refunded" + excluded."refunded", "units" = "DailyPlacementRollup"."units" + excluded."units", "refundedUnits" = "DailyPlacementRollup"."refundedUnits" + excluded."refundedUnits"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_placement_event_delete" AFTER DELETE ON "Event" FOR EACH ROW
WHEN (OLD."type" IN ('add', 'accept', 'click'))
EXECUTE FUNCTION "rollup_placement_event_delete"();

CREATE FUNCTION "rollup_shop_delete"() RETURNS trigger LANGUAGE plpgsql AS U&'BEGIN
  DELETE FROM "DailyOrderRollup" WHERE "shop" = OLD."domain"\003B
  DELETE FROM "DailyLineRollup" WHERE "shop" = OLD."domain"\003B
  DELETE FROM "DailyEventRollup" WHERE "shop" = OLD."domain"\003B
  DELETE FROM "DailyPlacementRollup" WHERE "shop" = OLD."domain"\003B
  DELETE FROM "OfferLinePlacement" WHERE "shop" = OLD."domain"\003B
  RETURN NULL\003B
END';
CREATE TRIGGER "rollup_shop_delete" AFTER DELETE ON "Shop" FOR EACH ROW
EXECUTE FUNCTION "rollup_shop_delete"();
