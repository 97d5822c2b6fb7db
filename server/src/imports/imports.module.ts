import { Module } from '@nestjs/common';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { WalletModule } from '../wallet/wallet.module';
import { ImportsService } from './imports.service';

@Module({
  imports: [MembersModule, PointsModule, WalletModule],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
