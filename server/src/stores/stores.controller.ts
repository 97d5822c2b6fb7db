import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { IdParam } from '../common/id-param';
import { Omittable } from '../common/validation';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CurrentStaff, StaffAuth } from '../auth/guards';
import { isHq, type StaffPrincipal } from '../auth/principals';
import { StoresService } from './stores.service';
import { Store } from './entities/store.entity';

export class CreateStoreDto {
  @ApiProperty({ example: 'SH001' }) @IsString() @Matches(/^[A-Za-z0-9_-]{1,32}$/) code: string;
  @ApiProperty({ example: '人民广场店' }) @IsString() @Length(1, 64) name: string;
  @ApiPropertyOptional() @Omittable() @IsString() @Length(0, 200) address?: string;
  @ApiPropertyOptional() @Omittable() @IsInt() @Min(0) @Max(1440) voidWindowMinutes?: number;
}

export class UpdateStoreDto {
  @ApiPropertyOptional({ maxLength: 64 }) @Omittable() @IsString() @Length(1, 64) name?: string;
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: 200, description: 'null 清空地址' })
  @IsOptional()
  @IsString()
  @Length(0, 200)
  address?: string | null;
  @ApiPropertyOptional({ minimum: 0, maximum: 1440 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(1440)
  voidWindowMinutes?: number;
  @ApiPropertyOptional({ description: 'false = 闭店：停止收银、扫码入会和领券；历史数据保留' })
  @Omittable()
  @IsBoolean()
  active?: boolean;
}

export class StoreDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() voidWindowMinutes: number;
  @ApiProperty() active: boolean;
}

const toDto = (s: Store): StoreDto => ({
  id: s.id,
  code: s.code,
  name: s.name,
  address: s.address,
  voidWindowMinutes: s.voidWindowMinutes,
  active: s.active,
});

@ApiTags('stores')
@Controller('stores')
export class StoresController {
  constructor(
    private readonly ds: DataSource,
    private readonly stores: StoresService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @StaffAuth()
  @ApiOkResponse({ type: [StoreDto] })
  async list(@CurrentStaff() staff: StaffPrincipal): Promise<StoreDto[]> {
    const where = isHq(staff) ? {} : { id: In(staff.storeIds.length ? staff.storeIds : ['-']) };
    return (await this.ds.getRepository(Store).find({ where, order: { code: 'ASC' } })).map(toDto);
  }

  @Patch(':id')
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: StoreDto })
  async update(
    @CurrentStaff() staff: StaffPrincipal,
    @Param('id', IdParam) id: string,
    @Body() dto: UpdateStoreDto,
  ): Promise<StoreDto> {
    const s = await this.stores.update(id, dto);
    await this.audit.record(staff, {
      action: dto.active === false ? 'store.close' : dto.active === true ? 'store.reopen' : 'store.update',
      targetType: 'store',
      targetId: id,
      storeId: id,
      detail: { 门店: s.name },
    });
    return toDto(s);
  }

  @Post()
  @StaffAuth('HQ_ADMIN')
  @ApiOkResponse({ type: StoreDto })
  async create(@CurrentStaff() staff: StaffPrincipal, @Body() dto: CreateStoreDto): Promise<StoreDto> {
    const s = await this.stores.create(dto);
    await this.audit.record(staff, {
      action: 'store.create',
      targetType: 'store',
      targetId: s.id,
      detail: { code: s.code },
    });
    return toDto(s);
  }
}
