import { Entity, Index } from 'typeorm';
import { DateTimeColumn, IdColumn, IntColumn, StrColumn } from '../database/columns';

/**
 * One occurrence of a scheduled job ("insights.refresh" on "2026-12-01"). The unique key is the
 * claim: every server instance tries to insert it when the job falls due, exactly one succeeds and
 * runs the job — so a daily job fires once however many instances run.
 */
@Entity('job_run')
@Index('uq_job_run_occurrence', ['name', 'occurrence'], { unique: true })
@Index('ix_job_run_started', ['startedAt'])
export class JobRun {
  @IdColumn() id: string;
  @StrColumn(40) name: string;
  @StrColumn(32) occurrence: string;
  @StrColumn(10) state: 'RUNNING' | 'DONE' | 'FAILED';
  @IntColumn({ default: 1 }) attempts: number;
  /** A failed daily occurrence may be claimed again from this time (null: no more retries). */
  @DateTimeColumn({ nullable: true }) retryAt: Date | null;
  @StrColumn(80) instance: string;
  @DateTimeColumn() startedAt: Date;
  @DateTimeColumn({ nullable: true }) finishedAt: Date | null;
  @StrColumn(200, { nullable: true }) error: string | null;
}
