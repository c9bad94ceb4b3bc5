import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType()
export class AssessLandTransferObligationsInput {
  @Field(() => ID)
  dossierId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field(() => GraphQLSafeInt, { nullable: true, description: 'The transfer price the tax office establishes when the declared one is wrong (đồng); needs a correctionNote.' })
  correctedDeclaredPriceVnd?: number | null;

  @Field(() => String, { nullable: true, description: 'Why the declared price was corrected (kept in the dossier history).' })
  correctionNote?: string | null;
}

@InputType()
export class IssueTaxNoticeInput {
  @Field(() => ID)
  dossierId!: string;

  @Field(() => Int)
  expectedVersion!: number;
}
