/** Fixtures shaped like the server's answers, for component tests. */
import type { MemberCard, WalletCoupon } from '@/lib/types';

export const aCard = (over: Partial<MemberCard> = {}): MemberCard => ({
  profile: {
    id: 'm1',
    memberNo: 123456789,
    name: '张小满',
    phone: '138****8000',
    tierCode: 'SILVER',
    tierName: '银卡',
    pointsBalance: 2456,
    balancePrincipalFen: 50_000,
    balanceBonusFen: 5_000,
    consentSms: false,
    consentWechat: false,
    birthday: null,
    joinChannel: 'TABLE_QR',
    tags: [],
    createdAt: '2026-01-01T00:00:00Z',
  },
  tier: {
    code: 'SILVER',
    name: '银卡',
    rank: 2,
    thresholdFen: 100_000,
    pointsMultiplierPercent: 120,
    memberPricePercentOff: 0,
    benefits: ['消费积分 1.2 倍'],
  },
  nextTier: {
    code: 'GOLD',
    name: '金卡',
    rank: 3,
    thresholdFen: 500_000,
    pointsMultiplierPercent: 150,
    memberPricePercentOff: 5,
    benefits: ['会员价 95折', '消费积分 1.5 倍'],
  },
  growthFen: 320_000,
  tierWindowMonths: 12,
  balanceFen: 55_000,
  availableCoupons: 3,
  expiringSoon: 1,
  registered: true,
  chainName: '湘味小馆',
  ...over,
});

let n = 0;
export const aCoupon = (over: Partial<WalletCoupon> = {}): WalletCoupon => {
  n++;
  return {
    code: `6${String(n).padStart(19, '0')}`,
    templateId: `t${n}`,
    name: '满100减20',
    status: 'AVAILABLE',
    validFrom: '2026-01-01T00:00:00Z',
    validTo: '2099-01-01T00:00:00Z',
    expiringSoon: false,
    summary: '满100元减20元',
    storeNames: [],
    description: null,
    usedAt: null,
    rule: { type: 'CASH', valueFen: 2000, thresholdFen: 10_000, stacking: 'EXCLUSIVE' },
    ...over,
  };
};
