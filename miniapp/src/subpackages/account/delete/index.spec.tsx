import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { api } from '@/lib/api';
import DeletePage from './index';

jest.mock('@/lib/api', () => {
  const actual = jest.requireActual('@/lib/api');
  return {
    ...actual,
    api: {
      deletionPreview: jest.fn(async () => ({
        balanceFen: 0,
        principalFen: 0,
        bonusFen: 0,
        pointsBalance: 120,
        availableCoupons: 1,
        notices: ['注销后，你的手机号、昵称、生日等个人信息将被删除，无法恢复。'],
      })),
      deleteAccount: jest.fn(async () => ({ deleted: true })),
    },
  };
});
const mocked = api as jest.Mocked<typeof api>;

describe('account deletion acknowledgement', () => {
  beforeEach(() => {
    jest.clearAllMocks();
    jest.spyOn(Taro, 'showModal').mockResolvedValue({ confirm: true, cancel: false, errMsg: 'ok' } as never);
  });

  it('deleting follows the acknowledgement shown, whether the sentence or the box is tapped', async () => {
    render(<DeletePage />);
    const row = await screen.findByTestId('deletion-ack');
    expect(row.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByText('确认注销'));
    expect(mocked.deleteAccount).not.toHaveBeenCalled();

    fireEvent.click(row.querySelector('.consent-row__text')!);
    expect(row.getAttribute('aria-checked')).toBe('true');

    fireEvent.click(row.querySelector('.consent-row__box')!);
    expect(row.getAttribute('aria-checked')).toBe('false');
    fireEvent.click(screen.getByText('确认注销'));
    expect(mocked.deleteAccount).not.toHaveBeenCalled();

    fireEvent.click(row);
    fireEvent.click(screen.getByText('确认注销'));
    await waitFor(() => expect(mocked.deleteAccount).toHaveBeenCalledWith(undefined));
  });
});
