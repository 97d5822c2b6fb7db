import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { SimulatedWechatSubscribe, WechatMessage, WechatSubscribePort } from './subscribe-port';

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
  ) {
    // The real adapter arrives with the WeChat issue; a real deployment has none until then.
    this.port = config.simulators ? new SimulatedWechatSubscribe() : null;
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
        for (const m of due)
          if (
            (await em.update(WechatMessage, { id: m.id, status: 'QUEUED' }, { status: 'SENDING' }))
              .affected === 1
          )
            claimed.push(m);
        return claimed;
      });
      let results;
      try {
        results = await this.port.send(
          mine.map((m) => ({
            id: m.id,
            openid: m.openid,
            template: m.template,
            data: m.data,
            page: 'pages/wallet/index',
          })),
        );
      } catch (e) {
        const why = (e instanceof Error ? e.message : String(e)).slice(0, 150);
        this.logger.warn(`微信订阅消息发送失败（${mine.length} 条，下次重试）：${why}`);
        await this.tx.run(async (em) => {
          for (const m of mine)
            await em.update(
              WechatMessage,
              { id: m.id, status: 'SENDING' },
              { status: 'QUEUED', attempts: m.attempts + 1, error: why },
            );
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
        }
      });
    }
    return out;
  }
}
