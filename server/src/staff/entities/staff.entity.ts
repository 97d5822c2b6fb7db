import { Entity, Index } from 'typeorm';
import type { StaffRole } from '@tableside/shared';
import {
  BoolColumn,
  DateTimeColumn,
  IdColumn,
  IntColumn,
  JsonColumn,
  StrColumn,
} from '../../database/columns';

@Entity('staff')
export class Staff {
  @IdColumn() id: string;
  @Index('uq_staff_username', { unique: true })
  @StrColumn(64)
  username: string;
  @StrColumn(64) name: string;
  /** scrypt$N$r$p$salt$hash */
  @StrColumn(200) passwordHash: string;
  @StrColumn(20) role: StaffRole;
  /** Stores a store-level role may act on; ignored for HQ roles (they see all). */
  @JsonColumn({ nullable: false }) storeIds: string[];
  @BoolColumn(true) active: boolean;
  /** Bumped by logout, password change/reset and disabling: every older token stops working. */
  @IntColumn({ default: 0 }) tokenVersion: number;
  /** A generated one-time password (staff:create, reset): only a password change is allowed. */
  @BoolColumn(false) mustChangePassword: boolean;
  @DateTimeColumn() createdAt: Date;
}
