/**
 * Line icons for the card page's actions, as SVG data URIs (no icon font, no extra request):
 * a receipt (买单), a gift (领券), a star (积分). Stroke in the brand colour.
 */
const svg = (body: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" fill="none" stroke="#c8502d" stroke-width="3.2" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`,
  )}`;

export const ACTION_ICONS = {
  pay: svg('<path d="M12 6h24v36l-4-3-4 3-4-3-4 3-4-3-4 3z"/><path d="M18 16h12M18 23h12M18 30h7"/>'),
  claim: svg(
    '<rect x="8" y="18" width="32" height="22" rx="2"/><path d="M6 12h36v6H6zM24 12v28M24 12c-3-6-10-6-10-1s7 1 10 1zM24 12c3-6 10-6 10-1s-7 1-10 1z"/>',
  ),
  points: svg('<path d="M24 6l5.6 11.4 12.4 1.8-9 8.8 2.1 12.4L24 34.6l-11.1 5.8L15 28l-9-8.8 12.4-1.8z"/>'),
  history: svg('<circle cx="24" cy="24" r="17"/><path d="M24 14v10l7 5"/>'),
} as const;
