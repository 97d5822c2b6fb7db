import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../common/crypto';
import { PosKey } from '../pos/entities/pos-key.entity';
import { PosKeysService } from '../pos/pos-keys.service';
import { DEMO_PASSWORD, DEMO_POS_KEY } from '../seed/demo-constants';
import { Staff } from '../staff/entities/staff.entity';

/**
 * What a production deployment must not carry: staff accounts still using the published demo
 * password, and the demo POS key (its secret is in the README). Each problem says how to fix it.
 */
export async function productionSafetyProblems(app: INestApplicationContext): Promise<string[]> {
  const ds = app.get(DataSource);
  const problems: string[] = [];
  const staff = await ds.getRepository(Staff).find();
  for (const s of staff) {
    if (await verifyPassword(DEMO_PASSWORD, s.passwordHash))
      problems.push(
        `员工账号 ${s.username} 仍在使用演示密码 / staff account "${s.username}" still has the demo password — ` +
          `run: pnpm cli staff:reset-password --username ${s.username}  (or staff:disable --username ${s.username})`,
      );
  }
  const keys = app.get(PosKeysService);
  for (const k of await ds.getRepository(PosKey).find()) {
    if (k.id === DEMO_POS_KEY.keyId) {
      problems.push(
        `演示 POS 密钥 ${k.id} 仍然存在 / the demo POS key "${k.id}" exists — run: pnpm cli pos:delete-key --key ${k.id}`,
      );
      continue;
    }
    let secret: { secret: string } | null = null;
    try {
      secret = await keys.secretOf(k.id);
    } catch {
      // Sealed with another APP_SECRET: the key cannot sign anything now; say so instead of crashing.
      problems.push(
        `POS 密钥 ${k.id} 无法用当前 APP_SECRET 解密 / POS key "${k.id}" was sealed with another APP_SECRET — ` +
          `start with the original APP_SECRET, or run: pnpm cli pos:delete-key --key ${k.id} and create a new one`,
      );
      continue;
    }
    if (secret?.secret === DEMO_POS_KEY.secret)
      problems.push(
        `演示 POS 密钥 ${k.id} 仍然存在 / the demo POS key "${k.id}" exists — run: pnpm cli pos:delete-key --key ${k.id}`,
      );
  }
  return problems;
}

export class UnsafeProductionError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `生产环境拒绝启动 / refusing to start in production:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
}
