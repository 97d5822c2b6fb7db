import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { CouponsModule } from '../coupons/coupons.module';
import { MembersModule } from '../members/members.module';
import { PointsModule } from '../points/points.module';
import { TiersModule } from '../tiers/tiers.module';
import { MemberAppExtrasController } from './member-app.controller';
import { MemberAppService } from './member-app.service';

@Module({
  imports: [MembersModule, CouponsModule, PointsModule, TiersModule, CheckoutModule],
  controllers: [MemberAppExtrasController],
  providers: [MemberAppService],
})
export class MemberAppModule {}
