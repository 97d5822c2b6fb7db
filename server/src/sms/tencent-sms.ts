import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import * as tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import type { TencentSmsConfig } from '../config/app-config';
import type { OutgoingSms, Receipt, Reply, SendResult, SmsPort } from './sms-port';

const SmsClient = tencentcloud.sms.v20210111.Client;
/** Tencent's own endpoint: requests are signed for it whatever address they are sent to. */
export const TENCENT_SMS_HOST = 'sms.tencentcloudapi.com';
/** Numbers per SendSms call (the API's limit). */
const PER_CALL = 200;

/**
 * Tencent Cloud SMS through its official SDK (TC3-HMAC-SHA256 signed requests). China requires
 * approved templates: every message goes out as the marketing or the notice template with the
 * rendered text as its one variable. TENCENT_SMS_ENDPOINT sends the requests to another address
 * (a gateway; the local fake in tests) while they stay signed for sms.tencentcloudapi.com.
 */
export class TencentSmsPort implements SmsPort {
  readonly name = 'tencent' as const;
  private readonly client: InstanceType<typeof SmsClient>;

  constructor(private readonly config: TencentSmsConfig) {
    const target = config.endpoint ? new URL(config.endpoint) : null;
    const secure = !target || target.protocol === 'https:';
    // Dial the configured address, keep Host and the signature for Tencent's endpoint.
    const port = target ? Number(target.port || (secure ? 443 : 80)) : 443;
    const agent = target
      ? secure
        ? new HttpsAgent({ keepAlive: true, servername: target.hostname })
        : new Agent({ keepAlive: true })
      : undefined;
    if (target && agent)
      (agent as unknown as { createConnection: unknown }).createConnection = secure
        ? () => tlsConnect({ host: target.hostname, port, servername: target.hostname })
        : () => netConnect({ host: target.hostname, port });
    this.client = new SmsClient({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: {
        httpProfile: {
          endpoint: TENCENT_SMS_HOST,
          protocol: secure ? 'https://' : 'http://',
          reqTimeout: 10,
          ...(agent ? { agent } : {}),
        },
      },
    });
  }

  async send(batch: OutgoingSms[]): Promise<SendResult[]> {
    const out: SendResult[] = [];
    // One call sends one text to up to 200 numbers: group identical texts, one number once per call.
    let rest = batch;
    while (rest.length) {
      const first = rest[0];
      const group: OutgoingSms[] = [];
      const phones = new Set<string>();
      const later: OutgoingSms[] = [];
      for (const m of rest)
        if (
          m.text === first.text &&
          m.kind === first.kind &&
          !phones.has(m.phone) &&
          group.length < PER_CALL
        ) {
          group.push(m);
          phones.add(m.phone);
        } else later.push(m);
      rest = later;
      const res = await this.client.SendSms({
        SmsSdkAppId: this.config.sdkAppId,
        SignName: this.config.signName,
        TemplateId: first.kind === 'NOTICE' ? this.config.templateNotice : this.config.templateMarketing,
        TemplateParamSet: [first.text],
        PhoneNumberSet: group.map((m) => `+86${m.phone}`),
        SessionContext: first.id,
      });
      for (const m of group) {
        const s = (res.SendStatusSet ?? []).find((x) => x.PhoneNumber === `+86${m.phone}`);
        const ok = s?.Code === 'Ok';
        out.push({
          id: m.id,
          ok,
          ref: s?.SerialNo ?? null,
          error: ok
            ? null
            : `${s?.Code ?? 'NoStatus'}：${s?.Message ?? '服务没有返回这个号码的结果'}`.slice(0, 200),
          delivered: false,
        });
      }
    }
    return out;
  }

  async receipts(): Promise<Receipt[]> {
    const res = await this.client.PullSmsSendStatus({ Limit: 100, SmsSdkAppId: this.config.sdkAppId });
    return (res.PullSmsSendStatusSet ?? []).map((r) => ({
      ref: r.SerialNo ?? '',
      delivered: r.ReportStatus === 'SUCCESS',
      error: r.ReportStatus === 'SUCCESS' ? null : `${r.Description}`.slice(0, 200),
    }));
  }

  async replies(): Promise<Reply[]> {
    const res = await this.client.PullSmsReplyStatus({ Limit: 100, SmsSdkAppId: this.config.sdkAppId });
    return (res.PullSmsReplyStatusSet ?? []).map((r) => ({
      phone: (r.SubscriberNumber ?? r.PhoneNumber ?? '').replace(/^\+86/, ''),
      text: r.ReplyContent ?? '',
    }));
  }
}
