import { fireEvent, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { renderWithProviders } from '../../../../test/render-app';
import { FilterPanel, presetValues, toFilter } from './filter-panel';

const tiers = [
  { code: 'NORMAL', name: '普通会员' },
  { code: 'GOLD', name: '金卡' },
];
const stores = [{ id: 's1', name: '人民广场店' }];

describe('member filter panel', () => {
  it('turns form values into the server query: yuan → fen, dates → days, empties dropped', () => {
    expect(
      toFilter({
        phone: ' 8000 ',
        name: '',
        tiers: ['GOLD', 'NORMAL'],
        birthdayMonth: 5,
        visitsMin: 2,
        visitsMax: null,
        spendMinYuan: 100.5,
        spendMaxYuan: 2000,
        lastVisit: [dayjs('2026-10-01'), dayjs('2026-10-31')],
      }),
    ).toEqual({
      phone: '8000',
      tiers: 'GOLD,NORMAL',
      birthdayMonth: 5,
      visitsMin: 2,
      spendMinFen: 10050,
      spendMaxFen: 200000,
      lastVisitFrom: '2026-10-01',
      lastVisitTo: '2026-10-31',
    });
    expect(toFilter({})).toEqual({});
  });

  it('searches with what was typed', async () => {
    const onSearch = jest.fn();
    renderWithProviders(<FilterPanel tiers={tiers} stores={stores} onSearch={onSearch} />);
    fireEvent.change(screen.getByPlaceholderText('完整手机号或尾号'), { target: { value: '13800138000' } });
    fireEvent.change(screen.getByLabelText('消费次数最少'), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: /筛\s*选/ }));
    await waitFor(() => expect(onSearch).toHaveBeenCalledWith({ phone: '13800138000', visitsMin: 3 }));
  });

  it('explains a bad phone and an inverted range instead of searching', async () => {
    const onSearch = jest.fn();
    renderWithProviders(<FilterPanel tiers={tiers} stores={stores} onSearch={onSearch} />);
    fireEvent.change(screen.getByPlaceholderText('完整手机号或尾号'), { target: { value: '12a' } });
    fireEvent.change(screen.getByLabelText('累计消费最低'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('累计消费最高'), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('button', { name: /筛\s*选/ }));
    expect(await screen.findByText('请输入完整手机号或后 4 位以上数字')).toBeInTheDocument();
    expect(await screen.findByText('最高金额不能低于最低金额')).toBeInTheDocument();
    expect(onSearch).not.toHaveBeenCalled();
  });

  it('resets to no filter', async () => {
    const onSearch = jest.fn();
    renderWithProviders(<FilterPanel tiers={tiers} stores={stores} onSearch={onSearch} />);
    fireEvent.click(screen.getByRole('button', { name: /重\s*置/ }));
    await waitFor(() => expect(onSearch).toHaveBeenCalledWith({}));
  });

  it('offers the presets people use: N 天未到店, 本月生日, 近 30 天新客', async () => {
    const today = dayjs('2026-11-30');
    expect(toFilter(presetValues('lapsed', today, 45))).toEqual({ lastVisitTo: '2026-10-16' });
    expect(toFilter(presetValues('birthday', today))).toEqual({ birthdayMonth: 11 });
    expect(toFilter(presetValues('new', today))).toEqual({
      joinedFrom: '2026-11-01',
      joinedTo: '2026-11-30',
    });
    const onSearch = jest.fn();
    renderWithProviders(<FilterPanel tiers={tiers} stores={stores} onSearch={onSearch} />);
    fireEvent.click(screen.getByRole('button', { name: /本月生日/ }));
    await waitFor(() => expect(onSearch).toHaveBeenCalledWith({ birthdayMonth: dayjs().month() + 1 }));
    fireEvent.change(screen.getByLabelText('未到店天数'), { target: { value: '0' } });
    expect(await screen.findByText('天数为 1–3650 的整数')).toBeInTheDocument();
  });
});
