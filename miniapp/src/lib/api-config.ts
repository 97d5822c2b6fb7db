/**
 * Base URL of the Tableside API. h5 is served by the API server under /m/, so it calls the same
 * origin; weapp's wx.request needs an absolute URL, so it prepends TARO_APP_API_ORIGIN.
 * The values are inlined at build time from .env.<mode>.
 */
export function apiBaseUrl(): string {
  const base = process.env.TARO_APP_API_BASE;
  return process.env.TARO_ENV === 'h5' ? base : `${process.env.TARO_APP_API_ORIGIN}${base}`;
}
