import { createUnionType, Field, Float, ObjectType } from 'type-graphql';
import { NotAuthorized, TooManyCells, ValidationFailed } from '../graphql/errors';

@ObjectType('Index766Component')
export class Index766ComponentType {
  @Field() key!: string;
  @Field() name!: string;
  @Field(() => Float) maxPoints!: number;
  @Field(() => Float, { nullable: true, description: 'Null when OneDoor does not measure it (yet) or nothing happened to measure.' }) score!: number | null;
  @Field({ description: 'The counters behind the score, or why there is none.' }) basis!: string;
}

@ObjectType('Index766Row')
export class Index766RowType {
  @Field(() => String, { nullable: true }) agencyCode!: string | null;
  @Field(() => String, { nullable: true }) unitCode!: string | null;
  @Field(() => String, { nullable: true }) period!: string | null;
  @Field(() => Float, { description: 'Sum of the measured components.' }) score!: number;
  @Field(() => Float, { description: 'Points the measured components could give: the score is out of this, not of 100, until every component is measured.' }) measuredOutOf!: number;
  @Field(() => [Index766ComponentType]) components!: Index766ComponentType[];
}

@ObjectType('Index766')
export class Index766Type {
  @Field(() => [Index766RowType]) rows!: Index766RowType[];
}

export const Index766Result = createUnionType({ name: 'Index766Result', types: () => [Index766Type, ValidationFailed, TooManyCells, NotAuthorized] as const });
