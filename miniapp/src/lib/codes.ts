/**
 * QR codes and barcodes as SVG data URIs, shown with <Image> on both platforms (weapp's image
 * component and the browser both render SVG data URIs). The encoders are pure functions:
 * `uqr` for QR (no DOM, ~12 kB) and JsBarcode's Code 128 encoder class (no DOM part imported).
 */
import { encode } from 'uqr';
// The encoder alone: JsBarcode's renderers (canvas/svg DOM) are not imported.
import CODE128 from 'jsbarcode/bin/barcodes/CODE128/CODE128_AUTO.js';

function base64(text: string): string {
  // SVG here is ASCII only, so btoa-style encoding by hand is safe on both platforms.
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const a = text.charCodeAt(i);
    const b = i + 1 < text.length ? text.charCodeAt(i + 1) : NaN;
    const c = i + 2 < text.length ? text.charCodeAt(i + 2) : NaN;
    const n = (a << 16) | ((b || 0) << 8) | (c || 0);
    out += chars[(n >> 18) & 63] + chars[(n >> 12) & 63];
    out += Number.isNaN(b) ? '=' : chars[(n >> 6) & 63];
    out += Number.isNaN(c) ? '=' : chars[n & 63];
  }
  return out;
}

const dataUri = (svg: string) => `data:image/svg+xml;base64,${base64(svg)}`;

/** The QR matrix (true = dark), quiet zone included. */
export function qrMatrix(text: string): boolean[][] {
  return encode(text, { ecc: 'M', border: 2 }).data;
}

export function qrSvg(text: string): string {
  const m = qrMatrix(text);
  const size = m.length;
  let path = '';
  m.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

/** Code 128 modules ("1" = bar), start/stop and checksum included; digits use set C (compact). */
export function code128Bits(text: string): string {
  const enc = new CODE128(text, {}) as { valid(): boolean; encode(): { data: string } };
  if (!enc.valid()) throw new RangeError('Code 128 cannot encode this text');
  return enc.encode().data;
}

export function barcodeSvg(text: string): string {
  const bits = code128Bits(text);
  const quiet = 10;
  let path = '';
  for (let i = 0; i < bits.length; i++) if (bits[i] === '1') path += `M${i + quiet} 0h1v60h-1z`;
  const w = bits.length + quiet * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} 60" preserveAspectRatio="none" shape-rendering="crispEdges"><rect width="${w}" height="60" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}

export const qrDataUri = (text: string) => dataUri(qrSvg(text));
export const barcodeDataUri = (text: string) => dataUri(barcodeSvg(text));
