import { DateTimeResolver } from 'graphql-scalars';
export { JSONObjectScalar } from './json-input';

export const DateTimeScalar = DateTimeResolver;
