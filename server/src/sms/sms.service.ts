import { Inject, Injectable, Logger } from '@nestjs/common';
import dayjs from 'dayjs';
import { DataSource, In } from 'typeorm';
import { SmsMessage } from '../campaigns/entities/campaign.entity';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Member } from '../members/entities/member.entity';
import { SimulatorSmsPort } from './simulator-sms';
import { smsProvider, SmsPort } from './sms-port';
import { TencentSmsPort } from './tencent-sms';

/** Replies that mean "no more marketing SMS" (the line every message carries: 拒收请回复R). */
export const OPT_OUT_REPLIES = ['R', 'TD', 'T', 'N', '退订', '拒收', '取消'];
/** Messages claimed per provider round. */
const ROUND = 200;
/** Attempts before a message whose sends keep failing is given up. */
export const MAX_ATTEMPTS = 5;
/** A message still SENDING after this long was being sent by a process that died. */
const STUCK_MINUTES = 10;

export interface DispatchReport {
  sent: number;
  failed: number;
  retried: number;
  delivered: number;
  optedOut: number;
}

/**
 * The SMS dispatcher: sends what is due in the outbox through the configured port (Tencent Cloud
 * SMS, or the demo's labelled simulator), then reads delivery receipts and members' replies — an
 * opt-out reply turns the member's SMS consent off and cancels what is still queued for that
 * number, so every later send honours it. Run by the scheduler once a minute across instances.
 */
@Injectable()
export class SmsService {
  private readonly logger = new Logger(SmsService.name);
  readonly port: SmsPort | null;

  constructor(
    private readonly ds: DataSource,
    private readonly tx: TransactionRunner,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const provider = smsProvider(config);
    this.port =
      provider === 'tencent' && config.sms?.provider === 'tencent'
        ? new TencentSmsPort(config.sms)
        : provider === 'simulator'
          ? new SimulatorSmsPort()
          : null;
  }

  /** Whether SMS can be sent at all (campaigns and automations with SMS are refused otherwise). */
  get available(): boolean {
    return this.port !== null;
  }

  get simulated(): boolean {
    return this.port?.name === 'simulator';
  }

  async dispatch(now = new Date()): Promise<DispatchReport> {
    const report: DispatchReport = { sent: 0, failed: 0, retried: 0, delivered: 0, optedOut: 0 };
    if (!this.port) return report;
    const port = this.port;
    await this.releaseStuck(now);
    // Replies first: an "R" that arrived is honoured before anything else goes to that number.
    report.optedOut = await this.readReplies(port).catch((e: unknown) => {
      this.logger.warn(`读取短信回复失败（下次再读）：${describe(e)}`);
      return 0;
    });
    for (let round = 0; round < 50; round++) {
      const claimed = await this.claim(now);
      if (!claimed.length) break;
      let results;
      try {
        results = await port.send(
          claimed.map((m) => ({ id: m.id, phone: m.phone, text: m.text, kind: m.kind ?? 'MARKETING' })),
        );
      } catch (e) {
        // The call itself failed (network, credentials, throttling): back to the queue with a backoff.
        const why = describe(e);
        this.logger.warn(`SMS 发送调用失败（${claimed.length} 条，将重试）：${why.slice(0, 200)}`);
        await this.tx.run(async (em) => {
          for (const m of claimed) {
            const attempts = m.attempts + 1;
            const giveUp = attempts >= MAX_ATTEMPTS;
            await em.update(
              SmsMessage,
              { id: m.id, status: 'SENDING' },
              {
                status: giveUp ? 'FAILED' : 'QUEUED',
                attempts,
                sendAfter: giveUp
                  ? m.sendAfter
                  : dayjs(now)
                      .add(2 ** attempts, 'minute')
                      .toDate(),
                error: `${giveUp ? '多次发送失败，已放弃' : '发送失败，稍后重试'}：${why}`.slice(0, 200),
              },
            );
            if (giveUp) report.failed++;
            else report.retried++;
          }
        });
        break;
      }
      await this.tx.run(async (em) => {
        for (const r of results) {
          await em.update(
            SmsMessage,
            { id: r.id, status: 'SENDING' },
            {
              status: !r.ok ? 'FAILED' : r.delivered ? 'DELIVERED' : 'SENT',
              sentAt: r.ok ? now : null,
              providerRef: r.ref,
              error: r.error,
            },
          );
          if (r.ok) report.sent++;
          else report.failed++;
        }
      });
    }
    report.delivered = await this.readReceipts(port).catch((e: unknown) => {
      this.logger.warn(`读取短信回执失败（下次再读）：${describe(e)}`);
      return 0;
    });
    return report;
  }

