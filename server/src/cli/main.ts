/**
 * `pnpm cli <command>` (DESIGN.md §6). JSON on stdout; messages in Chinese on stderr;
 * exit 1 on an error, 64 on a usage error. Same DATABASE_URL rule as the server.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { normalizePhone } from '@tableside/shared';
import { AppModule } from '../app.module';
import { AppError } from '../common/app-error';
import { loadConfig } from '../config/app-config';
import { CouponsService } from '../coupons/coupons.service';
import { CouponTemplateInputDto } from '../coupons/dto/coupon-template.dto';
import { CouponTemplate } from '../coupons/entities/coupon-template.entity';
import { TransactionRunner } from '../database/transaction-runner';
import { ImportsService } from '../imports/imports.service';
import { Member } from '../members/entities/member.entity';
import { MembersService } from '../members/members.service';
import { PosKeysService } from '../pos/pos-keys.service';
import { InsightsService } from '../insights/insights.service';
import { SchedulerService } from '../jobs/scheduler.service';
import { CampaignsService, type CampaignInput } from '../campaigns/campaigns.service';
import { seedDemo } from '../seed/demo-seed';
import { StoresService } from '../stores/stores.service';
import { Store } from '../stores/entities/store.entity';
import { Staff } from '../staff/entities/staff.entity';
import { StaffService } from '../staff/staff.service';
import { PosKey } from '../pos/entities/pos-key.entity';
import { STAFF_ROLES, type StaffRole } from '@tableside/shared';

class UsageError extends Error {}

function flags(args: string[]): { positional: string[]; opts: Record<string, string | true> } {
  const positional: string[] = [];
  const opts: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) {
      const key = args[i].slice(2);
      const next = args[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        opts[key] = next;
        i++;
      } else opts[key] = true;
    } else positional.push(args[i]);
  }
  return { positional, opts };
}
const need = (o: Record<string, string | true>, k: string): string => {
  const v = o[k];
  if (typeof v !== 'string' || !v) throw new UsageError(`缺少参数 --${k}`);
  return v;
};
const out = (v: unknown) => process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);

const USAGE = `用法: pnpm cli <命令>
  import:members FILE                 导入会员 CSV
  import:visits FILE [--create-members]  导入消费记录 CSV
  stores:create --code CODE --name NAME
  templates:create --file T.json      templates:list
  coupons:issue --template ID --phone PHONE [--count N]
  members:code --phone PHONE          pos:create-key --store STORE_CODE
  pos:delete-key --key KEY_ID         删除 POS 密钥（例如演示密钥）
  staff:create --username U --name NAME --role HQ_ADMIN|MARKETER|STORE_MANAGER|CASHIER [--store CODE]
                                      创建员工，打印一次性密码（首次登录必须修改）
  staff:reset-password --username U   重设为一次性密码（打印），该员工所有登录失效
  staff:disable --username U          停用员工账号，所有登录失效
  seed:demo                           演示数据（生产环境拒绝）
  insights:refresh [--as-of YYYY-MM-DD]  重算所有会员的 RFM、生命周期、BG/NBD 等洞察
  insights:fit --as-of YYYY-MM-DD [--unit day|week]  只拟合 BG/NBD 并打印参数
  insights:member --ref 手机号或external_id  打印一位会员的洞察
  campaigns:create --file C.json         建营销活动（受众、发券、短信、对照组比例）
  campaigns:run --id ID                  在前台执行（或从中断处继续）营销活动
  campaigns:status --id ID               打印营销活动的进度
  jobs:tick [--at ISO时间] [--only 任务,…] 执行到点且尚无实例执行过的定时任务（自动营销、积分到期、等级评估、会员洞察刷新…）`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { positional, opts } = flags(rest);
  if (!command || command === 'help' || command === '--help') {
    process.stderr.write(`${USAGE}\n`);
    return command ? 0 : 64;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(
    // The CLI never schedules: a command does its one job and exits.
    AppModule.forRoot({ ...config, logLevel: 'error', scheduler: false }),
    { logger: ['error'] },
  );
  try {
    const imports = app.get(ImportsService);
    const progress = (n: number) => {
      if (n > 0 && n % 1000 === 0) process.stderr.write(`已处理 ${n} 行…\n`);
    };
    switch (command) {
      case 'import:members':
      case 'import:visits': {
        const file = positional[0];
        if (!file) throw new UsageError('缺少文件路径');
        const text = readFileSync(resolve(process.cwd(), file), 'utf8');
        const report =
          command === 'import:members'
            ? await imports.importMembers(text, progress)
            : await imports.importVisits(text, { createMembers: opts['create-members'] === true }, progress);
        process.stderr.write(
          `共 ${report.total} 行：导入 ${report.imported}，已存在跳过 ${report.skipped}，错误 ${report.errors.length}\n`,
        );
        if (report.imported > 0) {
          process.stderr.write('正在更新会员洞察…\n');
          await app.get(InsightsService).refreshAfterImport();
        }
        out(report);
        return 0;
      }
      case 'campaigns:create': {
        const raw = JSON.parse(
          readFileSync(resolve(process.cwd(), need(opts, 'file')), 'utf8'),
        ) as CampaignInput;
        const c = await app.get(CampaignsService).create(raw);
        out({ id: c.id });
        return 0;
      }
      case 'campaigns:run':
      case 'campaigns:status': {
        const campaigns = app.get(CampaignsService);
        const id = need(opts, 'id');
        if (command === 'campaigns:status') {
          out(campaigns.status(await campaigns.get(id)));
          return 0;
        }
        const status = await campaigns.run(id, {
          onBatch: (c) => process.stderr.write(`已处理 ${c.audienceCount} 人\n`),
        });
        out(status);
        return 0;
      }
      case 'jobs:tick': {
        // Runs the daily jobs due at --at (default now) that no instance has run yet.
        const at = opts.at === undefined || opts.at === true ? new Date() : new Date(String(opts.at));
        if (Number.isNaN(at.getTime()))
          throw new UsageError('--at 应为 ISO 时间，如 2026-12-01T03:05:00+08:00');
        const only = typeof opts.only === 'string' ? opts.only.split(',').map((x) => x.trim()) : undefined;
        out({ ran: await app.get(SchedulerService).tick(at, only) });
        return 0;
      }
      case 'stores:create': {
        const s = await app.get(StoresService).create({ code: need(opts, 'code'), name: need(opts, 'name') });
        out({ id: s.id, code: s.code });
        return 0;
      }
      case 'templates:create': {
        const raw = JSON.parse(readFileSync(resolve(process.cwd(), need(opts, 'file')), 'utf8')) as object;
        const dto = plainToInstance(CouponTemplateInputDto, raw);
        const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
        if (errors.length)
          throw new AppError(
            'VALIDATION_FAILED',
            400,
            `券模板 JSON 不正确：${errors.map((e) => e.property).join('、')}`,
          );
        const t = await app.get(CouponsService).createTemplate(dto);
        out({ id: t.id });
        return 0;
      }
      case 'templates:list': {
        const coupons = app.get(CouponsService);
        const rows = await app
          .get(DataSource)
          .getRepository(CouponTemplate)
          .find({ order: { createdAt: 'ASC' } });
        out(await coupons.toTemplateDtos(rows));
        return 0;
      }
      case 'coupons:issue': {
        const member = await memberByPhone(app.get(DataSource), need(opts, 'phone'));
        const count = Number(opts.count ?? 1);
        if (!Number.isInteger(count) || count < 1 || count > 1000)
          throw new UsageError('--count 必须是 1–1000 的整数');
        const coupons = app.get(CouponsService);
        const codes = await app.get(TransactionRunner).run(async (em) => {
          const list: string[] = [];
          for (let i = 0; i < count; i++)
            list.push(
              (
                await coupons.issueIn(em, {
                  templateId: need(opts, 'template'),
                  memberId: member.id,
                  channel: 'STAFF',
                  ref: 'cli',
                })
              ).coupon.code,
            );
          return list;
        });
        out({ codes });
        return 0;
      }
      case 'members:code': {
        const member = await memberByPhone(app.get(DataSource), need(opts, 'phone'));
        out({ code: (await app.get(MembersService).currentCode(member)).code });
        return 0;
      }
      case 'pos:create-key': {
        const { keyId, secret } = await app.get(PosKeysService).create(need(opts, 'store'));
        out({ keyId, secret });
        return 0;
      }
      case 'staff:create': {
        const role = need(opts, 'role');
        if (!(STAFF_ROLES as readonly string[]).includes(role))
          throw new UsageError(`--role 必须是 ${STAFF_ROLES.join('|')} 之一`);
        const username = need(opts, 'username');
        if (!/^[A-Za-z0-9_.-]{3,64}$/.test(username))
          throw new UsageError('--username 只能包含字母、数字和 _ . -，长度 3–64');
        const name = need(opts, 'name');
        if (name.length > 64) throw new UsageError('--name 最长 64 个字符');
        const storeIds: string[] = [];
        if (typeof opts.store === 'string') {
          for (const code of opts.store.split(',')) {
            const store = await app.get(DataSource).getRepository(Store).findOne({ where: { code } });
            if (!store) throw new AppError('STORE_NOT_FOUND', 404, `门店不存在：${code}`);
            storeIds.push(store.id);
          }
        }
        const { staff, password } = await app
          .get(StaffService)
          .createWithOneTimePassword({ username, name, role: role as StaffRole, storeIds });
        out({ id: staff.id, username: staff.username, password });
        return 0;
      }
      case 'staff:reset-password':
      case 'staff:disable': {
        const username = need(opts, 'username');
        const target = await app.get(DataSource).getRepository(Staff).findOne({ where: { username } });
        if (!target) throw new AppError('STAFF_NOT_FOUND', 404, `员工账号不存在：${username}`);
        const cli = {
          kind: 'staff' as const,
          id: 'cli',
          name: 'CLI',
          role: 'HQ_ADMIN' as const,
          storeIds: [],
        };
        if (command === 'staff:disable') {
          await app
            .get(DataSource)
            .getRepository(Staff)
            .update({ id: target.id }, { active: false, tokenVersion: target.tokenVersion + 1 });
          out({ id: target.id, username, active: false });
        } else {
          const { password } = await app.get(StaffService).resetPassword(cli, target.id);
          out({ id: target.id, username, password });
        }
        return 0;
      }
      case 'pos:delete-key': {
        const key = need(opts, 'key');
        const res = await app.get(DataSource).getRepository(PosKey).delete({ id: key });
        if (!res.affected) throw new AppError('POS_KEY_NOT_FOUND', 404, `POS 密钥不存在：${key}`);
        out({ keyId: key, deleted: true });
        return 0;
      }
      case 'insights:refresh': {
        const asOf = typeof opts['as-of'] === 'string' ? opts['as-of'] : undefined;
        process.stderr.write(`正在计算会员洞察${asOf ? `（截至 ${asOf}）` : ''}…\n`);
        out(await app.get(InsightsService).refresh(asOf));
        return 0;
      }
      case 'insights:fit': {
        const unit = opts.unit ?? 'day';
        if (unit !== 'day' && unit !== 'week') throw new UsageError('--unit 只能是 day 或 week');
        const fit = await app.get(InsightsService).fit(need(opts, 'as-of'), unit);
        out(fit);
        return 0;
      }
      case 'insights:member': {
        out(await app.get(InsightsService).member(need(opts, 'ref')));
        return 0;
      }
      case 'seed:demo': {
        if (config.nodeEnv === 'production')
          throw new AppError('DEMO_REFUSED', 400, '生产环境不能写入演示数据（演示账号的密码是公开的）');
        out(await seedDemo(app, opts.members ? { members: Number(opts.members) } : {}));
        return 0;
      }
      default:
        throw new UsageError(`未知命令：${command}`);
    }
  } finally {
    await app.close();
  }
}

async function memberByPhone(ds: DataSource, raw: string): Promise<Member> {
  const phone = normalizePhone(raw);
  if (!phone) throw new UsageError(`手机号格式不正确：${raw}`);
  const m = await ds.getRepository(Member).findOne({ where: { phone } });
  if (!m) throw new AppError('MEMBER_NOT_FOUND', 404, `会员不存在：${raw}`);
  return m;
}

main()
  .then((code) => process.exit(code))
  .catch((e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n${USAGE}\n`);
      process.exit(64);
    }
    process.stderr.write(
      `错误：${e instanceof AppError ? `${e.message}（${e.code}）` : e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  });
