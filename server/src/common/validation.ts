import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { AppError } from './app-error';
import { cacheValidationMetadata } from './validation-cache';

const CONSTRAINT_TEXT: Record<string, string> = {
  whitelistValidation: '是未知字段',
  isNumber: '必须是数字',
  notEquals: '不能为 0',
  isInt: '必须是整数',
  isString: '必须是字符串',
  isBoolean: '必须是布尔值',
  isArray: '必须是数组',
  isIn: '取值不在允许范围内',
  isEnum: '取值不在允许范围内',
  min: '太小',
  max: '太大',
  maxLength: '太长',
  minLength: '太短',
  arrayMaxSize: '元素太多',
  arrayMinSize: '元素太少',
  isNotEmpty: '不能为空',
  isDefined: '必填',
  matches: '格式不正确',
  isUuid: '格式不正确',
  isDateString: '不是合法的日期',
  isISO8601: '不是合法的日期',
  isObject: '必须是对象',
  nestedValidation: '格式不正确',
};

/**
 * The field may be left out; when it is present — null included — it must be valid. (class-validator's
 * IsOptional also lets null through, which then reaches NOT NULL columns.) Use IsOptional only where
 * null has a meaning ("no restriction") and say so with `nullable: true` in the API document.
 */
export const Omittable = () => ValidateIf((_obj, value) => value !== undefined);

/** Deepest JSON nesting any endpoint accepts (deeper bodies would overflow validation's recursion). */
export const MAX_JSON_DEPTH = 32;

/** Depth of a JSON text's nesting, counted without parsing (strings are skipped). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** How a manager or a cashier calls each request field (validation messages never show code names). */
export const FIELD_LABELS: Record<string, string> = {
  acknowledgeBalanceFen: '确认的余额',
  active: '启用状态',
  address: '地址',
  amountFen: '金额',
  balancePayFen: '储值支付金额',
  benefits: '权益',
  birthday: '生日',
  birthdayMonth: '生日月份',
  birthdayTemplateId: '生日礼券',
  chainName: '品牌名称',
  channels: '发放渠道',
  code: '登录凭证',
  confirm: '确认',
  consentMarketing: '营销消息授权',
  consentSms: '短信授权',
  consentWechat: '微信消息授权',
  count: '张数',
  couponCodes: '券码',
  createMembers: '自动创建会员',
  currentPassword: '当前密码',
  description: '说明',
  fileName: '文件名',
  from: '开始日期',
  gender: '性别',
  itemName: '兑换菜品',
  joinChannel: '入会渠道',
  kind: '导入类型',
  last: '最后一段',
  lastVisitFrom: '最近到店（起）',
  lastVisitTo: '最近到店（止）',
  limit: '条数',
  maxDiscountFen: '最高优惠',
  maxPerBill: '每单最多张数',
  memberCode: '会员码',
  memberCodeStepSeconds: '会员码刷新间隔',
  memberId: '会员',
  memberPricePercentOff: '会员价折扣',
  method: '支付方式',
  minTier: '最低等级',
  name: '名称',
  newPassword: '新密码',
  orderRef: '订单号',
  page: '页码',
  pageSize: '每页条数',
  partySize: '就餐人数',
  password: '密码',
  payMethod: '收款方式',
  perMemberDailyLimit: '每人每日限领',
  perMemberLimit: '每人限领',
  percentOff: '折扣',
  phone: '手机号',
  phoneCode: '手机号授权',
  points: '积分',
  pointsCost: '所需积分',
  pointsExpiryYears: '积分有效年数',
  pointsMultiplierPercent: '积分倍数',
  pointsPerYuan: '每元积分',
  reason: '原因',
  requestId: '请求号',
  role: '角色',
  sort: '排序',
  spendMaxFen: '消费金额上限',
  spendMinFen: '消费金额下限',
  stacking: '叠加规则',
  status: '状态',
  stock: '库存',
  store: '门店',
  storeCode: '门店编码',
  storeCodes: '适用门店',
  storeId: '门店',
  storeIds: '门店',
  table: '桌号',
  tableNo: '桌号',
  tableNos: '桌号',
  tag: '标签',
  templateId: '券模板',
  text: '文件内容',
  thresholdFen: '使用门槛',
  tierWindowMonths: '等级统计月数',
  tiers: '等级',
  timeWindows: '可用时段',
  to: '结束日期',
  type: '券类型',
  username: '账号',
  validDays: '领取后有效天数',
  validFrom: '生效时间',
  validTo: '失效时间',
  valueFen: '面额',
  voidWindowMinutes: '可撤销时限',
  weekdays: '可用星期',
  welcomeTemplateId: '入会礼券',
};

/** "timeWindows.1.from" → "可用时段第 2 项的开始时间"-style labels; unknown names never leak. */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  const out: string[] = [];
  for (const p of parts) {
    if (/^\d+$/.test(p)) out.push(`第 ${Number(p) + 1} 项`);
    else if (p === 'from' && out.length) out.push('的开始时间');
    else if (p === 'to' && out.length) out.push('的结束时间');
    else out.push(FIELD_LABELS[p] ?? '某个字段');
  }
  return out.join('');
}

/** The bound is in class-validator's own message ("… must not be greater than 100"): say it in Chinese. */
function describeConstraint(key: string, message: string): string {
  if (key === 'isLength') {
    const [n] = message.match(/\d+/g) ?? [];
    if (n && /longer/.test(message)) return n === '1' ? '不能为空' : `至少 ${n} 个字`;
    if (n && /shorter/.test(message)) return `最多 ${n} 个字`;
  }
  const n = /(-?\d+(?:\.\d+)?)(?!.*\d)/.exec(message)?.[1];
  if (n !== undefined) {
    const bounded: Record<string, string> = {
      min: `不能小于 ${n}`,
      max: `不能大于 ${n}`,
      maxLength: `最多 ${n} 个字`,
      minLength: `至少 ${n} 个字`,
      arrayMaxSize: `最多 ${n} 项`,
      arrayMinSize: `至少 ${n} 项`,
    };
    if (bounded[key]) return bounded[key];
  }
  // A custom message written in Chinese (e.g. on a @Matches) is already what people should read.
  if (/[\u4e00-\u9fa5]/.test(message)) return `：${message}`;
  return CONSTRAINT_TEXT[key] ?? '不合法';
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  const out: { field: string; problems: string[] }[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) {
      out.push({
        field,
        problems: Object.entries(e.constraints).map(([k, msg]) => describeConstraint(k, msg)),
      });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** Global pipe: whitelist, forbid unknown fields, transform; errors as VALIDATION_FAILED in Chinese. */
export function createValidationPipe(): ValidationPipe {
  // Every request body is validated: the DTO's rules are looked up once, not per request.
  cacheValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      const summary = fields
        .slice(0, 5)
        .map((f) =>
          f.problems.includes('是未知字段')
            ? '包含不认识的字段'
            : `${fieldLabel(f.field)}${f.problems.join('、')}`,
        )
        .join('；');
      return new AppError('VALIDATION_FAILED', 400, `请求参数不正确：${summary}`, { fields });
    },
  });
}
