import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@tableside/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertAcceptablePassword, toStaffProfile } from '../auth/auth.service';
import { StaffProfileDto } from '../auth/dto/login.dto';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { AuthErrors } from '../auth/auth.errors';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { IdParam } from '../common/id-param';
import { Omittable } from '../common/validation';
import { Staff } from './entities/staff.entity';
import { StaffService } from './staff.service';

const ROLE_NAMES: Record<StaffRole, string> = {
  HQ_ADMIN: '总部管理员',
  MARKETER: '总部营销',
  STORE_MANAGER: '店长',
  CASHIER: '收银员',
};

export class CreateStaffDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @Matches(/^[A-Za-z0-9_.-]{3,64}$/) username: string;
  @ApiProperty({ maxLength: 64 }) @IsString() @Length(1, 64) name: string;
  @ApiProperty({ minLength: 10, maxLength: 128, description: '初始密码；员工首次登录时必须修改' })
  @IsString()
  @Length(10, 128)
  password: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiProperty({ type: [String], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  storeIds: string[];
}

export class UpdateStaffDto {
  @ApiPropertyOptional({ maxLength: 64 }) @Omittable() @IsString() @Length(1, 64) name?: string;
  @ApiPropertyOptional({ enum: STAFF_ROLES }) @Omittable() @IsIn(STAFF_ROLES) role?: StaffRole;
  @ApiPropertyOptional({ type: [String], maxItems: 200 })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  storeIds?: string[];
}

export class OneTimePasswordDto {
  @ApiProperty({ type: StaffProfileDto }) staff: StaffProfileDto;
  @ApiProperty({ description: '一次性密码，只显示这一次；员工登录后必须修改' }) password: string;
}

/** Staff accounts: HQ admins manage everyone; a store manager manages their own stores' cashiers. */
@ApiTags('staff')
@Controller('staff')
export class StaffController {
  constructor(
    private readonly ds: DataSource,
    private readonly staffService: StaffService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: [StaffProfileDto] })
  async list(@CurrentStaff() me: StaffPrincipal): Promise<StaffProfileDto[]> {
    const all = await this.ds.getRepository(Staff).find({ order: { createdAt: 'ASC' } });
    return all
      .filter((s) => isHq(me) || s.storeIds.some((id) => me.storeIds.includes(id)))
      .map(toStaffProfile);
  }

  /** HQ admins add anyone; a store manager adds cashiers to their own stores. */
  @Post()
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: StaffProfileDto })
  async create(@CurrentStaff() me: StaffPrincipal, @Body() dto: CreateStaffDto): Promise<StaffProfileDto> {
    if (me.role !== 'HQ_ADMIN') {
      if (dto.role !== 'CASHIER') throw AuthErrors.ROLE_FORBIDDEN(undefined, '店长只能添加本店收银员');
      if (!dto.storeIds.every((id) => me.storeIds.includes(id))) throw AuthErrors.STORE_FORBIDDEN();
    }
    assertAcceptablePassword(dto.username, dto.password);
    const s = await this.staffService.create({ ...dto, mustChangePassword: true });
    await this.audit.record(me, {
      action: 'staff.create',
      targetType: 'staff',
      targetId: s.id,
      detail: { 账号: s.username, 姓名: s.name, 角色: ROLE_NAMES[s.role] },
    });
    return toStaffProfile(s);
  }

  @Patch(':id')
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: StaffProfileDto })
  async update(
    @CurrentStaff() me: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateStaffDto,
  ): Promise<StaffProfileDto> {
    const s = await this.staffService.update(me, id, dto);
    await this.audit.record(me, {
      action: 'staff.update',
      targetType: 'staff',
      targetId: id,
      detail: { 账号: s.username, 姓名: s.name, 角色: ROLE_NAMES[s.role] },
    });
    return toStaffProfile(s);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: StaffProfileDto })
  async disable(
    @CurrentStaff() me: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<StaffProfileDto> {
    const s = await this.staffService.setActive(me, id, false);
    await this.audit.record(me, {
      action: 'staff.disable',
      targetType: 'staff',
      targetId: id,
      detail: { 账号: s.username },
    });
    return toStaffProfile(s);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: StaffProfileDto })
  async enable(
    @CurrentStaff() me: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<StaffProfileDto> {
    const s = await this.staffService.setActive(me, id, true);
    await this.audit.record(me, {
      action: 'staff.enable',
      targetType: 'staff',
      targetId: id,
      detail: { 账号: s.username },
    });
    return toStaffProfile(s);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @StaffAuth('HQ_ADMIN', 'STORE_MANAGER')
  @ApiOkResponse({ type: OneTimePasswordDto })
  async resetPassword(
    @CurrentStaff() me: StaffPrincipal,
    @Param('id', IdParam) id: string,
  ): Promise<OneTimePasswordDto> {
    const { staff, password } = await this.staffService.resetPassword(me, id);
    await this.audit.record(me, {
      action: 'staff.reset-password',
      targetType: 'staff',
      targetId: id,
      detail: { 账号: staff.username },
    });
    return { staff: toStaffProfile(staff), password };
  }
}
