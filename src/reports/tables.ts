// The quarterly reports' table is declared with the figures it freezes: see figures/tables.ts (QuarterlyReportTable).
export type { QuarterlyReportTable } from '../figures/tables';
