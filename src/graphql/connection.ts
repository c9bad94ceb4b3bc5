import { GraphQLError } from 'graphql';
import { ClassType, Field, ObjectType } from 'type-graphql';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Builds a Relay connection type (`XConnection` with `XEdge`) for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

/** Keyset cursors are opaque to clients: base64url of the sort key values. */
export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): (string | number)[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through
  }
  throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
}

/** A cursor of integers (e.g. map sheet and parcel number) that fit a PostgreSQL `int`; anything else is BAD_USER_INPUT. */
export function decodeIntCursor(cursor: string, arity: number): number[] {
  const v = decodeCursor(cursor, arity);
  if (v.every((x) => typeof x === 'number' && Number.isInteger(x) && Math.abs(x) <= 2_147_483_647)) return v as number[];
  throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' } });
}

/**
 * The refusal of a page argument (`first`, `last`, `limit`) outside 1…max: one message and code
 * for the validation rule (literals) and the resolvers (variables).
 */
export function pageArgumentError(argumentName: string, max: number): GraphQLError {
  return new GraphQLError(`Số bản ghi mỗi trang (${argumentName}) phải từ 1 đến ${max} / ${argumentName} must be between 1 and ${max}`, {
    extensions: { code: 'BAD_USER_INPUT', argumentName },
  });
}

/**
 * Checks a page argument's value: absent gives `fallback`; outside 1…max (negative, zero, too
 * large) is the client's bug and throws BAD_USER_INPUT, never clamped.
 */
export function pageSize(first: number | undefined | null, max: number, fallback = 20, argumentName = 'first'): number {
  if (first == null) return fallback;
  if (!Number.isInteger(first) || first < 1 || first > max) throw pageArgumentError(argumentName, max);
  return first;
}
