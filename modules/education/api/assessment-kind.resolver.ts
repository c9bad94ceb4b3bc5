import { Field, Int, ObjectType, Query, Resolver } from 'type-graphql';

@ObjectType('AssessmentKind', { description: 'A kind of grade in the 10-point scale and its weight in the term average.' })
export class AssessmentKindType {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  weight!: number;
}

const KINDS: AssessmentKindType[] = [
  { code: 'REGULAR', name: 'Đánh giá thường xuyên', weight: 1 },
  { code: 'MID_TERM', name: 'Đánh giá giữa kỳ', weight: 2 },
  { code: 'END_OF_TERM', name: 'Đánh giá cuối kỳ', weight: 3 },
];

/** Reference list of assessment kinds, Circular 22/2021/TT-BGDĐT (education module). */
@Resolver()
export class AssessmentKindResolver {
  @Query(() => [AssessmentKindType], { description: 'Assessment kinds and weights (education module).' })
  assessmentKinds(): AssessmentKindType[] {
    return KINDS;
  }
}
