import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, IntColumn, JsonColumn, RefColumn, StrColumn } from '../database/columns';

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
