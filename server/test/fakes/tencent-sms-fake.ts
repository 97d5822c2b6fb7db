/**
 * A local stand-in for Tencent Cloud SMS (API 2021-01-11) that speaks its protocol: JSON POSTs
 * signed TC3-HMAC-SHA256 (checked here exactly as the service does: credential scope, signed
 * headers, payload hash, a timestamp within 5 minutes), answers `{ Response: … }` like the
 * service — including per-number failures — and serves delivery receipts and member replies.
 *
 * Numbers ending 0000 are refused (blacklisted); numbers ending 9999 are accepted but their receipt
 * says the delivery failed.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSmsAccount {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templates: string[];
}

export interface FakeSent {
  serial: string;
  phone: string;
  templateId: string;
  params: string[];
  receiptRead: boolean;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: string | Buffer, s: string) => createHmac('sha256', key).update(s).digest();

export class TencentSmsFake {
  readonly sent: FakeSent[] = [];
  /** Every call: action and whether its signature held. */
  readonly calls: { action: string; signed: boolean; error: string | null }[] = [];
  private readonly replies: { phone: string; text: string }[] = [];
  /** SendSms calls to answer with an HTTP 502 (a gateway failure) before behaving again. */
  failSends = 0;
  private server!: Server;

  constructor(readonly account: FakeSmsAccount) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const requestId = randomUUID();
        const answer = (response: Record<string, unknown>) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ Response: { ...response, RequestId: requestId } }));
        };
        const action = String(req.headers['x-tc-action'] ?? '');
        if (action === 'SendSms' && this.failSends > 0) {
          this.failSends--;
          res.writeHead(502).end('Bad Gateway');
          return;
        }
        const problem = this.checkSignature(req, body);
        this.calls.push({ action, signed: !problem, error: problem });
        if (problem) return answer({ Error: { Code: problem, Message: '签名校验失败' } });
        let params: Record<string, unknown>;
        try {
          params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
        } catch {
          return answer({ Error: { Code: 'InvalidParameter', Message: 'body is not JSON' } });
        }
        if (params.SmsSdkAppId !== this.account.sdkAppId)
          return answer({
            Error: { Code: 'FailedOperation.SmsSdkAppIdVerifyFail', Message: 'SdkAppId 不存在' },
          });
        answer(this.handle(action, params));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  /** A member texts back (read by PullSmsReplyStatus). */
  reply(phone: string, text: string): void {
    this.replies.push({ phone, text });
  }

  /** null when the request is signed as the service requires; otherwise the service's error code. */
  private checkSignature(req: IncomingMessage, body: Buffer): string | null {
    const auth = String(req.headers.authorization ?? '');
    const m =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!m) return 'AuthFailure.SignatureFailure';
    const [, secretId, date, service, signedHeaders, signature] = m;
    if (secretId !== this.account.secretId) return 'AuthFailure.SecretIdNotFound';
    if (service !== 'sms') return 'AuthFailure.SignatureFailure';
    const timestamp = Number(req.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
      return 'AuthFailure.SignatureExpire';
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return 'AuthFailure.SignatureFailure';
    const names = signedHeaders.split(';');
    if (!names.includes('host') || !names.includes('content-type')) return 'AuthFailure.SignatureFailure';
    const headers = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
    const [path, query = ''] = (req.url ?? '/').split('?');
    const canonical = ['POST', path, query, headers, signedHeaders, sha256(body)].join('\n');
    const toSign = [
      'TC3-HMAC-SHA256',
      String(timestamp),
      `${date}/${service}/tc3_request`,
      sha256(canonical),
    ].join('\n');
    const key = hmac(hmac(hmac(`TC3${this.account.secretKey}`, date), service), 'tc3_request');
    const expected = createHmac('sha256', key).update(toSign).digest();
    const given = Buffer.from(signature, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected)
      ? null
      : 'AuthFailure.SignatureFailure';
  }

  private handle(action: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (action) {
      case 'SendSms': {
        if (p.SignName !== this.account.signName)
          return { Error: { Code: 'FailedOperation.SignatureIncorrectOrUnapproved', Message: '签名未审批' } };
        if (!this.account.templates.includes(String(p.TemplateId)))
          return { Error: { Code: 'FailedOperation.TemplateIncorrectOrUnapproved', Message: '模板未审批' } };
        const phones = (p.PhoneNumberSet as string[]) ?? [];
        if (!phones.length || phones.length > 200)
          return { Error: { Code: 'LimitExceeded.PhoneNumberCountLimit', Message: '号码数量 1–200' } };
        return {
          SendStatusSet: phones.map((phone) => {
            if (!/^\+861\d{10}$/.test(phone))
              return {
                PhoneNumber: phone,
                Code: 'InvalidParameterValue.IncorrectPhoneNumber',
                Message: '手机号格式错误',
                SerialNo: '',
                Fee: 0,
              };
            if (phone.endsWith('0000'))
              return {
                PhoneNumber: phone,
                Code: 'FailedOperation.PhoneNumberInBlacklist',
                Message: '号码在免打扰名单中',
                SerialNo: '',
                Fee: 0,
              };
            const serial = `2433:${randomUUID().replace(/-/g, '').slice(0, 20)}`;
            this.sent.push({
              serial,
              phone: phone.slice(3),
              templateId: String(p.TemplateId),
              params: (p.TemplateParamSet as string[]) ?? [],
              receiptRead: false,
            });
            return {
              PhoneNumber: phone,
              Code: 'Ok',
              Message: 'send success',
              SerialNo: serial,
              Fee: 1,
              SessionContext: p.SessionContext ?? '',
              IsoCode: 'CN',
            };
          }),
        };
      }
      case 'PullSmsSendStatus': {
        const limit = Number(p.Limit ?? 100);
        const due = this.sent.filter((s) => !s.receiptRead).slice(0, limit);
        for (const s of due) s.receiptRead = true;
        return {
          PullSmsSendStatusSet: due.map((s) => ({
            UserReceiveTime: new Date().toISOString().replace('T', ' ').slice(0, 19),
            CountryCode: '86',
            SubscriberNumber: s.phone,
            PhoneNumber: `+86${s.phone}`,
            SerialNo: s.serial,
            ReportStatus: s.phone.endsWith('9999') ? 'FAIL' : 'SUCCESS',
            Description: s.phone.endsWith('9999') ? '用户关机' : '用户接收成功',
            SessionContext: '',
          })),
        };
      }
      case 'PullSmsReplyStatus': {
        const limit = Number(p.Limit ?? 100);
        const due = this.replies.splice(0, limit);
        return {
          PullSmsReplyStatusSet: due.map((r) => ({
            ExtendCode: '',
            CountryCode: '86',
            SubscriberNumber: r.phone,
            PhoneNumber: `+86${r.phone}`,
            SignName: this.account.signName,
            ReplyContent: r.text,
            ReplyTime: new Date().toISOString().replace('T', ' ').slice(0, 19),
            ReplyUnixTime: Math.floor(Date.now() / 1000),
          })),
        };
      }
      default:
        return { Error: { Code: 'InvalidAction', Message: `未知接口 ${action}` } };
    }
  }
}
