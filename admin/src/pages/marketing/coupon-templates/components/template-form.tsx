import {
  Alert,
  Checkbox,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  TimePicker,
  Typography,
} from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { describeCouponRule, validateCouponRule, type CouponRule } from '@tableside/shared';
import type { Schemas } from '../../../../api/typed';
import { CouponPreview } from './coupon-preview';

type Input = Schemas['CouponTemplateInputDto'];

/** What the form holds: money in yuan, dates as Dayjs, windows as time pairs. */
export interface TemplateFormValues {
  name: string;
  type: 'CASH' | 'DISCOUNT' | 'ITEM';
  valueYuan?: number | null;
  percentOff?: number | null;
  maxDiscountYuan?: number | null;
  thresholdYuan?: number | null;
  itemName?: string;
  validityMode: 'days' | 'range';
  validDays?: number | null;
  validRange?: [Dayjs, Dayjs] | null;
  weekdays?: number[];
  timeWindows?: { range?: [Dayjs, Dayjs] | null }[];
  storeCodes?: string[];
  minTier?: string | null;
  stacking: 'EXCLUSIVE' | 'STACKABLE';
  maxPerBill?: number | null;
  stock?: number | null;
  perMemberLimit?: number | null;
  perMemberDailyLimit?: number | null;
  channels?: ('CLAIM_CENTER' | 'CAMPAIGN' | 'POINTS_EXCHANGE' | 'PURCHASE')[];
  pointsCost?: number | null;
  description?: string;
  /** 限时秒杀: claims open at flashStartAt (claim centre only, stock and per-member limit set). */
  flash?: boolean;
  flashStartAt?: Dayjs | null;
}

const fen = (y?: number | null) => (y === null || y === undefined ? null : Math.round(y * 100));
const present = <T,>(v: T | null | undefined) => v !== null && v !== undefined;

export const TEMPLATE_DEFAULTS: Partial<TemplateFormValues> = {
  type: 'CASH',
  validityMode: 'days',
  validDays: 30,
  stacking: 'EXCLUSIVE',
  channels: ['CLAIM_CENTER', 'CAMPAIGN'],
  // One per member unless the marketer decides otherwise (a claim centre without a limit is a leak).
  perMemberLimit: 1,
};

/** Form values → the template JSON of DESIGN.md (absent = no restriction). */
export function toTemplateInput(v: TemplateFormValues): Input {
  const windows = (v.timeWindows ?? [])
    .filter((w) => w.range?.[0] && w.range?.[1])
    .map((w) => ({ from: w.range![0].format('HH:mm'), to: w.range![1].format('HH:mm') }));
  return {
    name: v.name?.trim(),
    type: v.type,
    valueFen: v.type === 'DISCOUNT' ? null : fen(v.valueYuan),
    percentOff: v.type === 'DISCOUNT' ? (v.percentOff ?? null) : null,
    maxDiscountFen: v.type === 'DISCOUNT' ? fen(v.maxDiscountYuan) : null,
    thresholdFen: fen(v.thresholdYuan),
    itemName: v.type === 'ITEM' ? v.itemName?.trim() || null : null,
    validDays: v.validityMode === 'days' ? (v.validDays ?? null) : null,
    validFrom:
      v.validityMode === 'range' && v.validRange ? v.validRange[0].startOf('day').toISOString() : null,
    validTo:
      v.validityMode === 'range' && v.validRange
        ? v.validRange[1].add(1, 'day').startOf('day').toISOString()
        : null,
    weekdays: v.weekdays?.length ? v.weekdays : null,
    timeWindows: windows.length ? windows : null,
    storeCodes: v.storeCodes?.length ? v.storeCodes : null,
    minTier: v.minTier || null,
    stacking: v.stacking,
    maxPerBill: v.stacking === 'STACKABLE' ? (v.maxPerBill ?? null) : null,
    stock: v.stock ?? null,
    perMemberLimit: v.perMemberLimit ?? null,
    perMemberDailyLimit: v.perMemberDailyLimit ?? null,
    channels: v.channels?.length ? v.channels : null,
    pointsCost: v.channels?.includes('POINTS_EXCHANGE') ? (v.pointsCost ?? null) : null,
    description: v.description?.trim() || null,
    flashStartAt: v.flash && v.flashStartAt ? v.flashStartAt.second(0).millisecond(0).toISOString() : null,
  };
}

