import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, StrColumn } from '../database/columns';

/**
 * One occurrence of a scheduled job ("insights.refresh" on "2026-12-01"). The unique key is the
 * claim: every server instance tries to insert it when the job falls due, exactly one succeeds and
 * runs the job — so a daily job fires once however many instances run.
 */
@Entity('job_run')
@Index('uq_job_run_occurrence', ['name', 'occurrence'], { unique: true })
export class JobRun {
  @IdColumn() id: string;
  @StrColumn(40) name: string;
  @StrColumn(32) occurrence: string;
  @StrColumn(10) state: 'RUNNING' | 'DONE' | 'FAILED';
  @StrColumn(80) instance: string;
  @DateTimeColumn() startedAt: Date;
  @DateTimeColumn({ nullable: true }) finishedAt: Date | null;
  @StrColumn(200, { nullable: true }) error: string | null;
}
