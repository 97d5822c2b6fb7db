import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, StrColumn } from '../../database/columns';

/** Nonces seen within the clock-skew window; the unique key makes reuse detection atomic. */
@Entity('pos_nonce')
@Index('uq_pos_nonce', ['keyId', 'nonce'], { unique: true })
@Index('ix_pos_nonce_created', ['createdAt'])
export class PosNonce {
  @IdColumn() id: string;
  @StrColumn(40) keyId: string;
  @StrColumn(64) nonce: string;
  @DateTimeColumn() createdAt: Date;
}
