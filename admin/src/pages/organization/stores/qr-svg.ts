import { encode } from 'uqr';

/** A QR code as an SVG string (crisp at any print size). */
export function qrSvg(text: string): string {
  const m = encode(text, { ecc: 'M', border: 2 }).data;
  const n = m.length;
  let d = '';
  m.forEach((row, y) => row.forEach((on, x) => on && (d += `M${x} ${y}h1v1h-1z`)));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** Where a table's code leads: the mini-program's entry page (h5 link; weapp codes carry the same scene). */
export function tableEntryUrl(origin: string, storeCode: string, tableNo: string): string {
  return `${origin}/m/?store=${encodeURIComponent(storeCode)}&table=${encodeURIComponent(tableNo)}`;
}
