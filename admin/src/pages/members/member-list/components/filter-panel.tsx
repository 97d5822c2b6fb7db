import { useState } from 'react';
import { Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { JOIN_CHANNEL_LABELS } from '../../../../lib-format';

const JOIN_CHANNELS = ['TABLE_QR', 'STAFF', 'IMPORT', 'CAMPAIGN'] as const;
type JoinChannel = (typeof JOIN_CHANNELS)[number];

/** The query the server's member search takes (GET /api/admin/members). */
export interface MemberFilter {
  phone?: string;
  name?: string;
  tiers?: string;
  storeId?: string;
  joinChannel?: JoinChannel;
  tag?: string;
  birthdayMonth?: number;
  visitsMin?: number;
  visitsMax?: number;
  spendMinFen?: number;
  spendMaxFen?: number;
  lastVisitFrom?: string;
  lastVisitTo?: string;
  joinedFrom?: string;
  joinedTo?: string;
}

interface FormValues {
  phone?: string;
  name?: string;
  tiers?: string[];
  storeId?: string;
  joinChannel?: JoinChannel;
  tag?: string;
  birthdayMonth?: number;
  visitsMin?: number | null;
  visitsMax?: number | null;
  spendMinYuan?: number | null;
  spendMaxYuan?: number | null;
  lastVisit?: [Dayjs | null, Dayjs | null] | null;
  joined?: [Dayjs | null, Dayjs | null] | null;
}

/** Form values → the server's query: yuan to fen, dates to YYYY-MM-DD, empties dropped. */
export function toFilter(v: FormValues): MemberFilter {
  const f: MemberFilter = {};
  const text = (s?: string) => (s && s.trim() ? s.trim() : undefined);
  const num = (n?: number | null) => (n === null || n === undefined ? undefined : n);
  f.phone = text(v.phone);
  f.name = text(v.name);
  f.tiers = v.tiers?.length ? v.tiers.join(',') : undefined;
  f.storeId = v.storeId || undefined;
  f.joinChannel = v.joinChannel || undefined;
  f.tag = text(v.tag);
  f.birthdayMonth = num(v.birthdayMonth);
  f.visitsMin = num(v.visitsMin);
  f.visitsMax = num(v.visitsMax);
  f.spendMinFen = num(v.spendMinYuan) === undefined ? undefined : Math.round(v.spendMinYuan! * 100);
  f.spendMaxFen = num(v.spendMaxYuan) === undefined ? undefined : Math.round(v.spendMaxYuan! * 100);
  f.lastVisitFrom = v.lastVisit?.[0]?.format('YYYY-MM-DD');
  f.lastVisitTo = v.lastVisit?.[1]?.format('YYYY-MM-DD');
  f.joinedFrom = v.joined?.[0]?.format('YYYY-MM-DD');
  f.joinedTo = v.joined?.[1]?.format('YYYY-MM-DD');
  return Object.fromEntries(Object.entries(f).filter(([, x]) => x !== undefined)) as MemberFilter;
}

export interface FilterPanelProps {
  tiers: { code: string; name: string }[];
  stores: { id: string; name: string }[];
  onSearch: (filter: MemberFilter) => void;
}

const range = (lo?: number | null, hi?: number | null) =>
  lo === null || lo === undefined || hi === null || hi === undefined || lo <= hi;

/** A min–max pair of numbers in one row; the max is checked against the min. */
function RangeItem(p: {
  label: string;
  unit?: string;
  min: keyof FormValues;
  max: keyof FormValues;
  words: [string, string];
  precision: number;
  error: string;
}) {
  const input = (word: string) => (
    <InputNumber
      min={0}
      precision={p.precision}
      placeholder={word}
      style={{ width: '50%' }}
      aria-label={`${p.label}${word}`}
    />
  );
  return (
    <Form.Item label={`${p.label}${p.unit ?? ''}`}>
      <Space.Compact block>
        <Form.Item name={p.min} noStyle>
          {input(p.words[0])}
        </Form.Item>
        <Form.Item
          name={p.max}
          noStyle
          dependencies={[p.min]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                range(getFieldValue(p.min), v) ? Promise.resolve() : Promise.reject(new Error(p.error)),
            }),
          ]}
        >
          {input(p.words[1])}
        </Form.Item>
      </Space.Compact>
    </Form.Item>
  );
}

