/**
 * Tencent Cloud SMS through the official SDK against a local fake that checks the signed requests
 * (issue 11, messaging): what is due is sent once, per-number refusals and failed receipts end
 * FAILED with the reason, delivered receipts end DELIVERED, a failed call is retried with a backoff,
 * a wrong key is refused by the "service", quiet hours hold messages, and an opt-out reply ("R")
 * turns consent off — cancelling what is queued and excluding the member from every later send.
 */
import { CampaignsService } from '../src/campaigns/campaigns.service';
import type { TencentSmsConfig } from '../src/config/app-config';
import { SmsService } from '../src/sms/sms.service';
import { aMember, aTemplate, buildChain, cashTemplate } from './fixtures';
import { startApp, TestApp } from './harness';
import { TencentSmsFake } from './fakes/tencent-sms-fake';

const ACCOUNT = {
  secretId: 'AKIDtableside0000000000000000000000',
  secretKey: 'tableside-test-secret-key-000000',
  sdkAppId: '1400000001',
  signName: '湘味小馆',
  templates: ['100001', '100002'],
};

let fake: TencentSmsFake;
let t: TestApp;

const smsConfig = (over: Partial<TencentSmsConfig> = {}): TencentSmsConfig => ({
  provider: 'tencent',
  secretId: ACCOUNT.secretId,
  secretKey: ACCOUNT.secretKey,
  region: 'ap-guangzhou',
  sdkAppId: ACCOUNT.sdkAppId,
  signName: ACCOUNT.signName,
  templateMarketing: '100001',
  templateNotice: '100002',
  endpoint: fake.url,
  ...over,
});

