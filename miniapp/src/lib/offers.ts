import type { Offer } from './types';

/** 01:02:03 / 02:03 until a flash sale opens. */
export function countdownText(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  const two = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const body = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return h ? `${h >= 24 ? `${Math.floor(h / 24)}天 ` : ''}${two(h % 24)}:${body}` : body;
}

/** The offer as it stands `elapsed` seconds after it was fetched: a countdown that reached zero opens. */
export function offerAt(o: Offer, elapsed: number): Offer {
  if (o.state !== 'NOT_STARTED' || o.startsInSeconds === null) return o;
  const left = o.startsInSeconds - elapsed;
  return left > 0 ? { ...o, startsInSeconds: left } : { ...o, state: 'CLAIMABLE', startsInSeconds: null };
}
