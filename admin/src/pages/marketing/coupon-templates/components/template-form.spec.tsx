import dayjs from 'dayjs';
import { Form } from 'antd';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithProviders } from '../../../../test/render-app';
import {
  crossFieldProblems,
  TemplateForm,
  toTemplateInput,
  type TemplateFormValues,
  TEMPLATE_DEFAULTS,
} from './template-form';

const stores = [{ code: 'SH001', name: '人民广场店' }];
const tiers = [
  { code: 'NORMAL', name: '普通会员', rank: 1 },
  { code: 'GOLD', name: '金卡', rank: 3 },
];
const rank = (c: string) => tiers.find((t) => t.code === c)?.rank ?? null;

function Harness({ onSubmit }: { onSubmit: (v: unknown) => void }) {
  const [form] = Form.useForm<TemplateFormValues>();
  return (
    <>
      <TemplateForm form={form} stores={stores} tiers={tiers} onSubmit={onSubmit} />
      <button onClick={() => form.submit()}>提交</button>
    </>
  );
}

describe('coupon template form', () => {
  it('a flash sale sends its start time, and says what it still needs instead of changing the form', () => {
    const base = { ...(TEMPLATE_DEFAULTS as TemplateFormValues), name: '秒杀', valueYuan: 20 };
    const start = dayjs('2026-12-12T12:00:37+08:00');
    expect(toTemplateInput({ ...base, flash: true, flashStartAt: start }).flashStartAt).toBe(
      '2026-12-12T04:00:00.000Z',
    );
    // Switched off, the time the marketer picked earlier is not sent.
    expect(toTemplateInput({ ...base, flash: false, flashStartAt: start }).flashStartAt).toBeNull();
    expect(
      crossFieldProblems({ ...base, flash: true, flashStartAt: start, perMemberDailyLimit: 2 }, rank),
    ).toEqual([
      '秒杀券需要设置总库存',
      '秒杀券按每人限领控制，请清空每人每天限领',
      '秒杀券只能在领券中心领取：发放渠道请只勾选“领券中心”',
    ]);
    expect(
      crossFieldProblems(
        { ...base, flash: true, flashStartAt: start, stock: 100, channels: ['CLAIM_CENTER'] },
        rank,
      ),
    ).toEqual([]);
  });

  it('maps the form to the template JSON: yuan → fen, restrictions only when set', () => {
    const input = toTemplateInput({
      ...(TEMPLATE_DEFAULTS as TemplateFormValues),
      name: ' 午市满100减20 ',
      valueYuan: 20,
      thresholdYuan: 100,
      weekdays: [1, 2, 3, 4, 5],
      storeCodes: ['SH001'],
      channels: ['CLAIM_CENTER'],
      stock: 500,
      perMemberLimit: 2,
    });
    expect(input).toMatchObject({
      name: '午市满100减20',
      type: 'CASH',
      valueFen: 2000,
      thresholdFen: 10000,
      validDays: 30,
      weekdays: [1, 2, 3, 4, 5],
      storeCodes: ['SH001'],
      stock: 500,
      perMemberLimit: 2,
      percentOff: null,
      maxPerBill: null,
      pointsCost: null,
      timeWindows: null,
    });
  });

  it('explains cross-field problems in words', () => {
    const base = { ...(TEMPLATE_DEFAULTS as TemplateFormValues), name: 'x' };
    expect(crossFieldProblems({ ...base, valueYuan: 50, thresholdYuan: 30 }, rank)).toContain(
      '减免金额不能大于使用门槛',
    );
    expect(crossFieldProblems({ ...base, valueYuan: 5, channels: ['POINTS_EXCHANGE'] }, rank)).toContain(
      '积分兑换券需要设置兑换所需积分',
    );
    expect(crossFieldProblems({ ...base, valueYuan: 5, stock: 10, perMemberLimit: 20 }, rank)).toContain(
      '每人限领不能大于总库存',
    );
    expect(crossFieldProblems({ ...base, valueYuan: 5 }, rank)).toEqual([]);
  });

  it('shows required-field messages and does not submit an incomplete template', async () => {
    const onSubmit = jest.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('请填写券名称，顾客会在券包里看到它')).toBeInTheDocument();
    expect(await screen.findByText('请填写减免金额')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('asks a discount coupon for its percentage, then submits and previews it as the diner sees it', async () => {
    const onSubmit = jest.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    fireEvent.change(screen.getByPlaceholderText('如：午市满100减20'), { target: { value: '周末8.8折' } });
    fireEvent.click(screen.getByText('折扣券'));
    await screen.findByLabelText('优惠比例（%）');
    fireEvent.click(screen.getByText('提交'));
    expect(await screen.findByText('请填写优惠比例，12 表示 8.8 折')).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('优惠比例（%）'), { target: { value: '12' } });
    await waitFor(() => expect(screen.getByTestId('coupon-preview')).toHaveTextContent('8.8折'));
    expect(screen.getByTestId('coupon-preview')).toHaveTextContent('周末8.8折');
    fireEvent.click(screen.getByText('提交'));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect(onSubmit.mock.calls[0][0]).toMatchObject({
      name: '周末8.8折',
      type: 'DISCOUNT',
      percentOff: 12,
      valueFen: null,
    });
  });

  it('never changes a number the user typed: 150% and −5 days are refused next to the field', async () => {
    const onSubmit = jest.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    fireEvent.change(screen.getByPlaceholderText('如：午市满100减20'), { target: { value: '超大折扣' } });
    fireEvent.click(screen.getByText('折扣券'));
    const pct = await screen.findByLabelText('优惠比例（%）');
    fireEvent.change(pct, { target: { value: '150' } });
    fireEvent.blur(pct);
    fireEvent.change(screen.getByLabelText('有效天数（含领取当天）'), { target: { value: '-5' } });
    fireEvent.click(screen.getByText('提交'));
    expect(
      await screen.findByText('优惠比例必须是 1–99 的整数（12 表示 8.8 折），不会替你改成别的数'),
    ).toBeInTheDocument();
    expect(await screen.findByText('有效天数必须是 1–3,650 的整数')).toBeInTheDocument();
    expect((pct as HTMLInputElement).value).toBe('150');
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('refuses 满10减20 (more off than the threshold) and starts new templates at one per member', async () => {
    expect(
      crossFieldProblems({ ...TEMPLATE_DEFAULTS, name: 'x', valueYuan: 20, thresholdYuan: 10 }, rank),
    ).toContain('减免金额不能大于使用门槛');
    expect(TEMPLATE_DEFAULTS.perMemberLimit).toBe(1);
    const onSubmit = jest.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    expect((screen.getByLabelText('每人限领（不填 = 不限）') as HTMLInputElement).value).toBe('1');
  });
});
