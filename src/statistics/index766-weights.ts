/**
 * Points of each component of the Decision 766/QĐ-TTg (2022) service index, out of 100. The
 * split is the one DOMAIN.md gives and marks "verify": it is configuration
 * (`INDEX_766_WEIGHTS`, JSON), not code.
 */
export interface Index766Weights {
  transparency: number;
  timeliness: number;
  online: number;
  onlinePayment: number;
  satisfaction: number;
  digitisation: number;
}

export const DEFAULT_766_WEIGHTS: Index766Weights = { transparency: 18, timeliness: 20, online: 12, onlinePayment: 10, satisfaction: 18, digitisation: 22 };
