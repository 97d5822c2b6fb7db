/**
 * Tier benefits are data the rules apply — never free text that can drift from them. Their
 * description for diners and staff is generated here, from the same data.
 */
export interface TierBenefitData {
  /** Points per yuan are multiplied by this percent (100 = 1×, 150 = 1.5×). */
  pointsMultiplierPercent: number;
  /** 会员价: percent off what is left after coupons (5 = 95折), 0 = none. Applied by the evaluator. */
  memberPricePercentOff?: number | null;
  /** Name of the coupon template given on the member's birthday, if any. */
  birthdayGiftName?: string | null;
}

/** 95折, 9折, 85折 … from a percent off. */
export function zheLabel(percentOff: number): string {
  const zhe = (100 - percentOff) / 10;
  return `${Number.isInteger(zhe) ? zhe : String(100 - percentOff)}折`;
}

export function describeTierBenefits(b: TierBenefitData): string[] {
  const out: string[] = [];
  if (b.memberPricePercentOff && b.memberPricePercentOff > 0)
    out.push(`会员价 ${zheLabel(b.memberPricePercentOff)}`);
  out.push(
    b.pointsMultiplierPercent === 100 ? '消费积分 1 倍' : `消费积分 ${b.pointsMultiplierPercent / 100} 倍`,
  );
  if (b.birthdayGiftName) out.push(`生日礼：${b.birthdayGiftName}`);
  return out;
}
