/**
 * A measure a module adds to the statistics API without the kernel knowing the module (its
 * `statistics` in the module contract, which re-exports this type).
 */
export interface StatisticDeclaration {
  key: string;
  label: string;
  description: string;
  /**
   * The module's own dimensions (a school, a petition's classification, a declaration form),
   * besides agency and period: each is a column of the SQL's rows named by its key.
   */
  dimensions?: { key: string; label: string }[];
  /**
   * How rows add up when grouped: `SUM` (counts, amounts: the default) of a `value` column, or
   * `RATIO` (a rate, an average) of `numerator` and `denominator` columns, so that any grouping
   * gives Σ numerator / Σ denominator rather than an average of averages.
   */
  combine?: 'SUM' | 'RATIO';
  /** Decimals a ratio is rounded to (default 4). */
  decimals?: number;
  /**
   * SQL for `$1` = from and `$2` = to (inclusive days) returning rows `(agency_code text, period
   * date, <dimension columns>, value numeric)`, or `numerator` and `denominator` for a ratio, at
   * any grain finer than the groupings asked for: the kernel sums them.
   */
  sql: string;
}

/** A declared measure with the name of the module that declares it. */
export type DeclaredMeasure = StatisticDeclaration & { moduleName: string };
