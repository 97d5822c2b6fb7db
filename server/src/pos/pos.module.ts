import { Module } from '@nestjs/common';
import { CheckoutModule } from '../checkout/checkout.module';
import { NonceStoreProvider } from './nonce-store';
import { PosAuthGuard } from './pos-auth.guard';
import { PosKeysService } from './pos-keys.service';
import { PosController } from './pos.controller';

@Module({
  imports: [CheckoutModule],
  controllers: [PosController],
  providers: [PosKeysService, PosAuthGuard, NonceStoreProvider],
  exports: [PosKeysService],
})
export class PosModule {}
