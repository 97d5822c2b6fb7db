import { Column, ColumnOptions, PrimaryColumn } from 'typeorm';

/**
 * Column shapes that mean the same on MySQL/MariaDB and SQLite. Ids are UUID strings generated
 * in code (fixed ids for seed data, no bigint portability traps); money is integer fen.
 */
export const IdColumn = () => PrimaryColumn({ type: 'varchar', length: 36 });
export const RefColumn = (opts: Pick<ColumnOptions, 'nullable'> = {}) =>
  Column({ type: 'varchar', length: 36, nullable: opts.nullable ?? false });
export const FenColumn = (opts: Pick<ColumnOptions, 'nullable' | 'default'> = {}) =>
  Column({
    type: 'int',
    nullable: opts.nullable ?? false,
    default: opts.nullable ? undefined : (opts.default ?? 0),
  });
export const IntColumn = (opts: Pick<ColumnOptions, 'nullable' | 'default'> = {}) =>
  Column({ type: 'int', nullable: opts.nullable ?? false, default: opts.default });
/** UTC instant with millisecond precision. */
export const DateTimeColumn = (opts: Pick<ColumnOptions, 'nullable'> = {}) =>
  Column({ type: 'datetime', precision: 3, nullable: opts.nullable ?? false });
export const StrColumn = (length: number, opts: Pick<ColumnOptions, 'nullable' | 'default'> = {}) =>
  Column({ type: 'varchar', length, nullable: opts.nullable ?? false, default: opts.default });
export const BoolColumn = (defaultValue: boolean) => Column({ type: 'boolean', default: defaultValue });
/** JSON stored as text: portable, and never queried inside by SQL. */
export const JsonColumn = (opts: Pick<ColumnOptions, 'nullable'> = {}) =>
  Column({ type: 'simple-json', nullable: opts.nullable ?? true });
export const PrimaryIntColumn = () => PrimaryColumn({ type: 'int' });
