import {
  CanActivate,
  ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { StaffRole } from '@tableside/shared';
import { Staff } from '../staff/entities/staff.entity';
import { AuthErrors } from './auth.errors';
import type { MemberPrincipal, PosPrincipal, StaffPrincipal } from './principals';
import { TokenService } from './token.service';
import { MemberSessions } from './member-sessions.service';

export type AuthedRequest = FastifyRequest & {
  staff?: StaffPrincipal;
  member?: MemberPrincipal;
  pos?: PosPrincipal;
};

const ROLES_KEY = 'tableside:roles';
const PENDING_PASSWORD_OK = 'tableside:pending-password-ok';

/** Reachable while the staff member still has a one-time password (change it, see yourself, log out). */
export const AllowPendingPassword = () => SetMetadata(PENDING_PASSWORD_OK, true);

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' && h.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly ds: DataSource,
    private readonly reflector: Reflector,
  ) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req);
    if (!token) throw AuthErrors.AUTH_REQUIRED();
    const claims = await this.tokens.verify(token, 'staff');
    if (!claims) throw AuthErrors.AUTH_TOKEN_INVALID();
    const staff = await this.ds.getRepository(Staff).findOne({ where: { id: claims.sub } });
    // A password change, logout, reset or disabling bumps the version: older tokens end here.
    if (!staff || staff.tokenVersion !== claims.ver) throw AuthErrors.AUTH_TOKEN_INVALID();
    if (!staff.active) throw AuthErrors.AUTH_ACCOUNT_DISABLED();
    if (
      staff.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(PENDING_PASSWORD_OK, [ctx.getHandler(), ctx.getClass()])
    )
      throw AuthErrors.PASSWORD_CHANGE_REQUIRED();
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES_KEY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (roles?.length && !roles.includes(staff.role)) throw AuthErrors.ROLE_FORBIDDEN();
    req.staff = {
      kind: 'staff',
      id: staff.id,
      name: staff.name,
      role: staff.role,
      storeIds: staff.storeIds ?? [],
    };
    return true;
  }
}

@Injectable()
export class MemberGuard implements CanActivate {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: MemberSessions,
  ) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = bearer(req);
    if (!token) throw AuthErrors.MEMBER_AUTH_REQUIRED();
    const claims = await this.tokens.verify(token, 'member');
    if (!claims) throw AuthErrors.AUTH_TOKEN_INVALID();
    if (!(await this.sessions.isValid(claims.sub, claims.ver))) throw AuthErrors.AUTH_TOKEN_INVALID();
    req.member = { kind: 'member', memberId: claims.sub };
    return true;
  }
}

/** Staff endpoint; with roles, only those roles may call it. */
export const StaffAuth = (...roles: StaffRole[]) =>
  applyDecorators(SetMetadata(ROLES_KEY, roles), UseGuards(StaffGuard), ApiBearerAuth('staff'));
export const MemberAuth = () => applyDecorators(UseGuards(MemberGuard), ApiBearerAuth('member'));

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const s = ctx.switchToHttp().getRequest<AuthedRequest>().staff;
  if (!s) throw AuthErrors.AUTH_REQUIRED();
  return s;
});
export const CurrentMember = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const m = ctx.switchToHttp().getRequest<AuthedRequest>().member;
  if (!m) throw AuthErrors.MEMBER_AUTH_REQUIRED();
  return m;
});
export const CurrentPos = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const p = ctx.switchToHttp().getRequest<AuthedRequest>().pos;
  if (!p) throw AuthErrors.AUTH_REQUIRED();
  return p;
});
