import { Entity, Index, PrimaryColumn } from 'typeorm';
import type { WechatAppConfig } from '../config/app-config';
import { DateTimeColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn } from '../database/columns';
import { WechatApiClient, WechatApiError } from './wechat-api';

/** The subscribe messages the product sends (issue 12 maps each to the mini-program's template id and keys). */
export type SubscribeTemplate = 'COUPON_ARRIVED' | 'COUPON_EXPIRING' | 'POINTS_EXPIRING' | 'TOPUP_SUCCEEDED';

export interface SubscribeMessage {
  id: string;
  openid: string;
  template: SubscribeTemplate;
  /** Meaningful fields (e.g. coupon, expiry, note); the port turns them into the template's keys. */
  data: Record<string, string>;
  /** The mini-program page the message opens. */
  page: string;
}

export interface SubscribeResult {
  id: string;
  ok: boolean;
  error: string | null;
  /** WeChat says the diner has no subscription left for this template. */
  noQuota?: boolean;
}

/**
 * The WeChat subscribe-message port: campaigns and automations write the outbox, the dispatcher
 * sends through this. Issue 12 brings the real adapter (`subscribeMessage.send` with the cached
 * access token); until then a real deployment has none (WeChat actions are refused), and the demo
 * has a labelled simulator.
 */
export interface WechatSubscribePort {
  readonly name: 'simulator' | 'wechat';
  send(batch: SubscribeMessage[]): Promise<SubscribeResult[]>;
}

/** The demo's simulator: every message is "delivered" at once; nothing leaves the machine. */
export class SimulatedWechatSubscribe implements WechatSubscribePort {
  readonly name = 'simulator' as const;
  send(batch: SubscribeMessage[]): Promise<SubscribeResult[]> {
    return Promise.resolve(batch.map((m) => ({ id: m.id, ok: true, error: null })));
  }
}

/**
 * The keys of each template as chosen from WeChat's public template library (the operator picks
 * templates with these keywords, and sets their ids in WECHAT_TEMPLATE_*), and which of our
 * fields fills each. WeChat limits `thing` to 20 characters, `number` to 32 digits.
 */
export const TEMPLATE_KEYS: Record<
  SubscribeTemplate,
  Record<string, { from: string[]; kind: 'thing' | 'time' | 'number' | 'amount' }>
> = {
  COUPON_ARRIVED: {
    thing1: { from: ['couponName', 'title'], kind: 'thing' },
    time2: { from: ['expiry'], kind: 'time' },
    thing3: { from: ['title'], kind: 'thing' },
  },
  COUPON_EXPIRING: {
    thing1: { from: ['couponName', 'title'], kind: 'thing' },
    time2: { from: ['expiry'], kind: 'time' },
    thing3: { from: ['title'], kind: 'thing' },
  },
  POINTS_EXPIRING: {
    number1: { from: ['points'], kind: 'number' },
    time2: { from: ['expiry'], kind: 'time' },
    thing3: { from: ['title'], kind: 'thing' },
  },
  TOPUP_SUCCEEDED: {
    amount1: { from: ['amount'], kind: 'amount' },
    amount2: { from: ['bonus'], kind: 'amount' },
    amount3: { from: ['balance'], kind: 'amount' },
    time4: { from: ['time'], kind: 'time' },
  },
};

/** Our fields → the template's `data` (values cut to WeChat's limits: an over-long `thing` is refused). */
export function templateData(
  template: SubscribeTemplate,
  data: Record<string, string>,
): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {};
  for (const [key, spec] of Object.entries(TEMPLATE_KEYS[template])) {
    const raw = spec.from.map((f) => data[f]).find((v) => v !== undefined && v !== '') ?? '-';
    out[key] = { value: spec.kind === 'thing' ? [...raw].slice(0, 20).join('') : raw };
  }
  return out;
}

/** The real adapter: one `subscribeMessage.send` per message with the shared access token. */
export class ApiWechatSubscribe implements WechatSubscribePort {
  readonly name = 'wechat' as const;
  constructor(
    private readonly api: WechatApiClient,
    private readonly cfg: WechatAppConfig,
  ) {}

  async send(batch: SubscribeMessage[]): Promise<SubscribeResult[]> {
    const out: SubscribeResult[] = [];
    for (const m of batch) {
      const templateId = this.cfg.templates[m.template];
      if (!templateId) {
        out.push({ id: m.id, ok: false, error: `未配置订阅消息模板（WECHAT_TEMPLATE_${m.template}）` });
        continue;
      }
      try {
        await this.api.sendSubscribe({
          touser: m.openid,
          templateId,
          page: m.page,
          data: templateData(m.template, m.data),
        });
        out.push({ id: m.id, ok: true, error: null });
      } catch (e) {
        if (!(e instanceof WechatApiError) || e.errcode === -1) throw e; // unreachable: the whole round retries
        const why =
          e.errcode === 43101
            ? '用户未订阅或订阅次数已用完'
            : e.errcode === 47003
              ? '模板参数不正确'
              : `微信返回 ${e.errcode}`;
        out.push({
          id: m.id,
          ok: false,
          error: `${why}（${e.errcode}）`,
          ...(e.errcode === 43101 ? { noQuota: true } : {}),
        });
      }
    }
    return out;
  }
}

/**
 * What each diner allowed: every "允许" in the mini-program's subscription prompt is good for one
 * message of that template (WeChat's one-time subscriptions); a send uses one.
 */
@Entity('wechat_subscription')
export class WechatSubscription {
  @PrimaryColumn({ type: 'varchar', length: 36 }) memberId: string;
  @PrimaryColumn({ type: 'varchar', length: 20 }) template: SubscribeTemplate;
  @IntColumn({ default: 0 }) remaining: number;
  @DateTimeColumn() updatedAt: Date;
}

/** The WeChat outbox: one row per member and message, sent by the dispatcher. */
@Entity('wechat_message')
@Index('ix_wechat_due', ['status', 'createdAt'])
@Index('ix_wechat_source', ['sourceId'])
export class WechatMessage {
  @IdColumn() id: string;
  @RefColumn() memberId: string;
  /** The campaign or automation that sent it. */
  @RefColumn({ nullable: true }) sourceId: string | null;
  @StrColumn(64) openid: string;
  @StrColumn(20) template: SubscribeTemplate;
  @JsonColumn({ nullable: false }) data: Record<string, string>;
  @StrColumn(10) status: 'QUEUED' | 'SENDING' | 'SENT' | 'FAILED';
  @IntColumn({ default: 0 }) attempts: number;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn({ nullable: true }) sentAt: Date | null;
  @StrColumn(200, { nullable: true }) error: string | null;
}
