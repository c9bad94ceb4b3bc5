import { requestErrorHead } from './response-media-type';

describe('the status of a refused GraphQL document (GraphQL over HTTP)', () => {
  it.each([
    [undefined, 200, 'application/json'],
    ['*/*', 200, 'application/json'],
    ['application/json', 200, 'application/json'],
    ['application/graphql-response+json', 400, 'application/graphql-response+json'],
    ['application/graphql-response+json, application/json;q=0.9', 400, 'application/graphql-response+json'],
    ['application/json, application/graphql-response+json;q=0.5', 200, 'application/json'],
    ['text/html', 400, 'application/json'],
  ])('Accept %s answers %s as %s', (accept, status, type) => {
    const head = requestErrorHead(accept);
    expect({ status: head.status, type: head.contentType.split(';')[0] }).toEqual({ status, type });
  });
});
