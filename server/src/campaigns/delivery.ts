import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import { EntityManager, In, MoreThanOrEqual } from 'typeorm';
import { computeCouponValidity, inHoldout } from '@tableside/shared';
import { AppError } from '../common/app-error';
import { newId } from '../common/ids';
import { newCouponCode } from '../coupons/coupon-code';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { Coupon } from '../coupons/entities/coupon.entity';
import { Member } from '../members/entities/member.entity';
import { ChainSettings } from '../settings/entities/chain-settings.entity';
import { SubscribeTemplate, WechatMessage } from '../wechat/subscribe-port';
import { CampaignDelivery, DeliveryGroup, SmsMessage } from './entities/campaign.entity';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Appended to every marketing SMS that does not carry it already. */
export const OPT_OUT_LINE = '拒收请回复R';

/** What a campaign or an automation gives; `id` keys the holdout and the delivery rows. */
export interface DeliverySource {
  id: string;
  name: string;
  templateId: string | null;
  couponCount: number;
  smsText: string | null;
  /** Also a WeChat subscribe message (to members who subscribed in the mini-program). */
  wechat: boolean;
  /** Which subscribe message (default: the coupon has arrived). */
  wechatTemplate?: SubscribeTemplate;
  holdoutPercent: number;
}

export type Recipient = Pick<Member, 'id' | 'phone' | 'name' | 'consentSms' | 'consentWechat' | 'openid'>;

/** Who can be reached by which message. */
export const reachable = {
  sms: (m: Pick<Member, 'consentSms' | 'phone'>) => !!(m.consentSms && m.phone),
  wechat: (m: Pick<Member, 'consentWechat' | 'openid'>) => !!(m.consentWechat && m.openid),
};

/** One member for one occurrence ('' for a campaign: once per campaign), with extra SMS variables. */
export interface Candidate {
  member: Recipient;
  occurrence: string;
  vars?: Record<string, string>;
}

export interface DeliveryOutcome {
  groups: Record<DeliveryGroup, number>;
  coupons: number;
  sms: number;
  wechat: number;
}

export const TemplateErrors = {
  UNUSABLE: (why: string) =>
    new AppError('CAMPAIGN_TEMPLATE_UNUSABLE', 409, `所选券模板不能用于营销：${why}`),
};

export function wechatUnavailable(): AppError {
  return new AppError(
    'WECHAT_NOT_CONFIGURED',
    409,
    '微信订阅消息尚未配置，暂时不能发：可以先只发券或短信，或配置微信服务后再发',
  );
}

export function smsUnavailable(): AppError {
  return new AppError(
    'SMS_NOT_CONFIGURED',
    409,
    '短信通道尚未配置，暂时不能发营销短信：可以先只发券，或配置短信服务后再发',
  );
}

/** A template marketing may issue from right now (published, not expired, channel 营销活动). */
export async function usableTemplate(em: EntityManager, id: string, now: Date): Promise<CouponTemplate> {
  const t = await em.findOne(CouponTemplate, { where: { id } });
  if (!t) throw TemplateErrors.UNUSABLE('券模板不存在');
  if (!t.active) throw TemplateErrors.UNUSABLE('还没有发布或已停止发放');
  if (t.validTo && t.validTo <= now) throw TemplateErrors.UNUSABLE('已过期');
  if (t.channels && !t.channels.includes('CAMPAIGN'))
    throw TemplateErrors.UNUSABLE('发放渠道不含「营销活动」');
  return t;
}

/** Marketing SMS never go out in quiet hours (business time): they wait for the morning. */
export function afterQuietHours(
  at: Date,
  s: Pick<ChainSettings, 'timeZone' | 'quietStartHour' | 'quietEndHour'>,
): Date {
  const local = dayjs(at).tz(s.timeZone);
  const h = local.hour();
  const quiet =
    s.quietStartHour > s.quietEndHour
      ? h >= s.quietStartHour || h < s.quietEndHour
      : h >= s.quietStartHour && h < s.quietEndHour;
  if (!quiet) return at;
  const morning = local.hour(s.quietEndHour).minute(0).second(0).millisecond(0);
  return (morning.isAfter(local) ? morning : morning.add(1, 'day')).toDate();
}

