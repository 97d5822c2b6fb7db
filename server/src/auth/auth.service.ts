import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../common/crypto';
import { RateLimitService } from '../rate-limit/rate-limit.service';
import { DEMO_PASSWORD } from '../seed/demo-constants';
import { Staff } from '../staff/entities/staff.entity';
import { AuthErrors } from './auth.errors';
import type { LoginResponseDto, StaffProfileDto } from './dto/login.dto';
import type { StaffPrincipal } from './principals';
import { TokenService } from './token.service';

export const toStaffProfile = (s: Staff): StaffProfileDto => ({
  id: s.id,
  name: s.name,
  username: s.username,
  role: s.role,
  storeIds: s.storeIds ?? [],
  active: s.active,
  mustChangePassword: s.mustChangePassword,
});

export const principalOf = (s: Staff): StaffPrincipal => ({
  kind: 'staff',
  id: s.id,
  name: s.name,
  role: s.role,
  storeIds: s.storeIds ?? [],
});

/** A password staff may choose: long enough, not the username, not the published demo password. */
export function assertAcceptablePassword(username: string, password: string): void {
  const lower = password.toLowerCase();
  if (password.length < 10 || lower === username.toLowerCase() || lower.includes(DEMO_PASSWORD))
    throw AuthErrors.PASSWORD_TOO_WEAK();
}

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
    private readonly limits: RateLimitService,
  ) {}

  /**
   * Username + password → a staff token. Every attempt counts against the caller's IP; wrong
   * passwords count against the username, and the 6th within 15 minutes locks it (audited), even
   * with the right password. Unknown users cost one scrypt like real ones: timing tells nothing.
   */
  async login(username: string, password: string, ip: string | null): Promise<LoginResponseDto> {
    await this.limits.hit('loginIp', ip ?? 'unknown');
    const userKey = username.toLowerCase();
    await this.limits.check('loginUser', userKey, AuthErrors.AUTH_LOCKED().message);
    const staff = await this.ds.getRepository(Staff).findOne({ where: { username } });
    const ok = await verifyPassword(password, staff?.passwordHash ?? (await dummyPasswordHash()));
    if (!staff || !ok) {
      const lockedNow = await this.limits.fail('loginUser', userKey);
      if (lockedNow)
        await this.audit.record(null, {
          action: 'auth.lockout',
          targetType: 'staff',
          targetId: staff?.id,
          detail: { username: username.slice(0, 64) },
          ip,
        });
      throw AuthErrors.AUTH_INVALID_CREDENTIALS();
    }
    if (!staff.active) throw AuthErrors.AUTH_ACCOUNT_DISABLED();
    await this.audit.record(principalOf(staff), {
      action: 'auth.login',
      targetType: 'staff',
      targetId: staff.id,
      ip,
    });
    return {
      accessToken: await this.tokens.signStaff(staff.id, staff.tokenVersion),
      staff: toStaffProfile(staff),
    };
  }

  async me(staffId: string): Promise<StaffProfileDto> {
    const staff = await this.ds.getRepository(Staff).findOneOrFail({ where: { id: staffId } });
    return toStaffProfile(staff);
  }

  /** Ends every session of this staff member (all their tokens). */
  async logout(staff: StaffPrincipal, ip: string | null): Promise<void> {
    await this.ds.getRepository(Staff).increment({ id: staff.id }, 'tokenVersion', 1);
    await this.audit.record(staff, { action: 'auth.logout', targetType: 'staff', targetId: staff.id, ip });
  }

  /** Own password change: the current one is required; all other sessions end, a new token is returned. */
  async changePassword(
    me: StaffPrincipal,
    currentPassword: string,
    newPassword: string,
    ip: string | null,
  ): Promise<LoginResponseDto> {
    const repo = this.ds.getRepository(Staff);
    const staff = await repo.findOneOrFail({ where: { id: me.id } });
    await this.limits.check('loginUser', staff.username.toLowerCase(), AuthErrors.AUTH_LOCKED().message);
    if (!(await verifyPassword(currentPassword, staff.passwordHash))) {
      await this.limits.fail('loginUser', staff.username.toLowerCase());
      throw AuthErrors.AUTH_INVALID_CREDENTIALS(undefined, '当前密码不正确');
    }
    assertAcceptablePassword(staff.username, newPassword);
    if (currentPassword === newPassword) throw AuthErrors.PASSWORD_UNCHANGED();
    await repo.update(
      { id: staff.id },
      {
        passwordHash: await hashPassword(newPassword),
        mustChangePassword: false,
        tokenVersion: staff.tokenVersion + 1,
      },
    );
    await this.audit.record(me, { action: 'auth.password-change', targetType: 'staff', targetId: me.id, ip });
    const fresh = await repo.findOneOrFail({ where: { id: staff.id } });
    return {
      accessToken: await this.tokens.signStaff(fresh.id, fresh.tokenVersion),
      staff: toStaffProfile(fresh),
    };
  }
}