export function fromTemplate(t: Schemas['CouponTemplateDto']): TemplateFormValues {
  const yuan = (f?: number | null) => (present(f) ? f! / 100 : null);
  return {
    name: t.name,
    type: t.type,
    valueYuan: yuan(t.valueFen),
    percentOff: t.percentOff ?? null,
    maxDiscountYuan: yuan(t.maxDiscountFen),
    thresholdYuan: yuan(t.thresholdFen),
    itemName: t.itemName ?? undefined,
    validityMode: t.validDays ? 'days' : 'range',
    validDays: t.validDays ?? null,
    validRange: t.validFrom && t.validTo ? [dayjs(t.validFrom), dayjs(t.validTo).subtract(1, 'day')] : null,
    weekdays: t.weekdays ?? [],
    timeWindows: (t.timeWindows ?? []).map((w) => ({
      range: [dayjs(`2000-01-01 ${w.from}`), dayjs(`2000-01-01 ${w.to}`)],
    })),
    storeCodes: t.storeCodes ?? [],
    minTier: t.minTier ?? null,
    stacking: t.stacking ?? 'EXCLUSIVE',
    maxPerBill: t.maxPerBill ?? null,
    stock: t.stock ?? null,
    perMemberLimit: t.perMemberLimit ?? null,
    perMemberDailyLimit: t.perMemberDailyLimit ?? null,
    channels: t.channels ?? [],
    pointsCost: t.pointsCost ?? null,
    description: t.description ?? undefined,
    flash: !!t.flashStartAt,
    flashStartAt: t.flashStartAt ? dayjs(t.flashStartAt) : null,
  };
}

/** The rule as the shared evaluator sees it, for the preview and the cross-field checks. */
export function previewRule(
  v: Partial<TemplateFormValues>,
  tierRank: (code: string) => number | null,
): CouponRule {
  const i = toTemplateInput({ ...(TEMPLATE_DEFAULTS as TemplateFormValues), ...v });
  return {
    type: i.type,
    valueFen: i.valueFen ?? null,
    percentOff: i.percentOff ?? null,
    maxDiscountFen: i.maxDiscountFen ?? null,
    thresholdFen: i.thresholdFen ?? null,
    weekdays: i.weekdays ?? null,
    timeWindows: i.timeWindows ?? null,
    storeIds: i.storeCodes ?? null,
    minTierRank: i.minTier ? tierRank(i.minTier) : null,
    stacking: i.stacking ?? 'EXCLUSIVE',
    maxPerBill: i.maxPerBill ?? null,
    itemName: i.itemName ?? null,
  };
}

/** Problems that span fields, in words a marketer understands (empty when the rule is sound). */
/** Money in yuan: positive (or ≥ 0), at most two decimals, within a bill's range. Never clamped. */
const money = (label: string, min: number, max = 1_000_000) => ({
  validator: (_: unknown, v: number | null | undefined) => {
    if (v === null || v === undefined) return Promise.resolve();
    if (typeof v !== 'number' || Number.isNaN(v)) return Promise.reject(new Error(`${label}必须是数字`));
    if (v < min || v > max)
      return Promise.reject(
        new Error(`${label}必须在 ${min === 0 ? 0 : min}–${max.toLocaleString('zh-CN')} 元之间`),
      );
    if (Math.round(v * 100) !== v * 100 && Math.abs(Math.round(v * 100) - v * 100) > 1e-6)
      return Promise.reject(new Error(`${label}最多两位小数`));
    return Promise.resolve();
  },
});
/** A whole number in a range; the message says the range. */
const whole = (label: string, min: number, max: number) => ({
  validator: (_: unknown, v: number | null | undefined) =>
    v === null || v === undefined || (Number.isInteger(v) && v >= min && v <= max)
      ? Promise.resolve()
      : Promise.reject(new Error(`${label}必须是 ${min}–${max.toLocaleString('zh-CN')} 的整数`)),
});

