import { Entity, Index } from 'typeorm';
import { BoolColumn, DateTimeColumn, RefColumn, StrColumn } from '../../database/columns';
import { PrimaryColumn } from 'typeorm';

/** A POS integration key, one store each. The secret is stored encrypted (AES-256-GCM, APP_SECRET). */
@Entity('pos_key')
@Index('ix_pos_key_store', ['storeId'])
export class PosKey {
  @PrimaryColumn({ type: 'varchar', length: 40 }) id: string;
  @RefColumn() storeId: string;
  @StrColumn(200) secretEnc: string;
  @BoolColumn(true) active: boolean;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn({ nullable: true }) lastUsedAt: Date | null;
}
