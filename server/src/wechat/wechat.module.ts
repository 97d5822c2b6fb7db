import { Global, Module } from '@nestjs/common';
import { TableCodesService } from './table-codes.service';
import { WECHAT_AUTH, wechatAuthProvider } from './wechat-auth.adapter';
import { WechatApiClient } from './wechat-api';

/** WeChat's server API for the whole app: login, phone, table codes (subscribe messages go through SmsModule's dispatcher). */
@Global()
@Module({
  providers: [WechatApiClient, wechatAuthProvider, TableCodesService],
  exports: [WechatApiClient, WECHAT_AUTH, TableCodesService],
})
export class WechatModule {}
