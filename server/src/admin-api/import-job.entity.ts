import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { BoolColumn, DateTimeColumn, IdColumn, IntColumn, RefColumn, StrColumn } from '../database/columns';

/**
 * An admin CSV import, in the database so that any instance can take the next chunk, show the
 * progress or hand out the error report (instances keep nothing another one needs).
 */
@Entity('import_job')
export class ImportJob {
  @IdColumn() id: string;
  @RefColumn() staffId: string;
  @StrColumn(10) kind: 'members' | 'visits';
  @StrColumn(200, { nullable: true }) fileName: string | null;
  @StrColumn(10) status: 'UPLOADING' | 'RUNNING' | 'DONE' | 'FAILED';
  @BoolColumn(false) createMembers: boolean;
  @IntColumn({ default: 0 }) bytes: number;
  @IntColumn({ default: 0 }) chunks: number;
  @IntColumn({ default: 0 }) total: number;
  @IntColumn({ default: 0 }) processed: number;
  @IntColumn({ default: 0 }) imported: number;
  @IntColumn({ default: 0 }) skipped: number;
  @StrColumn(400, { nullable: true }) failure: string | null;
  @DateTimeColumn() createdAt: Date;
  /** Heartbeat: a RUNNING job whose instance stopped stops moving (shown as interrupted). */
  @DateTimeColumn() updatedAt: Date;
}

/** The uploaded text, in pieces a portable `text` column holds (≤ 16,000 characters ≈ 48 KB). */
@Entity('import_job_part')
export class ImportJobPart {
  @PrimaryColumn({ type: 'varchar', length: 36 }) jobId: string;
  @PrimaryColumn({ type: 'int' }) seq: number;
  @Column({ type: 'text' }) text: string;
}

/** One rejected row of an import. */
@Entity('import_job_error')
@Index('ix_import_error_job', ['jobId', 'line'])
export class ImportJobError {
  @IdColumn() id: string;
  @RefColumn() jobId: string;
  @IntColumn() line: number;
  @StrColumn(300) reason: string;
}