/** {name} {coupon} {expiry} (and a trigger's own variables) filled in; the opt-out line added when missing. */
export function renderSms(
  text: string,
  m: Pick<Member, 'name'>,
  coupon: Coupon | undefined,
  tz: string,
  vars: Record<string, string> = {},
): string {
  const values: Record<string, string> = {
    name: m.name ?? '会员',
    coupon: coupon?.code ?? '',
    expiry: coupon ? dayjs(coupon.validTo).tz(tz).format('YYYY-MM-DD') : '',
    ...vars,
  };
  const filled = text.replace(/\{(\w+)\}/g, (all, k: string) => values[k] ?? all);
  return filled.includes(OPT_OUT_LINE) ? filled : `${filled} ${OPT_OUT_LINE}`;
}

/**
 * Delivers one batch inside the caller's transaction: decides each candidate's group — no SMS
 * consent (when the source sends SMS), over the frequency cap (marketing touches of every campaign
 * and automation in the last 7 / 30 days, this batch included), holdout (deterministic from source
 * and member), out of stock — and writes the delivery rows (unique per source, member and
 * occurrence: a second attempt fails the whole batch), the coupons (stock taken by one conditional
 * update) and the SMS outbox rows (held until quiet hours end).
 */
export async function deliver(
  em: EntityManager,
  source: DeliverySource,
  candidates: Candidate[],
  settings: ChainSettings,
  now: Date,
): Promise<DeliveryOutcome> {
  const groups: Record<DeliveryGroup, number> = {
    TREATED: 0,
    HOLDOUT: 0,
    NO_CONSENT: 0,
    CAPPED: 0,
    NO_STOCK: 0,
  };
  if (!candidates.length) return { groups, coupons: 0, sms: 0, wechat: 0 };
  const ids = [...new Set(candidates.map((c) => c.member.id))];
  const touches = new Map<string, { d7: number; d30: number }>();
  const since30 = dayjs(now).subtract(30, 'day').toDate();
  const since7 = dayjs(now).subtract(7, 'day').valueOf();
  for (let i = 0; i < ids.length; i += 500)
    for (const t of await em.find(CampaignDelivery, {
      // Only the touches that can count (ix_delivery_member_touch: member, group, time).
      where: { memberId: In(ids.slice(i, i + 500)), grp: 'TREATED', createdAt: MoreThanOrEqual(since30) },
      select: { memberId: true, createdAt: true },
    })) {
      const x = touches.get(t.memberId) ?? { d7: 0, d30: 0 };
      x.d30++;
      if (t.createdAt.getTime() >= since7) x.d7++;
      touches.set(t.memberId, x);
    }
  const grp = candidates.map((c): DeliveryGroup => {
    const m = c.member;
    // A message-only send needs a channel the member agreed to; with both, either one will do.
    if (
      (source.smsText || source.wechat) &&
      !((source.smsText && reachable.sms(m)) || (source.wechat && reachable.wechat(m)))
    )
      return 'NO_CONSENT';
    const t = touches.get(m.id) ?? { d7: 0, d30: 0 };
    if (t.d7 >= settings.capPer7Days || t.d30 >= settings.capPer30Days) return 'CAPPED';
    if (inHoldout(source.id, m.id, source.holdoutPercent)) return 'HOLDOUT';
    touches.set(m.id, { d7: t.d7 + 1, d30: t.d30 + 1 });
    return 'TREATED';
  });

  // Coupons: stock taken for the whole batch in one conditional update (what is left if short).
  const coupons: Coupon[] = [];
  const firstCoupon = new Map<number, Coupon>();
  let couponName = '';
  const treated = candidates.map((_, i) => i).filter((i) => grp[i] === 'TREATED');
  if (source.templateId && treated.length) {
    const t = await usableTemplate(em, source.templateId, now);
    couponName = t.name;
    let room = treated.length;
    if (t.stock !== null)
      room = Math.max(0, Math.min(room, Math.floor((t.stock - t.issuedCount) / source.couponCount)));
    for (const i of treated.slice(room)) grp[i] = 'NO_STOCK';
    treated.length = room;
    if (room) {
      const n = room * source.couponCount;
      const res = await em
        .createQueryBuilder()
        .update(CouponTemplate)
        .set({ issuedCount: () => `issued_count + ${n}` })
        .where('id = :id AND (stock IS NULL OR issued_count + :n <= stock)', { id: t.id, n })
        .execute();
      if (res.affected !== 1) throw new AppError('CAMPAIGN_STOCK_RACE', 409, '券库存刚被占用，本批将重试');
      const validity = computeCouponValidity(
        { validFrom: t.validFrom, validTo: t.validTo, validDays: t.validDays },
        now,
        settings.timeZone,
      );
      for (const i of treated)
        for (let k = 0; k < source.couponCount; k++) {
          const coupon = {
            id: newId(),
            code: newCouponCode(),
            templateId: t.id,
            memberId: candidates[i].member.id,
            status: 'AVAILABLE',
            validFrom: validity.validFrom,
            validTo: validity.validTo,
            issuedAt: now,
            issueChannel: 'CAMPAIGN',
            issueRef: source.id,
            usedAt: null,
            usedStoreId: null,
            usedVisitId: null,
            usedByStaffId: null,
          } as Coupon;
          if (!firstCoupon.has(i)) firstCoupon.set(i, coupon);
          coupons.push(coupon);
        }
    }
  }
  const deliveries = candidates.map((c, i) => ({
    id: newId(),
    campaignId: source.id,
    memberId: c.member.id,
    occurrence: c.occurrence,
    grp: grp[i],
    createdAt: now,
  }));
  for (let i = 0; i < deliveries.length; i += 250)
    await em.insert(CampaignDelivery, deliveries.slice(i, i + 250));
  for (let i = 0; i < coupons.length; i += 250) await em.insert(Coupon, coupons.slice(i, i + 250));
  const sms: SmsMessage[] = [];
  if (source.smsText) {
    const sendAfter = afterQuietHours(now, settings);
    for (const i of treated) {
      const m = candidates[i].member;
      if (!reachable.sms(m)) continue;
      sms.push({
        id: newId(),
        memberId: m.id,
        campaignId: source.id,
        phone: m.phone!,
        text: renderSms(source.smsText, m, firstCoupon.get(i), settings.timeZone, candidates[i].vars),
        kind: 'MARKETING',
        status: 'QUEUED',
        attempts: 0,
        sendAfter,
        createdAt: now,
        sentAt: null,
        providerRef: null,
        error: null,
      });
    }
    for (let i = 0; i < sms.length; i += 250) await em.insert(SmsMessage, sms.slice(i, i + 250));
  }
  const wechat: WechatMessage[] = [];
  if (source.wechat) {
    for (const i of treated) {
      const m = candidates[i].member;
      if (!reachable.wechat(m)) continue;
      const coupon = firstCoupon.get(i);
      const vars = candidates[i].vars ?? {};
      wechat.push({
        id: newId(),
        memberId: m.id,
        sourceId: source.id,
        openid: m.openid!,
        template: source.wechatTemplate ?? 'COUPON_ARRIVED',
        data: {
          title: source.name,
          ...(coupon
            ? { couponName, expiry: dayjs(coupon.validTo).tz(settings.timeZone).format('YYYY-MM-DD') }
            : {}),
          ...vars,
        },
        status: 'QUEUED',
        attempts: 0,
        createdAt: now,
        sentAt: null,
        error: null,
      });
    }
    for (let i = 0; i < wechat.length; i += 250) await em.insert(WechatMessage, wechat.slice(i, i + 250));
  }
  for (const g of grp) groups[g]++;
  return { groups, coupons: coupons.length, sms: sms.length, wechat: wechat.length };
}
