import { GraphQLError } from 'graphql';
import { Principal } from '../auth/principal';

/** Authentication failures are thrown (ARCHITECTURE rule 6): there is no one to return data to. */
export function requirePrincipal(p: Principal | undefined): Principal {
  if (!p) throw new GraphQLError('Authentication required', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  return p;
}
