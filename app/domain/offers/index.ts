// Offers: which offers a shopper sees, segments, triggers, and the money figures they show.
export * from "./types";
export * from "./segments";
export * from "./pricing";
export * from "./triggers";
export * from "./select";
export * from "./preview";