export function crossFieldProblems(
  v: Partial<TemplateFormValues>,
  tierRank: (code: string) => number | null,
): string[] {
  const problems = validateCouponRule(previewRule(v, tierRank));
  if (v.channels?.includes('POINTS_EXCHANGE') && !v.pointsCost)
    problems.push('积分兑换券需要设置兑换所需积分');
  if (v.validityMode === 'days' && !v.validDays) problems.push('请设置领取后几天内有效');
  if (v.validityMode === 'range' && !v.validRange) problems.push('请选择有效期的开始和结束日期');
  if (present(v.stock) && present(v.perMemberLimit) && v.perMemberLimit! > v.stock! && v.stock! > 0)
    problems.push('每人限领不能大于总库存');
  if (v.flash) {
    if (!v.flashStartAt) problems.push('请选择秒杀的开抢时间');
    if (!v.stock) problems.push('秒杀券需要设置总库存');
    if (!v.perMemberLimit) problems.push('秒杀券需要设置每人限领');
    if (v.perMemberDailyLimit) problems.push('秒杀券按每人限领控制，请清空每人每天限领');
    if (v.channels?.length !== 1 || v.channels[0] !== 'CLAIM_CENTER')
      problems.push('秒杀券只能在领券中心领取：发放渠道请只勾选“领券中心”');
  }
  return problems;
}

const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'].map((label, i) => ({
  label,
  value: i + 1,
}));
const CHANNELS = [
  { value: 'CLAIM_CENTER', label: '领券中心' },
  { value: 'CAMPAIGN', label: '营销活动' },
  { value: 'POINTS_EXCHANGE', label: '积分兑换' },
  { value: 'PURCHASE', label: '付费购买' },
];

export interface TemplateFormProps {
  form: FormInstance<TemplateFormValues>;
  stores: { code: string; name: string }[];
  tiers: { code: string; name: string; rank: number }[];
  onSubmit: (input: Input) => void;
  initial?: TemplateFormValues;
}

