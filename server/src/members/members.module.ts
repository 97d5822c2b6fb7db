import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { SimulatedWechatAuth, WECHAT_AUTH } from '../wechat/wechat-auth.adapter';
import { MemberAppController } from './member-app.controller';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({
  imports: [CouponsModule],
  controllers: [MembersController, MemberAppController],
  providers: [MembersService, { provide: WECHAT_AUTH, useClass: SimulatedWechatAuth }],
  exports: [MembersService, WECHAT_AUTH],
})
export class MembersModule {}
