import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { aCard, aCoupon } from '@/test-fixtures';
import type { WalletCoupon } from '@/lib/types';
import { bestChoice, discountOf, toCandidates, totalsOf } from './coupon-choice';
import { CouponChoice, parseAmount } from './index';

const store = { id: 's1' };
const card = aCard();

function Harness({ coupons, amountFen }: { coupons: WalletCoupon[]; amountFen: number }) {
  const choice = {
    bill: {
      amountFen,
      storeId: store.id,
      at: new Date(),
      memberId: card.profile.id,
      memberTierRank: card.tier.rank,
    },
    candidates: toCandidates(coupons, card.profile.id),
  };
  const [selected, setSelected] = useState(() => bestChoice(choice).best.couponCodes);
  const [error, setError] = useState<string>();
  return (
    <>
      <CouponChoice
        coupons={coupons}
        card={card}
        store={store}
        amountFen={amountFen}
        selected={selected}
        onSelect={(codes, e) => {
          setSelected(codes);
          setError(e);
        }}
      />
      <span data-testid="discount">{discountOf(choice, selected)}</span>
      <span data-testid="error">{error ?? ''}</span>
    </>
  );
}

describe('pay at the table: coupon choice', () => {
  const big = aCoupon({ name: '满100减20' });
  const small1 = aCoupon({
    name: '可叠加 满50减5',
    templateId: 'stack',
    rule: { type: 'CASH', valueFen: 500, thresholdFen: 5000, stacking: 'STACKABLE', maxPerBill: 2 },
  });
  const small2 = aCoupon({ name: '可叠加 满50减5', templateId: 'stack', rule: small1.rule });
  const goldOnly = aCoupon({
    name: '金卡专享',
    rule: { type: 'CASH', valueFen: 6000, thresholdFen: 30000, minTierRank: 3, stacking: 'EXCLUSIVE' },
  });
  const otherStore = aCoupon({
    name: '别的门店',
    rule: { type: 'CASH', valueFen: 3000, storeIds: ['s2'], stacking: 'EXCLUSIVE' },
  });

  it('pre-selects the best combination and greys out the rest with the reason', () => {
    render(<Harness coupons={[big, small1, small2, goldOnly, otherStore]} amountFen={12_800} />);
    expect(screen.getAllByTestId('choice-selected').map((e) => e.textContent)).toEqual([
      expect.stringContaining('满100减20'),
    ]);
    expect(screen.getByTestId('discount')).toHaveTextContent('2000');
    const unusable = screen.getAllByTestId('choice-unusable');
    expect(unusable).toHaveLength(2);
    expect(unusable[0]).toHaveTextContent('不可用');
    expect(unusable[0]).toHaveTextContent(/金卡|等级/);
    expect(unusable[1]).toHaveTextContent(/门店/);
  });

  it('below 满100 the stackable pair wins', () => {
    render(<Harness coupons={[big, small1, small2]} amountFen={8_000} />);
    expect(screen.getAllByTestId('choice-selected')).toHaveLength(2);
    expect(screen.getByTestId('discount')).toHaveTextContent('1000');
  });

  it('refuses to add an exclusive coupon to a stack, with a Chinese reason', () => {
    render(<Harness coupons={[big, small1, small2]} amountFen={8_000} />);
    fireEvent.click(screen.getAllByTestId('choice-selected')[0]); // drop one small coupon
    expect(screen.getByTestId('discount')).toHaveTextContent('500');
    const [bigCard] = screen.getAllByTestId('choice-unusable');
    fireEvent.click(bigCard); // 满100 not reached: tells why
    expect(screen.getByTestId('error').textContent).toMatch(/满/);
  });

  it('an exclusive coupon cannot join a stack', () => {
    render(<Harness coupons={[big, small1, small2]} amountFen={12_800} />);
    const smalls = screen.getAllByTestId('choice-applicable');
    fireEvent.click(smalls[0]);
    expect(screen.getByTestId('error')).toHaveTextContent('这张券不能与其他券同时使用');
    expect(screen.getByTestId('discount')).toHaveTextContent('2000');
  });
});

describe('the amount typed at the table', () => {
  it('says what is wrong, including the limit, and never changes what was typed', () => {
    expect(parseAmount('128')).toEqual({ fen: 12_800 });
    expect(parseAmount('128.5')).toEqual({ fen: 12_850 });
    expect(parseAmount('128.555').error).toBe('金额最多两位小数（角、分）');
    expect(parseAmount('0').error).toBe('金额要大于 0');
    expect(parseAmount('abc').error).toMatch(/请输入数字金额/);
    expect(parseAmount('100001').error).toBe('桌边买单单笔最多 ¥100,000.00，更大的账单请到收银台结账');
    expect(parseAmount('')).toEqual({ fen: null, error: '' });
  });

  it('takes the member price after coupons, as the server does', () => {
    const candidates = toCandidates([aCoupon({ code: 'C1' })], 'm1');
    const bill = {
      amountFen: 12_800,
      storeId: 's1',
      at: new Date(),
      memberId: 'm1',
      memberTierRank: 3,
      memberDiscountPercent: 5,
    };
    expect(totalsOf({ bill, candidates }, ['C1'])).toEqual({
      couponFen: 2_000,
      memberFen: 540,
      payableFen: 10_260,
    });
    expect(totalsOf({ bill, candidates }, [])).toEqual({ couponFen: 0, memberFen: 640, payableFen: 12_160 });
  });
});
