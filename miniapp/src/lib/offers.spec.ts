import { countdownText, offerAt } from './offers';
import type { Offer } from './types';

const offer = (over: Partial<Offer>): Offer => ({
  templateId: 't',
  name: '秒杀券',
  summary: '',
  description: null,
  state: 'NOT_STARTED',
  startsAt: '2026-12-01T04:00:00.000Z',
  startsInSeconds: 90,
  stockLeft: 100,
  claimed: 0,
  perMemberLimit: 1,
  minTierName: null,
  pointsCost: null,
  rule: {} as Offer['rule'],
  ...over,
});

describe('flash-sale countdown', () => {
  it('reads as mm:ss, hh:mm:ss, or days', () => {
    expect(countdownText(65)).toBe('01:05');
    expect(countdownText(0.2)).toBe('00:01'); // never shows 00:00 while still closed
    expect(countdownText(3 * 3600 + 7)).toBe('03:00:07');
    expect(countdownText(26 * 3600)).toBe('1天 02:00:00');
  });

  it('counts down from the server figure and opens at zero, without a refetch', () => {
    expect(offerAt(offer({}), 30).startsInSeconds).toBe(60);
    expect(offerAt(offer({}), 30).state).toBe('NOT_STARTED');
    const open = offerAt(offer({}), 90);
    expect([open.state, open.startsInSeconds]).toEqual(['CLAIMABLE', null]);
    // Other states are left alone (a sold-out sale does not reopen).
    expect(offerAt(offer({ state: 'OUT_OF_STOCK', startsInSeconds: null }), 500).state).toBe('OUT_OF_STOCK');
  });
});
