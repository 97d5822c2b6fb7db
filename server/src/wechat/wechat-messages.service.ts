import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { newId } from '../common/ids';
import { EntityManager } from 'typeorm';
import {
  ApiWechatSubscribe,
  SimulatedWechatSubscribe,
  type SubscribeTemplate,
  WechatMessage,
  WechatSubscribePort,
  WechatSubscription,
} from './subscribe-port';
import { WechatApiClient } from './wechat-api';

const PAGE: Record<SubscribeTemplate, string> = {
  COUPON_ARRIVED: 'pages/wallet/index',
  COUPON_EXPIRING: 'pages/wallet/index',
  POINTS_EXPIRING: 'pages/card/index',
  TOPUP_SUCCEEDED: 'pages/card/index',
};
/** WeChat keeps at most this many unused one-time subscriptions per template worth counting. */
const MAX_REMAINING = 100;

/**
 * Sends the WeChat outbox through the subscribe port, a claimed round at a time (QUEUED → SENDING by
 * a conditional update, so two dispatchers never send one message), once a minute by the scheduler.
 */
@Injectable()
export class WechatMessagesService {
  private readonly logger = new Logger(WechatMessagesService.name);
  readonly port: WechatSubscribePort | null;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
    api: WechatApiClient,
  ) {
    // The real adapter when the mini-program is configured; the labelled simulator only in simulator mode.
    this.port = config.wechat
      ? new ApiWechatSubscribe(api, config.wechat)
      : config.simulators
        ? new SimulatedWechatSubscribe()
        : null;
  }

  /** The diner tapped 允许 for these templates in the mini-program's prompt: one message each. */
  async accept(memberId: string, templates: SubscribeTemplate[]): Promise<Record<string, number>> {
    const now = new Date();
    return this.tx.run(async (em) => {
      const out: Record<string, number> = {};
      for (const template of new Set(templates)) {
        const row = await em.findOne(WechatSubscription, { where: { memberId, template } });
        if (!row) await em.insert(WechatSubscription, { memberId, template, remaining: 1, updatedAt: now });
        else
          await em.update(
            WechatSubscription,
            { memberId, template },
            { remaining: Math.min(MAX_REMAINING, row.remaining + 1), updatedAt: now },
          );
        out[template] = Math.min(MAX_REMAINING, (row?.remaining ?? 0) + 1);
      }
      return out;
    });
  }

  /** Queues one service message (e.g. top-up succeeded) for a diner with a subscription left. */
  async queue(
    em: EntityManager,
    m: { memberId: string; openid: string | null; template: SubscribeTemplate; data: Record<string, string> },
  ): Promise<boolean> {
    if (!this.port || !m.openid) return false;
    const has = await em.findOne(WechatSubscription, {
      where: { memberId: m.memberId, template: m.template },
    });
    if (!has || has.remaining <= 0) return false;
    await em.insert(WechatMessage, {
      id: newId(),
      memberId: m.memberId,
      sourceId: null,
      openid: m.openid,
      template: m.template,
      data: m.data,
      status: 'QUEUED',
      attempts: 0,
      createdAt: new Date(),
      sentAt: null,
      error: null,
    });
    return true;
  }

  /** Uses one of the diner's subscriptions for this template, if any is left. */
  private async useQuota(em: EntityManager, m: WechatMessage, sign: 1 | -1): Promise<boolean> {
    const res = await em
      .createQueryBuilder()
      .update(WechatSubscription)
      .set({ remaining: () => `remaining ${sign > 0 ? '+' : '-'} 1` })
      .where(`member_id = :member AND template = :template${sign < 0 ? ' AND remaining > 0' : ''}`, {
        member: m.memberId,
        template: m.template,
      })
      .execute();
    return res.affected === 1;
  }

  get available(): boolean {
    return this.port !== null;
  }

  async dispatch(): Promise<{ sent: number; failed: number }> {
    const out = { sent: 0, failed: 0 };
    if (!this.port) return out;
    for (let round = 0; round < 50; round++) {
      const due = await this.ds
        .getRepository(WechatMessage)
        .find({ where: { status: 'QUEUED' }, order: { createdAt: 'ASC' }, take: 200 });
      if (!due.length) break;
      const now = new Date();
      const mine = await this.tx.run(async (em) => {
        const claimed: WechatMessage[] = [];
        for (const m of due) {
          if (
            (await em.update(WechatMessage, { id: m.id, status: 'QUEUED' }, { status: 'SENDING' }))
              .affected !== 1
          )
            continue;
          // WeChat delivers one message per subscription the diner accepted: none left, nothing is sent.
          if (await this.useQuota(em, m, -1)) claimed.push(m);
          else {
            await em.update(
              WechatMessage,
              { id: m.id },
              { status: 'FAILED', error: '用户未订阅此消息或订阅次数已用完' },
            );
            out.failed++;
          }
        }
        return claimed;
      });
      if (!mine.length) continue;
      let results;
      try {
        results = await this.port.send(
          mine.map((m) => ({
            id: m.id,
            openid: m.openid,
            template: m.template,
            data: m.data,
            page: PAGE[m.template],
          })),
        );
      } catch (e) {
        const why = (e instanceof Error ? e.message : String(e)).slice(0, 150);
        this.logger.warn(`微信订阅消息发送失败（${mine.length} 条，下次重试）：${why}`);
        await this.tx.run(async (em) => {
          for (const m of mine) {
            await em.update(
              WechatMessage,
              { id: m.id, status: 'SENDING' },
              { status: 'QUEUED', attempts: m.attempts + 1, error: why },
            );
            await this.useQuota(em, m, +1);
          }
        });
        break;
      }
      await this.tx.run(async (em) => {
        for (const r of results) {
          await em.update(
            WechatMessage,
            { id: r.id, status: 'SENDING' },
            { status: r.ok ? 'SENT' : 'FAILED', sentAt: r.ok ? now : null, error: r.error },
          );
          if (r.ok) out.sent++;
          else out.failed++;
          // WeChat knows better: the diner has none left for this template.
          if (r.noQuota) {
            const m = mine.find((x) => x.id === r.id);
            if (m)
              await em.update(
                WechatSubscription,
                { memberId: m.memberId, template: m.template },
                { remaining: 0 },
              );
          }
        }
      });
    }
    return out;
  }
}
