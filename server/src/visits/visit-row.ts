import type { Visit } from './entities/visit.entity';

/**
 * A whole visit row for code that writes visits directly (the demo seed, tests): what a plain paid
 * bill — not voided, not imported, no coupons, no staff or POS key — leaves in the columns the caller
 * does not set; `createdAt` is the visit's own time unless given.
 */
export function visitRow(
  row: Pick<Visit, 'id' | 'memberId' | 'storeId' | 'amountFen' | 'paidFen' | 'occurredAt'> & Partial<Visit>,
): Visit {
  return {
    discountFen: 0,
    balancePaidFen: 0,
    payMethod: null,
    partySize: null,
    channel: 'POS',
    orderRef: null,
    couponCodes: [],
    couponCount: 0,
    pointsEarned: 0,
    status: 'OK',
    voidedAt: null,
    voidReason: null,
    staffId: null,
    posKeyId: null,
    importKey: null,
    createdAt: row.occurredAt,
    ...row,
  };
}
