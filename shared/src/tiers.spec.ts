import { describeTierBenefits, zheLabel } from './tiers';
import { memberPriceDiscount } from './coupons/evaluator';

describe('tier benefits', () => {
  it('describes benefits from the data that the rules apply', () => {
    expect(
      describeTierBenefits({
        pointsMultiplierPercent: 150,
        memberPricePercentOff: 5,
        birthdayGiftName: '长寿面',
      }),
    ).toEqual(['会员价 95折', '消费积分 1.5 倍', '生日礼：长寿面']);
    expect(describeTierBenefits({ pointsMultiplierPercent: 100 })).toEqual(['消费积分 1 倍']);
    expect([zheLabel(10), zheLabel(5), zheLabel(15)]).toEqual(['9折', '95折', '85折']);
  });

  it('member price comes off what coupons leave, rounded down to the fen, never more than 50%', () => {
    expect(memberPriceDiscount(11_000, 5)).toBe(550);
    expect(memberPriceDiscount(999, 5)).toBe(49);
    expect(memberPriceDiscount(10_000, 0)).toBe(0);
    expect(memberPriceDiscount(10_000, null)).toBe(0);
    expect(memberPriceDiscount(10_000, 90)).toBe(5_000);
    expect(memberPriceDiscount(0, 10)).toBe(0);
  });
});
