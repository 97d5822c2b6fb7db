import { Module } from '@nestjs/common';
import { CouponsController } from './coupons.controller';
import { CouponsService } from './coupons.service';
import { FlashSaleService } from './flash-sale.service';

@Module({
  controllers: [CouponsController],
  providers: [CouponsService, FlashSaleService],
  exports: [CouponsService, FlashSaleService],
})
export class CouponsModule {}
