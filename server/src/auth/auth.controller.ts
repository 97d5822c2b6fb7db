import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthService } from './auth.service';
import { LoginDto, LoginResponseDto, StaffProfileDto } from './dto/login.dto';
import { CurrentStaff, StaffAuth } from './guards';
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
  @ApiOkResponse({ type: StaffProfileDto })
  me(@CurrentStaff() staff: StaffPrincipal): Promise<StaffProfileDto> {
    return this.auth.me(staff.id);
  }
}
