/**
 * What a production build needs besides the database to start in a benchmark: a payment
 * gateway configuration (never called by the benchmarks: they pay nothing).
 */
export const BENCH_PRODUCTION_ENV = {
  NODE_ENV: 'production',
  PAYMENT_GATEWAY_URL: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html',
  PAYMENT_TMN_CODE: 'BENCH001',
  PAYMENT_HASH_SECRET: 'bench-payment-hash-secret',
  PUBLIC_BASE_URL: 'http://127.0.0.1',
};
