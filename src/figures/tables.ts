/** One row of the impact factor table: weight and embodied CO2e of a device class, with source and licence. */
export interface ImpactFactorTable {
  /** The version of the data (e.g. restart_2021): a set never changes once published. */
  factor_set: string;
  device_class: string;
  source_category: string;
  weight_kg: number;
  embodied_kgco2e: number;
  displacement_default: number;
  source: string;
  licence: string;
}

/**
 * A running total: `scope` is a hub's id (0: the whole region), `bucket` a day (YYYY-MM-DD), month
 * (YYYY-MM), quarter (YYYY-Qn) or year (YYYY) in the hubs' time zone. `n` counts, `wn` of which were
 * weighed, `g` their weight in grams. Kept in the same transaction as the events (see live.ts).
 */
export interface FigureCountTable {
  scope: number;
  bucket: string;
  metric: string;
  dim: string;
  n: number;
  wn: number;
  g: number;
}

/** Who already counts in a month, quarter or year, for figures that count distinct things (donors, organisations). */
export interface FigureMemberTable {
  scope: number;
  bucket: string;
  kind: string;
  member_id: number;
}

/** Grows whenever a total of the quarter (`bucket`, YYYY-Qn) changes: what was computed from an older version is stale. */
export interface FigureVersionTable {
  bucket: string;
  version: number;
}

/** Devices in stock now, by hub (0: the whole region) and by the month (YYYY-MM) their current cycle began. */
export interface FigureStockAgeTable {
  hub_id: number;
  month: string;
  n: number;
}

/** A submitted quarterly report: its figures frozen as JSON with the factor set and displacement they used. */
export interface QuarterlyReportTable {
  id: import('kysely').Generated<number>;
  hub_id: number;
  year: number;
  quarter: number;
  version: number;
  factor_set: string;
  displacement: number;
  figures: string;
  note: string | null;
  submitted_by_user_id: number | null;
  submitted_by_token_id: number | null;
  submitted_at: string;
}

export interface FigureTables {
  impact_factors: ImpactFactorTable;
  figure_counts: FigureCountTable;
  figure_members: FigureMemberTable;
  figure_stock_age: FigureStockAgeTable;
  figure_versions: FigureVersionTable;
  quarterly_reports: QuarterlyReportTable;
}
