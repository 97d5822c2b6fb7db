import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, Length, Matches } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@tableside/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { toStaffProfile } from '../auth/auth.service';
import { StaffProfileDto } from '../auth/dto/login.dto';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { Staff } from './entities/staff.entity';
import { StaffService } from './staff.service';

export class CreateStaffDto {
  @ApiProperty() @IsString() @Matches(/^[A-Za-z0-9_.-]{3,64}$/) username: string;
  @ApiProperty() @IsString() @Length(1, 64) name: string;
  @ApiProperty() @IsString() @Length(8, 128) password: string;
  @ApiProperty({ enum: STAFF_ROLES }) @IsIn(STAFF_ROLES) role: StaffRole;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) storeIds: string[];
}

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

  @Post()
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: StaffProfileDto })
  async create(@CurrentStaff() me: StaffPrincipal, @Body() dto: CreateStaffDto): Promise<StaffProfileDto> {
    const s = await this.staffService.create(dto);
    await this.audit.record(me, {
      action: 'staff.create',
      targetType: 'staff',
      targetId: s.id,
      detail: { username: s.username, role: s.role },
    });
    return toStaffProfile(s);
  }
}
