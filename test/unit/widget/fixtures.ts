// An app-proxy answer in the exact shape the server sends (see src/types.ts), for a product page.
export const productOffers = {
  context: "product",
  currency: "EUR",
  moneyFormat: "{{amount_with_comma_separator}} €",
  holdout: false,
  slots: [
    {
      slotId: "product:cross_sell:0",
      offerId: "clx0offer0001",
      type: "cross_sell",
      headline: "Complete the look",
      body: "Pairs well with your camera",
      discount: { type: "percent", value: 10 },
      items: [
        {
          productId: "8123456789012",
          variantId: "45123456789012",
          title: "SD card 128 GB",
          handle: "sd-card-128",
          url: "/products/sd-card-128",
          imageUrl: "//cdn.shopify.com/s/files/1/0000/0001/products/sd.jpg?v=1",
          price: 2999,
          compareAtPrice: 3499,
          discountedPrice: 2699,
          available: true,
          variants: [
            { id: "45123456789012", title: "128 GB", price: 2999, available: true },
            { id: "45123456789013", title: "256 GB", price: 4999, available: false },
          ],
          token: "t.eyJvIjoiY2x4MG9mZmVyMDAwMSJ9.sig",
        },
        {
          productId: "8123456789013",
          variantId: "45123456789020",
          title: "Camera bag",
          handle: "camera-bag",
          url: "https://demo-shop.myshopify.com/products/camera-bag",
          imageUrl: null,
          price: 4500,
          compareAtPrice: null,
          discountedPrice: 4050,
          available: true,
          variants: [{ id: "45123456789020", title: "Default Title", price: 4500, available: true }],
          token: "t.bag.sig",
        },
      ],
    },
  ],
  bundle: {
    offerId: null,
    anchor: {
      productId: "8123456789000",
      variantId: "45123456789000",
      title: "Mirrorless camera",
      handle: "camera",
      url: "/products/camera",
      imageUrl: "https://cdn.shopify.com/camera.jpg",
      price: 89900,
      compareAtPrice: null,
      discountedPrice: 89900,
      available: true,
      variants: [],
      token: "t.anchor.sig",
    },
    items: [
      {
        productId: "8123456789012",
        variantId: "45123456789012",
        title: "SD card 128 GB",
        handle: "sd-card-128",
        url: "/products/sd-card-128",
        imageUrl: null,
        price: 2999,
        compareAtPrice: null,
        discountedPrice: 2999,
        available: true,
        variants: [],
        token: "t.b1.sig",
      },
    ],
    discount: { type: "percent", value: 15 },
  },
  freeShipping: null,
};

export const BASE = "https://demo-shop.myshopify.com/products/camera";

export const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
