import { Entity, Index } from 'typeorm';
import { BoolColumn, DateTimeColumn, IdColumn, IntColumn, StrColumn } from '../../database/columns';

@Entity('store')
export class Store {
  @IdColumn() id: string;
  @Index('uq_store_code', { unique: true })
  @StrColumn(32)
  code: string;
  @StrColumn(64) name: string;
  @StrColumn(200, { nullable: true }) address: string | null;
  @StrColumn(32, { nullable: true }) phone: string | null;
  /** Minutes after a checkout during which staff/POS may void it. */
  @IntColumn({ default: 30 }) voidWindowMinutes: number;
  @BoolColumn(true) active: boolean;
  @DateTimeColumn() createdAt: Date;
}
