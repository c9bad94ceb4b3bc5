/**
 * What a production build needs besides the database and JWT_SECRET to start in a benchmark:
 * nothing (the benchmarks pay nothing, so online payment stays off, the production default
 * without a gateway).
 */
export const BENCH_PRODUCTION_ENV = {
  NODE_ENV: 'production',
};
