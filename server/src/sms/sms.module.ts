import { Global, Module } from '@nestjs/common';
import { WechatMessagesService } from '../wechat/wechat-messages.service';
import { SmsService } from './sms.service';

/** The SMS and WeChat subscribe ports and their dispatchers, for every module that queues or sends messages. */
@Global()
@Module({ providers: [SmsService, WechatMessagesService], exports: [SmsService, WechatMessagesService] })
export class SmsModule {}
