import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export enum ExportStatus {
  Queued = 'queued',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

@Entity('export_jobs')
export class ExportJob {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() ownerId: string;
  @Column({ type: 'varchar', default: ExportStatus.Queued }) status: ExportStatus;
  @VersionColumn() version: number;
}
