import { Entity } from 'typeorm';
import type { SegmentFilter } from '@tableside/shared';
import { DateTimeColumn, IdColumn, JsonColumn, RefColumn, StrColumn } from '../../database/columns';

/** A saved, named member filter (segment): used by the member list, exports and campaigns. */
@Entity('segment')
export class Segment {
  @IdColumn() id: string;
  @StrColumn(64) name: string;
  @StrColumn(200, { nullable: true }) description: string | null;
  @JsonColumn({ nullable: false }) filter: SegmentFilter;
  @RefColumn() ownerStaffId: string;
  @StrColumn(64) ownerName: string;
  @DateTimeColumn() createdAt: Date;
  @DateTimeColumn() updatedAt: Date;
}