/**
 * The filters people use most, one click each: the form is filled (so they see and can adjust what
 * was set) and the search runs. Dates are the business day in the browser's zone (China).
 */
export function presetValues(
  preset: 'lapsed' | 'birthday' | 'new',
  today: Dayjs,
  lapsedDays = 60,
): Partial<FormValues> {
  switch (preset) {
    case 'lapsed':
      return { lastVisit: [null, today.subtract(lapsedDays, 'day')] };
    case 'birthday':
      return { birthdayMonth: today.month() + 1 };
    case 'new':
      return { joined: [today.subtract(29, 'day'), today] };
  }
}

export function FilterPanel({ tiers, stores, onSearch }: FilterPanelProps) {
  const [form] = Form.useForm<FormValues>();
  const [lapsedDays, setLapsedDays] = useState<number | null>(60);
  const apply = (preset: 'lapsed' | 'birthday' | 'new') => {
    form.resetFields();
    form.setFieldsValue(presetValues(preset, dayjs(), lapsedDays ?? 60));
    form.submit();
  };
  const lapsedOk =
    lapsedDays !== null && Number.isInteger(lapsedDays) && lapsedDays >= 1 && lapsedDays <= 3650;
  return (
    <Form
      form={form}
      layout="vertical"
      aria-label="会员筛选"
      onFinish={(v) => onSearch(toFilter(v))}
      onReset={() => onSearch({})}
    >
      <Space wrap style={{ marginBottom: 12 }} aria-label="常用筛选">
        <Typography.Text type="secondary">常用：</Typography.Text>
        <Space.Compact>
          <InputNumber
            aria-label="未到店天数"
            value={lapsedDays}
            onChange={(v) => setLapsedDays(v)}
            status={lapsedOk ? undefined : 'error'}
            style={{ width: 80 }}
          />
          <Button disabled={!lapsedOk} onClick={() => apply('lapsed')}>
            天未到店
          </Button>
        </Space.Compact>
        <Button onClick={() => apply('birthday')}>本月生日</Button>
        <Button onClick={() => apply('new')}>近 30 天新客</Button>
        {!lapsedOk && <Typography.Text type="danger">天数为 1–3650 的整数</Typography.Text>}
      </Space>
      <Row gutter={16}>
        <Col xs={24} sm={12} md={6}>
          <Form.Item
            name="phone"
            label="手机号"
            rules={[{ pattern: /^\d{4,11}$/, message: '请输入完整手机号或后 4 位以上数字' }]}
          >
            <Input placeholder="完整手机号或尾号" allowClear inputMode="numeric" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="name" label="姓名">
            <Input placeholder="姓名包含" allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="tiers" label="会员等级">
            <Select
              mode="multiple"
              allowClear
              placeholder="全部等级"
              options={tiers.map((t) => ({ value: t.code, label: t.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="storeId" label="入会门店">
            <Select
              allowClear
              placeholder="全部门店"
              options={stores.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="joinChannel" label="入会渠道">
            <Select
              allowClear
              placeholder="全部渠道"
              options={JOIN_CHANNELS.map((value) => ({ value, label: JOIN_CHANNEL_LABELS[value] }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="tag" label="标签">
            <Input placeholder="如：常客" allowClear />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="birthdayMonth" label="生日月份">
            <Select
              allowClear
              placeholder="不限"
              options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1} 月` }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="lastVisit" label="最近消费日期">
            <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <Form.Item name="joined" label="入会日期">
            <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={6}>
          <RangeItem
            label="消费次数"
            min="visitsMin"
            max="visitsMax"
            words={['最少', '最多']}
            precision={0}
            error="最多次数不能小于最少次数"
          />
        </Col>
        <Col xs={24} sm={12} md={6}>
          <RangeItem
            label="累计消费"
            unit="（元）"
            min="spendMinYuan"
            max="spendMaxYuan"
            words={['最低', '最高']}
            precision={2}
            error="最高金额不能低于最低金额"
          />
        </Col>
        <Col xs={24} md={12} style={{ display: 'flex', alignItems: 'end', justifyContent: 'flex-end' }}>
          <Form.Item>
            <Space>
              <Button htmlType="reset">重置</Button>
              <Button type="primary" htmlType="submit">
                筛选
              </Button>
            </Space>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}
