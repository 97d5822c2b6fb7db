import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@tableside/shared';

export class LoginDto {
  @ApiProperty({ example: 'admin' }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ example: 'tableside-demo' }) @IsString() @Length(1, 128) password: string;
}

export class StaffProfileDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ type: [String] }) storeIds: string[];
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: StaffProfileDto }) staff: StaffProfileDto;
}
