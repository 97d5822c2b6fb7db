import { JOIN_CHANNEL_LABELS } from './domain.js';

/**
 * The segment filter: one schema for the admin's builder and the server's SQL compiler, validated
 * identically on both sides. A filter is a list of conditions that must all hold; each condition
 * names a field from the catalogue below (never a column name typed by a user), an operator the
 * field allows, and a value of the field's kind. The server turns it into parameterised SQL.
 */

export type SegmentFieldKind = 'number' | 'money' | 'enum' | 'text' | 'date' | 'bool';
export type SegmentOp =
  'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'contains' | 'empty' | 'notEmpty';

export interface SegmentField {
  label: string;
  kind: SegmentFieldKind;
  ops: SegmentOp[];
  /** For enums: value → label. */
  options?: Record<string, string>;
  /** The stored value is the typed value ÷ scale (percentages typed 0–100, stored 0–1). */
  scale?: number;
  /** Bounds a value must respect (numbers / money in fen). */
  min?: number;
  max?: number;
  unit?: string;
}

const NUM: SegmentOp[] = ['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'empty', 'notEmpty'];
const ENUM: SegmentOp[] = ['eq', 'neq', 'in'];

/** The seeds' five layers (核心 / 潜力 / 新 / 沉睡 / 流失), in funnel order, and those who never came. */
export const LIFECYCLE_LABELS: Record<string, string> = {
  NEW: '新客',
  CORE: '核心',
  POTENTIAL: '潜力',
  DORMANT: '沉睡',
  LOST: '流失',
  NONE: '未消费',
};

/** Seed 002's loyalty matrix: heavy / light spend × high / low loyalty (repeat visits). */
export const LOYALTY_LABELS: Record<string, string> = {
  HEAVY_LOYAL: '重度消费·高忠诚',
  HEAVY_FICKLE: '重度消费·低忠诚',
  LIGHT_LOYAL: '轻度消费·高忠诚',
  LIGHT_FICKLE: '轻度消费·低忠诚',
};

export const RFM_SEGMENT_NAMES = [
  '重要价值客户',
  '重要发展客户',
  '重要保持客户',
  '重要挽留客户',
  '一般价值客户',
  '一般发展客户',
  '一般保持客户',
  '一般挽留客户',
] as const;

/** Every field a segment may filter on: member fields and the stored insight figures. */
export const SEGMENT_FIELDS = {
  tier: { label: '会员等级', kind: 'enum', ops: ENUM },
  joinStore: { label: '入会门店', kind: 'enum', ops: ENUM },
  joinChannel: {
    label: '入会渠道',
    kind: 'enum',
    ops: ENUM,
    options: JOIN_CHANNEL_LABELS,
  },
  tag: { label: '标签', kind: 'text', ops: ['contains'] },
  birthdayMonth: {
    label: '生日月份',
    kind: 'number',
    ops: ['eq', 'in', 'between'],
    min: 1,
    max: 12,
    unit: '月',
  },
  joinedOn: { label: '入会日期', kind: 'date', ops: ['gte', 'lte', 'between'] },
  consentSms: { label: '同意营销短信', kind: 'bool', ops: ['eq'] },
  consentWechat: { label: '同意微信消息', kind: 'bool', ops: ['eq'] },
  pointsBalance: {
    label: '积分余额',
    kind: 'number',
    ops: NUM.filter((o) => o !== 'empty' && o !== 'notEmpty'),
    min: 0,
    max: 1_000_000_000,
  },
  rfmSegment: {
    label: 'RFM 客群',
    kind: 'enum',
    ops: ENUM,
    options: Object.fromEntries(RFM_SEGMENT_NAMES.map((n) => [n, n])),
  },
  lifecycle: { label: '生命周期', kind: 'enum', ops: ENUM, options: LIFECYCLE_LABELS },
  recencyDays: { label: '距上次消费天数', kind: 'number', ops: NUM, min: 0, max: 36_500, unit: '天' },
  frequency: {
    label: '近一年消费次数',
    kind: 'number',
    ops: NUM.filter((o) => o !== 'empty' && o !== 'notEmpty'),
    min: 0,
    max: 100_000,
    unit: '次',
  },
  monetaryFen: {
    label: '近一年消费金额',
    kind: 'money',
    ops: NUM.filter((o) => o !== 'empty' && o !== 'notEmpty'),
    min: 0,
    max: 1_000_000_000,
  },
  rScore: { label: '近度分 R', kind: 'number', ops: NUM, min: 1, max: 5 },
  fScore: { label: '频次分 F', kind: 'number', ops: NUM, min: 1, max: 5 },
  mScore: { label: '金额分 M', kind: 'number', ops: NUM, min: 1, max: 5 },
  pAlive: { label: '仍活跃概率', kind: 'number', ops: NUM, min: 0, max: 1 },
  expectedVisits30: { label: '预计 30 天内到店次数', kind: 'number', ops: NUM, min: 0, max: 1000 },
  avgIntervalDays: { label: '平均到店间隔', kind: 'number', ops: NUM, min: 0, max: 36_500, unit: '天' },
  nextVisitOn: { label: '预计下次到店日', kind: 'date', ops: ['gte', 'lte', 'between'] },
  loyalty: { label: '忠诚度矩阵', kind: 'enum', ops: ENUM, options: LOYALTY_LABELS },
  cluster: { label: '聚类人群', kind: 'enum', ops: ENUM },
  favouriteStore: { label: '最常去门店', kind: 'enum', ops: ENUM },
  lunchShare: { label: '午市占比', kind: 'number', ops: NUM, min: 0, max: 100, unit: '%', scale: 100 },
  dinnerShare: { label: '晚市占比', kind: 'number', ops: NUM, min: 0, max: 100, unit: '%', scale: 100 },
  lateShare: { label: '夜宵占比', kind: 'number', ops: NUM, min: 0, max: 100, unit: '%', scale: 100 },
  weekendShare: { label: '周末占比', kind: 'number', ops: NUM, min: 0, max: 100, unit: '%', scale: 100 },
  couponShare: { label: '用券占比', kind: 'number', ops: NUM, min: 0, max: 100, unit: '%', scale: 100 },
  avgPartySize: { label: '平均就餐人数', kind: 'number', ops: NUM, min: 0, max: 100, unit: '人' },
} as const satisfies Record<string, SegmentField>;

export type SegmentFieldName = keyof typeof SEGMENT_FIELDS;

export interface SegmentCondition {
  field: SegmentFieldName;
  op: SegmentOp;
  /** A number, a string, a boolean, [low, high] for between, a list for in; absent for empty/notEmpty. */
  value?: unknown;
}

export interface SegmentFilter {
  all: SegmentCondition[];
}

export const SEGMENT_OP_LABELS: Record<SegmentOp, string> = {
  eq: '等于',
  neq: '不等于',
  gt: '大于',
  gte: '不少于',
  lt: '小于',
  lte: '不超过',
  between: '介于',
  in: '属于',
  contains: '包含',
  empty: '没有数据',
  notEmpty: '有数据',
};

export const MAX_SEGMENT_CONDITIONS = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Problems in a filter, in Chinese, each naming the condition; empty when the filter is valid. The
 * admin shows them next to the rows; the server refuses the same filter with the same words.
 */
export function validateSegmentFilter(input: unknown): string[] {
  const problems: string[] = [];
  if (!input || typeof input !== 'object' || !Array.isArray((input as SegmentFilter).all))
    return ['筛选条件格式不正确'];
  const all = (input as SegmentFilter).all;
  if (all.length > MAX_SEGMENT_CONDITIONS) problems.push(`最多 ${MAX_SEGMENT_CONDITIONS} 个条件`);
  all.slice(0, MAX_SEGMENT_CONDITIONS).forEach((c, i) => {
    const n = `第 ${i + 1} 个条件`;
    if (!c || typeof c !== 'object') return problems.push(`${n}格式不正确`);
    const field = (SEGMENT_FIELDS as Record<string, SegmentField>)[c.field as string];
    if (!field) return problems.push(`${n}：不支持的筛选项`);
    if (!field.ops.includes(c.op))
      return problems.push(`${n}：「${field.label}」不能用「${SEGMENT_OP_LABELS[c.op] ?? c.op}」`);
    if (c.op === 'empty' || c.op === 'notEmpty') {
      if (c.value !== undefined) problems.push(`${n}：「${SEGMENT_OP_LABELS[c.op]}」不需要填值`);
      return;
    }
    const one = (v: unknown): string | null => {
      switch (field.kind) {
        case 'number':
        case 'money': {
          if (typeof v !== 'number' || !Number.isFinite(v)) return '请填数字';
          if (field.kind === 'money' && !Number.isInteger(v)) return '金额以分为单位，必须是整数';
          if ((field.min !== undefined && v < field.min) || (field.max !== undefined && v > field.max))
            return `应在 ${field.min}–${field.max} 之间`;
          return null;
        }
        case 'bool':
          return typeof v === 'boolean' ? null : '请选择是或否';
        case 'date':
          return typeof v === 'string' && DATE.test(v) ? null : '日期格式应为 YYYY-MM-DD';
        case 'enum':
          if (typeof v !== 'string' || v.length < 1 || v.length > 64) return '请选择一个选项';
          if (field.options && !(v in field.options)) return '不是可选的值';
          return null;
        case 'text':
          return typeof v === 'string' && v.length >= 1 && v.length <= 32 ? null : '请填 1–32 个字';
      }
    };
    const check = (v: unknown) => {
      const p = one(v);
      if (p) problems.push(`${n}（${field.label}）：${p}`);
    };
    if (c.op === 'between') {
      if (!Array.isArray(c.value) || c.value.length !== 2)
        return problems.push(`${n}（${field.label}）：「介于」需要两个值`);
      const before = problems.length;
      c.value.forEach(check);
      if (problems.length === before && (c.value[0] as number | string) > (c.value[1] as number | string))
        problems.push(`${n}（${field.label}）：起始值不能大于结束值`);
    } else if (c.op === 'in') {
      if (!Array.isArray(c.value) || c.value.length < 1 || c.value.length > 50)
        return problems.push(`${n}（${field.label}）：「属于」需要选 1–50 个值`);
      c.value.forEach(check);
    } else check(c.value);
  });
  return problems;
}

/** "近度分 R 不少于 4；生命周期 属于 沉睡、流失" — the filter in words. */
export function describeSegmentFilter(filter: SegmentFilter, names: Record<string, string> = {}): string {
  return filter.all
    .map((c) => {
      const f = (SEGMENT_FIELDS as Record<string, SegmentField>)[c.field];
      if (!f) return '';
      const show = (v: unknown) =>
        typeof v === 'boolean'
          ? v
            ? '是'
            : '否'
          : (f.options?.[String(v)] ??
            names[String(v)] ??
            (f.kind === 'money' ? `¥${(Number(v) / 100).toFixed(2)}` : String(v)));
      const value =
        c.op === 'empty' || c.op === 'notEmpty'
          ? ''
          : Array.isArray(c.value)
            ? c.op === 'between'
              ? ` ${show(c.value[0])}–${show(c.value[1])}`
              : ` ${c.value.map(show).join('、')}`
            : ` ${show(c.value)}`;
      return `${f.label} ${SEGMENT_OP_LABELS[c.op]}${value}${f.unit && c.op !== 'in' && !['empty', 'notEmpty'].includes(c.op) ? ` ${f.unit}` : ''}`;
    })
    .filter(Boolean)
    .join('；');
}
