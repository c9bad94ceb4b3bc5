import { createUnionType, Field, Float, InputType, ObjectType } from 'type-graphql';
import { NotAuthorized, ValidationFailed } from '../graphql/errors';

@ObjectType('ModuleDimension', { description: 'A dimension a module adds to its measure (a school, a classification …).' })
export class ModuleDimensionType {
  @Field() key!: string;
  @Field() label!: string;
}

@ObjectType('ModuleMeasure', { description: 'A measure an agency module contributes to statistics.' })
export class ModuleMeasureType {
  @Field() key!: string;
  @Field() moduleName!: string;
  @Field() label!: string;
  @Field() description!: string;
  @Field(() => [ModuleDimensionType], { description: 'What the measure can be grouped by besides AGENCY, YEAR and MONTH.' }) dimensions!: ModuleDimensionType[];
  @Field({ description: 'SUM: values add up; RATIO: each value is Σ numerator / Σ denominator of its group.' }) combine!: string;
}

@ObjectType('ModuleDimensionValue')
export class ModuleDimensionValueType {
  @Field() key!: string;
  @Field(() => String, { nullable: true }) value!: string | null;
}

@ObjectType('ModuleMeasureValue')
export class ModuleMeasureValueType {
  @Field(() => String, { nullable: true, description: 'Null unless grouped by AGENCY.' }) agencyCode!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM by MONTH, YYYY by YEAR (the module’s period, e.g. a term, falls in the month it starts); null without either.' }) period!: string | null;
  @Field(() => [ModuleDimensionValueType], { description: 'The module dimensions grouped by, in the order asked.' }) dimensions!: ModuleDimensionValueType[];
  @Field(() => Float, { nullable: true, description: 'Null for a ratio over nothing (a zero denominator).' }) value!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio’s Σ numerator (null for a sum).' }) numerator!: number | null;
  @Field(() => Float, { nullable: true, description: 'A ratio’s Σ denominator (null for a sum).' }) denominator!: number | null;
}

@ObjectType('ModuleMeasureValues')
export class ModuleMeasureValuesType {
  @Field(() => ModuleMeasureType) measure!: ModuleMeasureType;
  @Field(() => [ModuleMeasureValueType]) rows!: ModuleMeasureValueType[];
}

@InputType()
export class ModuleMeasureFilter {
  @Field({ description: 'YYYY-MM-DD, inclusive.' }) from!: string;
  @Field({ description: 'YYYY-MM-DD, inclusive.' }) to!: string;
  @Field(() => [String], { nullable: true }) agencyCodes?: string[] | null;
}

export const ModuleMeasureResult = createUnionType({ name: 'ModuleMeasureResult', types: () => [ModuleMeasureValuesType, ValidationFailed, NotAuthorized] as const });
