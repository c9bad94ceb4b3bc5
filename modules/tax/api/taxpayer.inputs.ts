import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PeriodKind } from '../entities/tax-declaration.entity';

@InputType()
export class FileTaxDeclarationInput {
  @Field({ description: 'The taxpayer’s tax code (its own, or one of its branches).' })
  taxCode!: string;

  @Field({ description: 'Mẫu số, e.g. 01/GTGT; see taxDeclarationForms.' })
  formCode!: string;

  @Field(() => PeriodKind)
  periodKind!: PeriodKind;

  @Field({ description: 'First day of the period (YYYY-MM-DD); for EVENT, the day of the occurrence.' })
  periodStart!: string;

  @Field(() => GraphQLSafeInt)
  taxableAmountVnd!: number;

  @Field(() => GraphQLSafeInt)
  taxAmountVnd!: number;

  @Field(() => Boolean, { nullable: true, description: 'A supplementary declaration of a period already declared.' })
  supplementary?: boolean | null;
}

@InputType()
export class DecideTaxDeclarationInput {
  @Field(() => ID)
  declarationId!: string;

  @Field(() => Int)
  expectedVersion!: number;

  @Field()
  accept!: boolean;

  @Field(() => String, { nullable: true, description: 'Required when rejecting.' })
  reason?: string | null;
}
