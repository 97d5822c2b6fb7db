import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, IntColumn, RefColumn, StrColumn } from '../../database/columns';

/** A dining table; its mini-program code carries scene `s=<store code>&t=<table no>`. */
@Entity('store_table')
@Index('uq_store_table_no', ['storeId', 'tableNo'], { unique: true })
export class StoreTable {
  @IdColumn() id: string;
  @RefColumn() storeId: string;
  @StrColumn(16) tableNo: string;
  @IntColumn({ nullable: true }) seats: number | null;
  @DateTimeColumn() createdAt: Date;
}
