/**
 * Automations (DESIGN.md §4): a trigger, what it gives (coupons and/or an SMS), and the rules every
 * send obeys (holdout, frequency cap, quiet hours, consent). The triggers and the bounds of their
 * settings are data here, so the admin form and the server's validation read the same table.
 */

export const AUTOMATION_TRIGGERS = [
  'JOIN',
  'FIRST_VISIT',
  'BIRTHDAY',
  'WIN_BACK',
  'REPURCHASE',
  'SPEND_TOTAL',
  'VISIT',
  'TIER_UPGRADE',
  'COUPON_EXPIRING',
  'POINTS_EXPIRING',
] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];

/** Settings a trigger may take; each trigger lists the ones it needs. */
export interface AutomationParams {
  /** Days: after the first visit / before the birthday / before the expected visit / before expiry. */
  days?: number;
  /** Win-back: days since the last visit (0: not a condition). */
  dormantDays?: number;
  /** Win-back: P(alive) below this percent (0: not a condition). */
  pAliveBelowPercent?: number;
  /** Spend total to reach / the least a bill must be (fen). */
  minFen?: number;
}

export interface AutomationParamSpec {
  key: keyof AutomationParams;
  label: string;
  unit: '天' | '%' | '元';
  min: number;
  max: number;
  default: number;
}

export interface AutomationTriggerSpec {
  label: string;
  /** The trigger in a sentence, {days}/{minFen}… filled from the settings. */
  sentence: string;
  /** What "once per occurrence" means for this trigger. */
  occurrence: string;
  params: AutomationParamSpec[];
}

const days = (label: string, def: number, min = 0, max = 365): AutomationParamSpec => ({
  key: 'days',
  label,
  unit: '天',
  min,
  max,
  default: def,
});
const yuan = (label: string, def: number): AutomationParamSpec => ({
  key: 'minFen',
  label,
  unit: '元',
  min: 0,
  max: 1_000_000_00,
  default: def,
});

export const AUTOMATION_TRIGGER_SPECS: Record<AutomationTrigger, AutomationTriggerSpec> = {
  JOIN: { label: '入会', sentence: '会员入会后', occurrence: '每人一次', params: [] },
  FIRST_VISIT: {
    label: '首次消费后 N 天',
    sentence: '首次消费后第 {days} 天',
    occurrence: '每人一次',
    params: [days('首次消费后天数', 3, 1, 90)],
  },
  BIRTHDAY: {
    label: '生日前 N 天',
    sentence: '生日前 {days} 天',
    occurrence: '每年一次',
    params: [days('生日前天数', 3, 0, 30)],
  },
  WIN_BACK: {
    label: '沉睡唤醒',
    sentence: '{dormantDays} 天未到店或活跃概率低于 {pAliveBelowPercent}%',
    occurrence: '每次沉睡一次（再到店后可再次触发）',
    params: [
      { key: 'dormantDays', label: '未到店天数（0 为不看）', unit: '天', min: 0, max: 730, default: 60 },
      {
        key: 'pAliveBelowPercent',
        label: '活跃概率低于（0 为不看）',
        unit: '%',
        min: 0,
        max: 100,
        default: 30,
      },
    ],
  },
  REPURCHASE: {
    label: '预计复购日前 N 天',
    sentence: '预计下次到店日前 {days} 天',
    occurrence: '每个预计到店日一次',
    params: [days('提前天数', 2, 0, 30)],
  },
  SPEND_TOTAL: {
    label: '累计消费满 X 元',
    sentence: '累计消费达到 {minFen} 元时',
    occurrence: '每人一次',
    params: [yuan('累计消费', 100_000)],
  },
  VISIT: {
    label: '每次消费（满 X 元）',
    sentence: '每笔消费满 {minFen} 元后',
    occurrence: '每笔账单一次',
    params: [yuan('单笔至少', 0)],
  },
  TIER_UPGRADE: { label: '等级升级', sentence: '会员升级后', occurrence: '每次升级一次', params: [] },
  COUPON_EXPIRING: {
    label: '券即将过期',
    sentence: '优惠券到期前 {days} 天',
    occurrence: '每张券一次',
    params: [days('到期前天数', 3, 1, 30)],
  },
  POINTS_EXPIRING: {
    label: '积分即将过期',
    sentence: '积分到期前 {days} 天',
    occurrence: '每个到期日一次',
    params: [days('到期前天数', 30, 1, 90)],
  },
};

/** The settings with defaults filled; problems (in Chinese) for what is out of bounds. */
export function validateAutomationParams(
  trigger: AutomationTrigger,
  params: AutomationParams | null | undefined,
): { params: AutomationParams; problems: string[] } {
  const spec = AUTOMATION_TRIGGER_SPECS[trigger];
  const out: AutomationParams = {};
  const problems: string[] = [];
  const given = (params ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given))
    if (!spec.params.some((p) => p.key === key)) problems.push(`「${spec.label}」没有设置项 ${key}`);
  for (const p of spec.params) {
    const v = given[p.key] ?? p.default;
    const bound = (x: number) => (p.unit === '元' ? x / 100 : x);
    if (typeof v !== 'number' || !Number.isInteger(v) || v < p.min || v > p.max)
      problems.push(
        `${p.label}应为 ${bound(p.min)}–${bound(p.max)} 的整数${p.unit === '元' ? '（单位：分）' : ''}`,
      );
    else out[p.key] = v;
  }
  if (trigger === 'WIN_BACK' && !out.dormantDays && !out.pAliveBelowPercent)
    problems.push('沉睡唤醒至少要设未到店天数或活跃概率之一');
  return { params: out, problems };
}

/** "首次消费后第 3 天" etc. */
export function describeAutomationTrigger(trigger: AutomationTrigger, params: AutomationParams): string {
  return AUTOMATION_TRIGGER_SPECS[trigger].sentence.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k as keyof AutomationParams];
    if (v === undefined) return '—';
    return k === 'minFen' ? String(v / 100) : String(v);
  });
}