beforeAll(async () => {
  delete process.env.http_proxy; // the SDK honours it and ignores NO_PROXY (STACK-NOTES)
  fake = await new TencentSmsFake(ACCOUNT).start();
  // A real deployment: no simulators, Tencent configured.
  t = await startApp({ integrationsMode: 'real', simulators: false, sms: smsConfig() });
  await buildChain(t);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

const rows = async (campaignId: string) =>
  (await t.ds.query(
    'SELECT phone, status, provider_ref AS ref, error, attempts FROM sms_message WHERE campaign_id = ? ORDER BY phone',
    [campaignId],
  )) as { phone: string; status: string; ref: string | null; error: string | null; attempts: number }[];

async function campaignTo(phones: string[], name: string) {
  for (const phone of phones) {
    const m = await aMember(t, { phone });
    await t.ds.query('UPDATE member SET consent_sms = 1, name = ?, tags = ? WHERE id = ?', [
      '王',
      JSON.stringify([name]),
      m.id,
    ]);
  }
  const tpl = await aTemplate(t, cashTemplate({ name: `${name}券`, channels: ['CAMPAIGN'] }));
  const svc = t.app.get(CampaignsService);
  const c = await svc.create({
    name,
    audience: { filter: { all: [{ field: 'tag', op: 'contains', value: name }] } },
    coupon: { templateId: tpl.id, count: 1 },
    sms: { text: '{name}您好，送您{coupon}' },
  });
  await svc.run(c.id);
  return c.id;
}

describe('Tencent Cloud SMS (fake server in the loop)', () => {
  it('sends what is due through signed SendSms calls; refusals, receipts and delivery end where they should; nothing twice', async () => {
    const id = await campaignTo(['13700010001', '13700010002', '13700010000', '13700019999'], '短信通道一');
    const sms = t.app.get(SmsService);
    // Quiet hours: nothing is due at 2000-01-01, so nothing leaves.
    expect((await sms.dispatch(new Date('2000-01-01T00:00:00Z'))).sent).toBe(0);
    const at = new Date(Date.now() + 86_400_000);
    const report = await sms.dispatch(at);
    expect(report).toMatchObject({ sent: 3, failed: 1 });
    expect(fake.calls.every((c) => c.signed)).toBe(true);
    expect(fake.calls.map((c) => c.action)).toEqual(
      expect.arrayContaining(['SendSms', 'PullSmsSendStatus', 'PullSmsReplyStatus']),
    );
    // The rendered text went as the marketing template's one variable, with the sign name.
    const first = fake.sent.find((s) => s.phone === '13700010001')!;
    expect(first.templateId).toBe('100001');
    expect(first.params[0]).toMatch(/^王您好，送您\S+ 拒收请回复R$/);
    const after = await rows(id);
    expect(after.map((r) => [r.phone, r.status])).toEqual([
      ['13700010000', 'FAILED'],
      ['13700010001', 'DELIVERED'],
      ['13700010002', 'DELIVERED'],
      ['13700019999', 'FAILED'],
    ]);
    expect(after[0].error).toContain('FailedOperation.PhoneNumberInBlacklist');
    expect(after[3].error).toBe('用户关机');
    expect(after[1].ref).toBe(first.serial);
    // The campaign's results count what the receipts said.
    expect((await t.app.get(CampaignsService).results(id)).sms).toEqual({
      waiting: 0,
      sent: 0,
      delivered: 2,
      failed: 2,
    });
    // Dispatching again sends nothing more.
    const sentBefore = fake.sent.length;
    await sms.dispatch(at);
    expect(fake.sent.length).toBe(sentBefore);
  });

  it('a failed call puts the messages back with a backoff and they go out once on the retry', async () => {
    const id = await campaignTo(['13700020001', '13700020002'], '短信通道二');
    const sms = t.app.get(SmsService);
    const at = new Date(Date.now() + 86_400_000);
    fake.failSends = 1;
    const r1 = await sms.dispatch(at);
    expect(r1).toMatchObject({ sent: 0, retried: 2 });
    const queued = await rows(id);
    expect(queued.map((r) => [r.status, Number(r.attempts)])).toEqual([
      ['QUEUED', 1],
      ['QUEUED', 1],
    ]);
    expect(queued[0].error).toContain('稍后重试');
    // Not before the backoff (2 minutes), then once.
    expect((await sms.dispatch(new Date(at.getTime() + 60_000))).sent).toBe(0);
    expect((await sms.dispatch(new Date(at.getTime() + 3 * 60_000))).sent).toBe(2);
    expect(fake.sent.filter((s) => s.phone.startsWith('1370002'))).toHaveLength(2);
  });

  it('an opt-out reply turns consent off, cancels what is queued, and later campaigns leave the member out', async () => {
    const phones = ['13700030001', '13700030002'];
    const id = await campaignTo(phones, '短信通道三');
    fake.reply('13700030001', ' r ');
    fake.reply('13700030002', '好的谢谢');
    const sms = t.app.get(SmsService);
    const report = await sms.dispatch(new Date(Date.now() + 86_400_000));
    expect(report.optedOut).toBe(1);
    const [m] = await t.ds.query(
      'SELECT consent_sms AS c, consent_channel AS ch FROM member WHERE phone = ?',
      ['13700030001'],
    );
    expect([Number(m.c), m.ch]).toEqual([0, 'SMS_REPLY']);
    const after = await rows(id);
    expect(after.map((r) => [r.phone, r.status])).toEqual([
      ['13700030001', 'FAILED'],
      ['13700030002', 'DELIVERED'],
    ]);
    expect(after[0].error).toBe('会员已回复退订，不再发送');
    expect(fake.sent.some((s) => s.phone === '13700030001')).toBe(false);
    // The next campaign to both: only the one who did not opt out gets an SMS.
    const svc = t.app.get(CampaignsService);
    const c = await svc.create({
      name: '短信通道三·再发',
      audience: { filter: { all: [{ field: 'tag', op: 'contains', value: '短信通道三' }] } },
      sms: { text: '周末见' },
    });
    const status = await svc.run(c.id);
    expect(status).toMatchObject({ smsQueued: 1, excluded: { consent: 1 } });
  });

  it('the "service" refuses a request signed with the wrong key: nothing is marked sent', async () => {
    const wrong = await startApp({
      integrationsMode: 'real',
      simulators: false,
      sms: smsConfig({ secretKey: 'not-the-key-000000000000000000000' }),
    });
    try {
      const m = await aMember(wrong, { phone: '13700040001' });
      await wrong.ds.query('UPDATE member SET consent_sms = 1 WHERE id = ?', [m.id]);
      const c = await wrong.app
        .get(CampaignsService)
        .create({ name: '错钥匙', audience: { all: true }, sms: { text: '你好' } });
      await wrong.app.get(CampaignsService).run(c.id);
      const calls = fake.calls.length;
      const r = await wrong.app.get(SmsService).dispatch(new Date(Date.now() + 86_400_000));
      expect(r.sent).toBe(0);
      expect(fake.calls.slice(calls).some((x) => x.error === 'AuthFailure.SignatureFailure')).toBe(true);
      const [row] = await wrong.ds.query('SELECT status, error FROM sms_message');
      expect(row.status).toBe('QUEUED');
      expect(row.error).toContain('AuthFailure.SignatureFailure');
      expect(row.error).not.toContain('not-the-key');
    } finally {
      await wrong.close();
    }
  });
});
