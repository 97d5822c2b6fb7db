import { Module } from '@nestjs/common';
import { CouponsModule } from '../coupons/coupons.module';
import { WECHAT_AUTH, wechatAuthProvider } from '../wechat/wechat-auth.adapter';
import { MemberAppController } from './member-app.controller';
import { MembersService } from './members.service';

@Module({
  imports: [CouponsModule],
  controllers: [MemberAppController],
  providers: [MembersService, wechatAuthProvider],
  exports: [MembersService, WECHAT_AUTH],
})
export class MembersModule {}