export function TemplateForm({ form, stores, tiers, onSubmit, initial }: TemplateFormProps) {
  const values = Form.useWatch([], form) as Partial<TemplateFormValues> | undefined;
  const rank = (code: string) => tiers.find((t) => t.code === code)?.rank ?? null;
  const v = { ...(TEMPLATE_DEFAULTS as TemplateFormValues), ...(values ?? {}) };
  const problems = values ? crossFieldProblems(v, rank) : [];
  return (
    <Row gutter={24}>
      <Col xs={24} lg={15}>
        <Form<TemplateFormValues>
          form={form}
          layout="vertical"
          initialValues={initial ?? TEMPLATE_DEFAULTS}
          onFinish={(fv) => {
            if (crossFieldProblems(fv, rank).length) return;
            onSubmit(toTemplateInput(fv));
          }}
          aria-label="券模板"
        >
          <Form.Item
            name="name"
            label="券名称"
            rules={[
              { required: true, whitespace: true, message: '请填写券名称，顾客会在券包里看到它' },
              { max: 64, message: '券名称最多 64 个字' },
            ]}
          >
            <Input placeholder="如：午市满100减20" />
          </Form.Item>
          <Form.Item name="type" label="券类型">
            <Radio.Group
              optionType="button"
              options={[
                { value: 'CASH', label: '代金券' },
                { value: 'DISCOUNT', label: '折扣券' },
                { value: 'ITEM', label: '菜品兑换券' },
              ]}
            />
          </Form.Item>
          <Space wrap size={16}>
            {v.type !== 'DISCOUNT' && (
              <Form.Item
                name="valueYuan"
                label={v.type === 'ITEM' ? '菜品参考价（元）' : '减免金额（元）'}
                rules={[
                  {
                    required: true,
                    message: v.type === 'ITEM' ? '请填写菜品参考价，用于报表和账单' : '请填写减免金额',
                  },
                  money(v.type === 'ITEM' ? '菜品参考价' : '减免金额', 0.01),
                ]}
              >
                <InputNumber style={{ width: 160 }} />
              </Form.Item>
            )}
            {v.type === 'DISCOUNT' && (
              <>
                <Form.Item
                  name="percentOff"
                  label="优惠比例（%）"
                  tooltip="12 表示减 12%，即 8.8 折"
                  rules={[
                    { required: true, message: '请填写优惠比例，12 表示 8.8 折' },
                    {
                      validator: (_: unknown, x: number | null | undefined) =>
                        x === null || x === undefined || (Number.isInteger(x) && x >= 1 && x <= 99)
                          ? Promise.resolve()
                          : Promise.reject(
                              new Error('优惠比例必须是 1–99 的整数（12 表示 8.8 折），不会替你改成别的数'),
                            ),
                    },
                  ]}
                >
                  <InputNumber style={{ width: 160 }} />
                </Form.Item>
                <Form.Item
                  name="maxDiscountYuan"
                  label="最高优惠（元，选填）"
                  rules={[money('最高优惠', 0.01)]}
                >
                  <InputNumber style={{ width: 160 }} />
                </Form.Item>
              </>
            )}
            {v.type === 'ITEM' && (
              <Form.Item
                name="itemName"
                label="兑换菜品"
                rules={[{ required: true, whitespace: true, message: '请填写兑换的菜品名称' }]}
              >
                <Input placeholder="如：招牌剁椒鱼头" style={{ width: 220 }} />
              </Form.Item>
            )}
            <Form.Item name="thresholdYuan" label="使用门槛（满多少元，选填）" rules={[money('使用门槛', 0)]}>
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="validityMode" label="有效期">
            <Radio.Group
              options={[
                { value: 'days', label: '领取后 N 天内有效' },
                { value: 'range', label: '固定日期' },
              ]}
            />
          </Form.Item>
          {v.validityMode === 'days' ? (
            <Form.Item
              name="validDays"
              label="有效天数（含领取当天）"
              rules={[{ required: true, message: '请填写有效天数' }, whole('有效天数', 1, 3650)]}
            >
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          ) : (
            <Form.Item
              name="validRange"
              label="有效日期"
              rules={[{ required: true, message: '请选择有效期的开始和结束日期' }]}
            >
              <DatePicker.RangePicker />
            </Form.Item>
          )}
          <Form.Item name="weekdays" label="可用星期（不选 = 每天）">
            <Checkbox.Group options={WEEKDAYS} />
          </Form.Item>
          <Form.List name="timeWindows">
            {(fields, { add, remove }) => (
              <Form.Item label="可用时段（不设 = 全天，结束早于开始表示跨夜）">
                <Space orientation="vertical">
                  {fields.map((f) => (
                    <Space key={f.key}>
                      <Form.Item
                        name={[f.name, 'range']}
                        noStyle
                        rules={[{ required: true, message: '请选择时段' }]}
                      >
                        <TimePicker.RangePicker format="HH:mm" order={false} minuteStep={15} />
                      </Form.Item>
                      <Typography.Link onClick={() => remove(f.name)}>删除</Typography.Link>
                    </Space>
                  ))}
                  <Typography.Link onClick={() => add({})}>+ 添加时段（如午市 11:00–14:00）</Typography.Link>
                </Space>
              </Form.Item>
            )}
          </Form.List>
          <Space wrap size={16}>
            <Form.Item name="storeCodes" label="适用门店（不选 = 全部门店）" style={{ minWidth: 280 }}>
              <Select
                mode="multiple"
                allowClear
                options={stores.map((s) => ({ value: s.code, label: s.name }))}
              />
            </Form.Item>
            <Form.Item name="minTier" label="最低会员等级" style={{ minWidth: 180 }}>
              <Select
                allowClear
                placeholder="不限"
                options={tiers.map((t) => ({ value: t.code, label: t.name }))}
              />
            </Form.Item>
          </Space>
          <Space wrap size={16}>
            <Form.Item name="stacking" label="叠加规则">
              <Radio.Group
                options={[
                  { value: 'EXCLUSIVE', label: '不可与其他券同用' },
                  { value: 'STACKABLE', label: '可叠加' },
                ]}
              />
            </Form.Item>
            {v.stacking === 'STACKABLE' && (
              <Form.Item name="maxPerBill" label="每单最多张数" rules={[whole('每单最多张数', 1, 20)]}>
                <InputNumber />
              </Form.Item>
            )}
          </Space>
          <Space wrap size={16}>
            <Form.Item name="stock" label="总库存（不填 = 不限）" rules={[whole('总库存', 0, 10_000_000)]}>
              <InputNumber style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              name="perMemberLimit"
              label="每人限领（不填 = 不限）"
              extra="新券默认每人 1 张"
              rules={[whole('每人限领', 1, 1000)]}
            >
              <InputNumber style={{ width: 120 }} />
            </Form.Item>
            <Form.Item
              name="perMemberDailyLimit"
              label="每人每天限领"
              rules={[whole('每人每天限领', 1, 1000)]}
            >
              <InputNumber style={{ width: 120 }} />
            </Form.Item>
          </Space>
          <Form.Item name="channels" label="发放渠道">
            <Checkbox.Group options={CHANNELS} />
          </Form.Item>
          <Space wrap size={16} align="start">
            <Form.Item
              name="flash"
              label="限时秒杀"
              valuePropName="checked"
              extra="到点开抢，小程序显示倒计时；库存与限领在高并发下也不会超发"
            >
              <Switch checkedChildren="秒杀" unCheckedChildren="普通" />
            </Form.Item>
            {v.flash && (
              <Form.Item
                name="flashStartAt"
                label="开抢时间"
                rules={[{ required: true, message: '请选择秒杀的开抢时间' }]}
              >
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
              </Form.Item>
            )}
          </Space>
          {v.channels?.includes('POINTS_EXCHANGE') && (
            <Form.Item
              name="pointsCost"
              label="兑换所需积分"
              rules={[
                { required: true, message: '积分兑换券需要设置所需积分' },
                whole('兑换所需积分', 1, 1_000_000),
              ]}
            >
              <InputNumber style={{ width: 160 }} />
            </Form.Item>
          )}
          <Form.Item name="description" label="使用说明（选填）">
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
          {problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title="还需要调整"
              description={
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              }
              data-testid="template-problems"
            />
          )}
        </Form>
      </Col>
      <Col xs={24} lg={9}>
        <Typography.Text type="secondary">顾客看到的样子</Typography.Text>
        <CouponPreview
          name={v.name || '券名称'}
          rule={previewRule(v, rank)}
          summary={describeCouponRule(previewRule(v, rank))}
          stores={(v.storeCodes ?? []).map((c) => stores.find((s) => s.code === c)?.name ?? c)}
          validity={
            v.validityMode === 'days'
              ? v.validDays
                ? `领取后 ${v.validDays} 天内有效`
                : ''
              : v.validRange
                ? `${v.validRange[0].format('YYYY-MM-DD')} 至 ${v.validRange[1].format('YYYY-MM-DD')}`
                : ''
          }
        />
      </Col>
    </Row>
  );
}
