import { render, screen } from '@testing-library/react';
import { code128Bits, qrMatrix } from '@/lib/codes';
import { aCard } from '@/test-fixtures';
import { MemberCardView, tierProgress } from './index';

describe('member card', () => {
  it('shows tier, points, stored value and the way to the next tier', () => {
    render(
      <MemberCardView
        card={aCard()}
        code={{ code: '8123456789012345', expiresInSeconds: 12, stepSeconds: 30 }}
      />,
    );
    expect(screen.getByTestId('tier')).toHaveTextContent('银卡');
    expect(screen.getByTestId('points')).toHaveTextContent('2456');
    expect(screen.getByTestId('balance')).toHaveTextContent('¥550.00');
    expect(screen.getByTestId('tier-progress')).toHaveTextContent(
      '近 12 个月消费 ¥3,200.00，再消费 ¥1,800.00 升级「金卡」',
    );
    expect(screen.getByText('张 · 1 张快到期'.replace('张 · ', '张券 · '))).toBeInTheDocument();
    expect(screen.getByTestId('code-digits')).toHaveTextContent('8123 4567 8901 2345');
    expect(screen.getByText(/每 30 秒自动刷新，截图无效/)).toBeInTheDocument();
    expect(screen.getByText('· 消费积分 1.2 倍')).toBeInTheDocument();
  });

  it('says so at the top tier, and waits for the code', () => {
    render(<MemberCardView card={aCard({ nextTier: null })} />);
    expect(screen.getByTestId('tier-progress')).toHaveTextContent('已是最高等级「银卡」');
    expect(screen.getByText('会员码加载中…')).toBeInTheDocument();
    expect(tierProgress(aCard({ growthFen: 900_000 })).ratio).toBe(1);
    expect(tierProgress(aCard({ growthFen: 0 })).ratio).toBe(0);
  });

  it('encodes the member code as a scannable Code 128 and a QR matrix', () => {
    const bits = code128Bits('8123456789012345');
    // Start C (11010011100), 8 digit pairs, checksum, stop (1100011101011): 11 × 10 + 13 modules.
    expect(bits).toHaveLength(123);
    expect(bits.startsWith('11010011100')).toBe(true);
    expect(bits.endsWith('1100011101011')).toBe(true);
    const m = qrMatrix('8123456789012345');
    expect(m.length).toBe(m[0].length);
    expect(m.length).toBeGreaterThanOrEqual(21 + 4);
  });
});