  /** Claims due messages for this dispatcher (a conditional update per message: nobody else gets them). */
  private async claim(now: Date): Promise<SmsMessage[]> {
    const due = await this.ds
      .getRepository(SmsMessage)
      .createQueryBuilder('s')
      .where("s.status = 'QUEUED' AND s.send_after <= :now", { now })
      .orderBy('s.send_after', 'ASC')
      .take(ROUND)
      .getMany();
    if (!due.length) return [];
    return this.tx.run(async (em) => {
      const mine: SmsMessage[] = [];
      for (const m of due) {
        const res = await em.update(
          SmsMessage,
          { id: m.id, status: 'QUEUED' },
          { status: 'SENDING', sentAt: now },
        );
        if (res.affected === 1) mine.push(m);
      }
      return mine;
    });
  }

  /** Messages a crashed dispatcher left SENDING: not resent blindly (the provider may have them). */
  private async releaseStuck(now: Date): Promise<void> {
    const before = dayjs(now).subtract(STUCK_MINUTES, 'minute').toDate();
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(SmsMessage)
        .set({ status: 'FAILED', error: '发送结果未知（发送进程中断），为免重复不再补发' })
        .where("status = 'SENDING' AND sent_at < :before", { before })
        .execute(),
    );
  }

  private async readReceipts(port: SmsPort): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < 20; i++) {
      const receipts = (await port.receipts()).filter((r) => r.ref);
      if (!receipts.length) break;
      await this.tx.run(async (em) => {
        for (const r of receipts) {
          const res = await em.update(
            SmsMessage,
            { providerRef: r.ref, status: In(['SENT', 'SENDING']) },
            { status: r.delivered ? 'DELIVERED' : 'FAILED', error: r.error },
          );
          if (r.delivered) delivered += res.affected ?? 0;
        }
      });
    }
    return delivered;
  }

  /** Opt-out replies: SMS consent off (recorded as given by SMS reply), queued marketing cancelled. */
  private async readReplies(port: SmsPort): Promise<number> {
    let optedOut = 0;
    for (let i = 0; i < 20; i++) {
      const replies = await port.replies();
      if (!replies.length) break;
      const phones = [
        ...new Set(
          replies
            .filter((r) => OPT_OUT_REPLIES.includes(r.text.trim().toUpperCase()))
            .map((r) => r.phone)
            .filter((p) => /^1\d{10}$/.test(p)),
        ),
      ];
      if (!phones.length) continue;
      const now = new Date();
      await this.tx.run(async (em) => {
        const res = await em.update(
          Member,
          { phone: In(phones), consentSms: true },
          { consentSms: false, consentUpdatedAt: now, consentChannel: 'SMS_REPLY', updatedAt: now },
        );
        optedOut += res.affected ?? 0;
        await em.update(
          SmsMessage,
          { phone: In(phones), status: 'QUEUED', kind: 'MARKETING' },
          { status: 'FAILED', error: '会员已回复退订，不再发送' },
        );
      });
    }
    return optedOut;
  }
}

/** The provider's error code and message (never the request, which carries the credentials). */
function describe(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  const message = e instanceof Error ? e.message : String(e);
  return (typeof code === 'string' && code ? `${code}：${message}` : message).slice(0, 160);
}
