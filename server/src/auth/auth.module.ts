import { MemberSessions } from './member-sessions.service';
import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MemberGuard, StaffGuard } from './guards';
import { TokenService } from './token.service';

@Global()
@Module({
  controllers: [AuthController],
  providers: [AuthService, TokenService, StaffGuard, MemberGuard, MemberSessions],
  exports: [TokenService, StaffGuard, MemberGuard, MemberSessions],
})
export class AuthModule {}
