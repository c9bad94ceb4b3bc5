import { DateTimeResolver, JSONObjectResolver, LocalDateResolver } from 'graphql-scalars';

export const DateTimeScalar = DateTimeResolver;
/** A calendar date `YYYY-MM-DD`, carried as a string. */
export const LocalDateScalar = LocalDateResolver;
export const JSONObjectScalar = JSONObjectResolver;
