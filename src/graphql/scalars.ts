import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';
export { JSONObjectScalar } from './json-input';

export const DateTimeScalar = DateTimeResolver;
/** A calendar date `YYYY-MM-DD`, carried as a string. */
export const LocalDateScalar = LocalDateResolver;
