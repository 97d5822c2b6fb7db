import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { verifyPassword } from '../common/crypto';
import { Staff } from '../staff/entities/staff.entity';
import { AuthErrors } from './auth.errors';
import type { LoginResponseDto, StaffProfileDto } from './dto/login.dto';
import { TokenService } from './token.service';

export const toStaffProfile = (s: Staff): StaffProfileDto => ({
  id: s.id,
  name: s.name,
  username: s.username,
  role: s.role,
  storeIds: s.storeIds ?? [],
});

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string, ip: string | null): Promise<LoginResponseDto> {
    const staff = await this.ds.getRepository(Staff).findOne({ where: { username } });
    // Same answer for unknown user and wrong password: no account enumeration.
    if (!staff || !verifyPassword(password, staff.passwordHash)) throw AuthErrors.AUTH_INVALID_CREDENTIALS();
    if (!staff.active) throw AuthErrors.AUTH_ACCOUNT_DISABLED();
    const profile = toStaffProfile(staff);
    await this.audit.record(
      { kind: 'staff', ...profile },
      { action: 'auth.login', targetType: 'staff', targetId: staff.id, ip },
    );
    return { accessToken: this.tokens.signStaff(staff.id), staff: profile };
  }

  async me(staffId: string): Promise<StaffProfileDto> {
    const staff = await this.ds.getRepository(Staff).findOneOrFail({ where: { id: staffId } });
    return toStaffProfile(staff);
  }
}
