import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { STAFF_ROLES, type StaffRole } from '@tableside/shared';

export class LoginDto {
  @ApiProperty({ example: 'admin', maxLength: 64 }) @IsString() @Length(1, 64) username: string;
  @ApiProperty({ example: 'tableside-demo', maxLength: 128 }) @IsString() @Length(1, 128) password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ maxLength: 128 }) @IsString() @Length(1, 128) currentPassword: string;
  @ApiProperty({ minLength: 10, maxLength: 128, description: '至少 10 位，且不能与用户名相同' })
  @IsString()
  @Length(10, 128)
  newPassword: string;
}

export class StaffProfileDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() username: string;
  @ApiProperty({ enum: STAFF_ROLES }) role: StaffRole;
  @ApiProperty({ type: [String] }) storeIds: string[];
  @ApiProperty() active: boolean;
  /** A one-time password is in use: only changing it is allowed. */
  @ApiProperty() mustChangePassword: boolean;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: StaffProfileDto }) staff: StaffProfileDto;
}
