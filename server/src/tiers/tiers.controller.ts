import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { StaffAuth } from '../auth/guards';
import { TiersService } from './tiers.service';

export class TierDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() rank: number;
  @ApiProperty() thresholdFen: number;
  @ApiProperty() pointsMultiplierPercent: number;
}

@ApiTags('tiers')
@Controller('tiers')
export class TiersController {
  constructor(private readonly tiers: TiersService) {}

  @Get()
  @StaffAuth()
  @ApiOkResponse({ type: [TierDto] })
  async list(): Promise<TierDto[]> {
    return (await this.tiers.list()).map(
      ({ id, code, name, rank, thresholdFen, pointsMultiplierPercent }) => ({
        id,
        code,
        name,
        rank,
        thresholdFen,
        pointsMultiplierPercent,
      }),
    );
  }
}
