import { Global, Module } from '@nestjs/common';
import { SmsService } from './sms.service';

/** The SMS port and its dispatcher, for every module that queues or sends messages. */
@Global()
@Module({ providers: [SmsService], exports: [SmsService] })
export class SmsModule {}
