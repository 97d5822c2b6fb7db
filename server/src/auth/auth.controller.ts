import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth.service';
import { ChangePasswordDto, LoginDto, LoginResponseDto, StaffProfileDto } from './dto/login.dto';
import { AllowPendingPassword, CurrentStaff, StaffAuth } from './guards';
import type { StaffPrincipal } from './principals';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  login(@Body() dto: LoginDto, @Req() req: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(dto.username, dto.password, req.ip ?? null);
  }

  @Get('me')
  @StaffAuth()
  @AllowPendingPassword()
  @ApiOkResponse({ type: StaffProfileDto })
  me(@CurrentStaff() staff: StaffPrincipal): Promise<StaffProfileDto> {
    return this.auth.me(staff.id);
  }

  /** Ends every session of the caller (all devices). */
  @Post('logout')
  @HttpCode(204)
  @StaffAuth()
  @AllowPendingPassword()
  async logout(@CurrentStaff() staff: StaffPrincipal, @Req() req: FastifyRequest): Promise<void> {
    await this.auth.logout(staff, req.ip ?? null);
  }

  /** Changes the caller's own password; other sessions end; answers with a fresh token. */
  @Post('password')
  @HttpCode(200)
  @StaffAuth()
  @AllowPendingPassword()
  @ApiOkResponse({ type: LoginResponseDto })
  changePassword(
    @CurrentStaff() staff: StaffPrincipal,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<LoginResponseDto> {
    return this.auth.changePassword(staff, dto.currentPassword, dto.newPassword, req.ip ?? null);
  }
}
