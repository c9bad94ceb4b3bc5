import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

const APPLICATION_JSON = 'application/json';
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/**
 * The media type a GraphQL response is sent as for this `Accept` header, chosen as Apollo Server
 * chooses it (no header: `application/json`; otherwise the client's preference, `application/json`
 * first on a tie); undefined when the client accepts neither.
 */
function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept) return APPLICATION_JSON;
  return new Negotiator({ headers: { accept } }).mediaType([APPLICATION_JSON, GRAPHQL_RESPONSE_JSON]);
}

/**
 * The HTTP status and media type of a well-formed request whose GraphQL document or variables are refused
 * (parse, validation, variable coercion, refused input). GraphQL over HTTP (graphql.github.io/graphql-over-http,
 * "application/json" and "application/graphql-response+json"): a server SHOULD answer 200 to every
 * well-formed request it answers as `application/json` (older clients read the body whatever the
 * status), and 4xx when it answers as `application/graphql-response+json` and no execution took place.
 */
export function requestErrorHead(accept: string | undefined): { status: 200 | 400; contentType: string } {
  const type = responseMediaType(accept);
  return type === GRAPHQL_RESPONSE_JSON ? { status: 400, contentType: `${type}; charset=utf-8` } : { status: type ? 200 : 400, contentType: `${APPLICATION_JSON}; charset=utf-8` };
}

/**
 * Applies {@link requestErrorHead} to Apollo's own 400s (parse, validation, variable coercion and
 * the limits that refuse a document): HTTP-level refusals (401, 413, 429, 503) keep their status.
 */
export const requestErrorStatusPlugin: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    return {
      async willSendResponse({ response }) {
        if (response.http.status === 400) response.http.status = requestErrorHead(request.http?.headers.get('accept')).status;
      },
    };
  },
};
