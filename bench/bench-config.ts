/** Settings shared by the seed and the benchmark (no imports: the benchmark stays light). */
export const BENCH_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_DB = 'onedoor_bench';
export const BENCH_DOSSIERS = 100_000;
/** The land registration office: it holds 60 % of the dossiers. */
export const BENCH_AGENCY = '000.13.01.H37';
export const BENCH_OFFICER = 'landreg.reception';
export const BENCH_ANALYST = 'analyst';

export function benchDbUrl(adminUrl = BENCH_ADMIN_URL, name = BENCH_DB): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
