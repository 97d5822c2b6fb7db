import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { MemberAppController } from './member-app.controller';
import { MembersService } from './members.service';

@Module({
  imports: [CouponsModule],
  controllers: [MemberAppController],
  providers: [MembersService],
  exports: [MembersService],
})
export class MembersModule {}
