import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status: 'ok' | 'degraded';
  @ApiProperty({ enum: ['mysql', 'sqlite'] }) database: 'mysql' | 'sqlite';
  @ApiProperty() databaseOk: boolean;
  @ApiProperty() simulators: boolean;
  @ApiProperty() time: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOkResponse({ type: HealthDto })
  async health(): Promise<HealthDto> {
    let databaseOk = true;
    try {
      await this.ds.query('SELECT 1');
    } catch {
      databaseOk = false;
    }
    return {
      status: databaseOk ? 'ok' : 'degraded',
      database: this.config.database.kind,
      databaseOk,
      simulators: this.config.simulators,
      time: new Date().toISOString(),
    };
  }
}
