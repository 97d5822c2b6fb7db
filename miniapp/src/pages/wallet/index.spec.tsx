import { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { aCoupon } from '@/test-fixtures';
import type { WalletCoupon, WalletTab } from '@/lib/types';
import { groupCoupons, WalletList, WalletTabs } from './index';

function Harness({ data }: { data: Record<WalletTab, WalletCoupon[]> }) {
  const [tab, setTab] = useState<WalletTab>('available');
  const opened: string[] = [];
  return (
    <>
      <WalletTabs active={tab} onChange={setTab} />
      <WalletList tab={tab} coupons={data[tab]} onOpen={(c) => opened.push(c)} />
    </>
  );
}

describe('wallet tabs', () => {
  const data = {
    available: [
      aCoupon({ name: '明天到期', expiringSoon: true }),
      aCoupon({ name: '满100减20', storeNames: ['人民广场店'] }),
    ],
    used: [aCoupon({ name: '已用券', status: 'USED', usedAt: '2026-11-20T04:00:00Z' })],
    expired: [],
  };

  it('lists available coupons with value, threshold, stores, and marks those about to expire', () => {
    render(<Harness data={data} />);
    const cards = screen.getAllByTestId('coupon-available');
    expect(cards).toHaveLength(2);
    expect(cards[0]).toHaveTextContent('明天到期');
    expect(cards[0]).toHaveTextContent('即将过期');
    expect(cards[0]).toHaveTextContent('20元满100可用');
    expect(cards[1]).not.toHaveTextContent('即将过期');
    expect(cards[1]).toHaveTextContent('限 人民广场店 使用');
    expect(cards[1]).toHaveTextContent('有效期至 2098年12月31日');
  });

  it('switches to used and expired, each with its own empty state', () => {
    render(<Harness data={data} />);
    fireEvent.click(screen.getByText('已使用'));
    const used = screen.getAllByTestId('coupon-used');
    expect(used).toHaveLength(1);
    expect(used[0]).toHaveTextContent('使用于 2026-11-20');
    expect(screen.queryByTestId('coupon-available')).toBeNull();
    fireEvent.click(screen.getByText('已过期'));
    expect(screen.getByTestId('empty')).toHaveTextContent('没有过期的券');
  });

  it('shows the discount face for percent and dish coupons', () => {
    render(
      <WalletList
        tab="available"
        onOpen={() => undefined}
        coupons={[
          aCoupon({ name: '8.8折', rule: { type: 'DISCOUNT', percentOff: 12, stacking: 'EXCLUSIVE' } }),
          aCoupon({
            name: '鱼头券',
            rule: { type: 'ITEM', valueFen: 8800, itemName: '剁椒鱼头', stacking: 'EXCLUSIVE' },
          }),
        ]}
      />,
    );
    const [pct, item] = screen.getAllByTestId('coupon-available');
    expect(pct).toHaveTextContent('8.8折');
    expect(pct).toHaveTextContent('无门槛');
    expect(item).toHaveTextContent('兑');
  });
});

describe('identical coupons', () => {
  it('are shown once with ×N; different templates or last days stay apart', () => {
    const same = { templateId: 't-same', name: '可叠加 满50减5', validTo: '2099-01-01T00:00:00Z' };
    const coupons = [
      ...Array.from({ length: 5 }, () => aCoupon(same)),
      aCoupon({ ...same, validTo: '2099-02-01T00:00:00Z' }),
      aCoupon({ templateId: 't-other', name: '满100减20' }),
    ];
    expect(groupCoupons(coupons).map((g) => g.count)).toEqual([5, 1, 1]);
    render(<WalletList tab="available" coupons={coupons} onOpen={() => undefined} />);
    expect(screen.getAllByTestId('coupon-available')).toHaveLength(3);
    expect(screen.getByTestId('coupon-count')).toHaveTextContent('×5');
  });
});
