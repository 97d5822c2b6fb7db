import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Omittable } from '../../common/validation';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';

export class MemberLoginDto {
  @ApiProperty({ description: 'wx.login code (in the demo: sim-<name>)' })
  @IsString()
  @Length(1, 128)
  code: string;
  @ApiPropertyOptional({ description: 'Store code from the table QR' })
  @Omittable()
  @IsString()
  @Length(1, 32)
  storeCode?: string;
}

export class MemberProfileDto {
  @ApiProperty() id: string;
  @ApiProperty() memberNo: number;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'masked' }) phone: string | null;
  @ApiProperty() tierCode: string;
  @ApiProperty() tierName: string;
  @ApiProperty() pointsBalance: number;
  @ApiProperty() balancePrincipalFen: number;
  @ApiProperty() balanceBonusFen: number;
  @ApiProperty() consentSms: boolean;
  @ApiProperty() consentWechat: boolean;
  @ApiProperty({ nullable: true, type: String }) birthday: string | null;
  @ApiProperty() joinChannel: string;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty() createdAt: string;
}

export class MemberLoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() isNew: boolean;
  @ApiProperty({ type: MemberProfileDto }) member: MemberProfileDto;
  @ApiProperty({ description: 'Shown in the UI when the login went through a simulator' }) simulator: string;
}

export class MemberCodeDto {
  @ApiProperty() code: string;
  @ApiProperty() expiresInSeconds: number;
  @ApiProperty() stepSeconds: number;
}

export class MemberListQueryDto {
  @ApiPropertyOptional() @Omittable() @IsString() @Matches(/^\d{3,11}$/) phone?: string;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @Omittable() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize?: number;
}

export class MemberListDto {
  @ApiProperty({ type: [MemberProfileDto] }) items: MemberProfileDto[];
  @ApiProperty() total: number;
}
