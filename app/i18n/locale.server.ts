// Which language a request to the admin is answered in. Shopify adds the admin user's language
// to the URL it opens an embedded app with (`?locale=de` or `de-DE`); later requests of the same
// page (Remix data requests, form posts) do not carry it, so the choice is kept in a cookie. The
// demo admin switches the same way (`/app?locale=de`). Without either, the browser's
// Accept-Language decides, and English is the fallback.
import { DEFAULT_LOCALE, supportedLocale, tFor, type Locale } from "./i18n";

export const LOCALE_COOKIE = "pairwise_locale";

function cookieLocale(request: Request): Locale | null {
  const header = request.headers.get("cookie") ?? "";
  const match = header.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]{1,16})`));
  return match ? supportedLocale(decodeURIComponent(match[1])) : null;
}

/** The first supported language of an Accept-Language header, by its q-values. */
export function acceptLanguageLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const tags = header
    .slice(0, 512)
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag, weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((t) => t.tag && t.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const t of tags) {
    const locale = supportedLocale(t.tag);
    if (locale) return locale;
  }
  return null;
}

/** The locale asked for in the URL (`?locale=`), when it names a supported one. */
export function urlLocale(request: Request): Locale | null {
  return supportedLocale(new URL(request.url).searchParams.get("locale"));
}

/** The admin's locale for a request: `?locale=`, then the cookie, then Accept-Language, then English. */
export function requestLocale(request: Request): Locale {
  return (
    urlLocale(request) ??
    cookieLocale(request) ??
    acceptLanguageLocale(request.headers.get("accept-language")) ??
    DEFAULT_LOCALE
  );
}

/** The translate function for a request's locale (actions' validation errors and toasts). */
export function requestT(request: Request) {
  return tFor(requestLocale(request));
}

/**
 * The Set-Cookie header that remembers a locale named in the URL, or null when the URL names none
 * or the cookie already says it. Inside Shopify admin the app is a third-party iframe: the cookie
 * is then SameSite=None, Secure and Partitioned (CHIPS), so browsers keep it for that frame.
 */
export function localeCookieHeader(request: Request): string | null {
  const locale = urlLocale(request);
  if (!locale || cookieLocale(request) === locale) return null;
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const attributes = secure ? "SameSite=None; Secure; Partitioned" : "SameSite=Lax";
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; HttpOnly; ${attributes}`;
}
